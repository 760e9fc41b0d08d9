"""Back office for institutions, their contacts, API keys and daily usage: every write through ``services``.

Staff register an institution, add its contacts (existing accounts), issue keys for it (shown once), revoke
them and read the usage per day. A key's institution name, contact and note are written once, when it is
issued; an issued key is never edited (who had access stays on record) and never deleted, only revoked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin

from .models import ApiKey, ApiUsageDay, Institution, InstitutionContact
from .selectors import USAGE_PERIODS, api_usage_get, usage_period_parse
from .services import (
    api_key_assign,
    api_key_issue,
    api_key_revoke,
    institution_active_set,
    institution_contact_add,
    institution_contact_deactivate,
    institution_create,
)
from .views import usage_chart_svg


class InstitutionAddForm(forms.ModelForm):
    """The registration form; ``institution_create`` makes the same checks (this only shows them on the form)."""

    class Meta:
        model = Institution
        fields = ("name", "kind", "note")

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if Institution.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("同じ名前の機関がすでに登録されています。"))
        return name


class ContactAddForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("担当者のメールアドレス"),
        help_text=gettext_lazy(
            "ポータルに登録済みのアカウントのアドレス。未登録の方には先に新規登録してもらってください。"
        ),
    )


class KeyIssueForm(forms.Form):
    contact = forms.CharField(label=gettext_lazy("連絡先(担当者・メールアドレス)"), max_length=300)
    note = forms.CharField(
        label=gettext_lazy("メモ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class KeyAssignForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=gettext_lazy("検証機関"), queryset=Institution.objects.filter(is_active=True)
    )


def _key_shown_once(request: HttpRequest, key: str) -> None:
    messages.warning(
        request,
        _("APIキーを発行しました。このキーは今だけ表示されます。安全な方法で機関に渡してください: %(key)s")
        % {"key": key},
    )


def _usage_view(
    admin_: admin.ModelAdmin, request: HttpRequest, obj: Institution | ApiKey, usage_kwargs: dict[str, Any]
) -> HttpResponse:
    usage = api_usage_get(days=usage_period_parse(request.GET.get("days")), **usage_kwargs)
    context = {
        **admin_.admin_site.each_context(request),
        "title": _("API利用状況(日別)"),
        "object": obj,
        "opts": admin_.model._meta,
        "usage": usage,
        "usage_chart": usage_chart_svg(usage),
        "periods": USAGE_PERIODS,
    }
    return TemplateResponse(request, "admin/institutions/usage.html", context)


@admin.register(Institution)
class InstitutionAdmin(ServiceOnlyAdmin):
    list_display = ("name", "kind", "is_active", "created_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    fields = (
        "name",
        "kind",
        "note",
        "is_active",
        "created_at",
        "staff_actions",
        "contacts_list",
        "keys_list",
    )
    actions = ["deactivate", "reactivate"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = InstitutionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:  # the registration form: what the service takes
            return ["is_active", "created_at", "staff_actions", "contacts_list", "keys_list"]
        return [*super().get_readonly_fields(request, obj), "staff_actions", "contacts_list", "keys_list"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The add form registers through the service (save_model); Django's permission still applies.
        return admin.ModelAdmin.has_add_permission(self, request)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        if object_id is None:
            return admin.ModelAdmin.changeform_view(self, request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Institution, form: Any, change: bool) -> None:
        if change:
            return  # unreachable through ServiceOnlyAdmin
        row = institution_create(actor=signed_in_user(request), name=obj.name, kind=obj.kind, note=obj.note)
        obj.pk = row.pk
        obj.__dict__.update({k: v for k, v in row.__dict__.items() if not k.startswith("_")})

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Institution) -> str:
        if not obj.pk:
            return "—"
        links = [
            ("admin:institutions_institution_contact_add", _("担当者を追加する")),
            ("admin:institutions_institution_key_issue", _("APIキーを発行する")),
            ("admin:institutions_institution_usage", _("利用状況を見る")),
        ]
        return format_html_join(
            " ", '<a class="button" href="{}">{}</a>', ((reverse(n, args=[obj.pk]), t) for n, t in links)
        )

    @admin.display(description=gettext_lazy("担当者"))
    def contacts_list(self, obj: Institution) -> str:
        rows = obj.contacts.select_related("user").order_by("-is_active", "user__email") if obj.pk else []
        return format_html_join(
            "",
            '<div><a href="{}">{}</a> {}</div>',
            (
                (
                    reverse("admin:institutions_institutioncontact_change", args=[c.pk]),
                    c.user.email,
                    "" if c.is_active else _("(無効)"),
                )
                for c in rows
            ),
        ) or _("まだいません。")

    @admin.display(description=gettext_lazy("APIキー"))
    def keys_list(self, obj: Institution) -> str:
        rows = obj.api_keys.order_by("-created_at") if obj.pk else []
        return format_html_join(
            "",
            '<div><a href="{}">{}…</a> {}</div>',
            (
                (
                    reverse("admin:institutions_apikey_change", args=[k.pk]),
                    k.key_prefix,
                    _("(失効)") if k.revoked_at else "",
                )
                for k in rows
            ),
        ) or _("まだ発行していません。")

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/contact/", view(self.contact_add_view), name="institutions_institution_contact_add"
            ),
            path("<int:pk>/key/", view(self.key_issue_view), name="institutions_institution_key_issue"),
            path("<int:pk>/usage/", view(self.usage_view), name="institutions_institution_usage"),
            *super().get_urls(),
        ]

    def contact_add_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(Institution, pk=pk),
            ContactAddForm,
            lambda actor, obj, email: institution_contact_add(actor=actor, institution=obj, email=email),
            title=_("担当者の追加"),
            intro=_(
                "担当者はポータルの機関のページで、利用状況・一括確認のファイル・Webhookの記録を見られます。追加するとお知らせのメールが届きます。"
            ),
            done=_("担当者を追加しました。"),
        )

    def key_issue_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        def issue(actor: Any, obj: Institution, contact: str, note: str) -> None:
            _row, key = api_key_issue(contact=contact, note=note, holder=obj, actor=actor)
            _key_shown_once(request, key)

        return self.service_form_view(
            request,
            get_object_or_404(Institution, pk=pk),
            KeyIssueForm,
            issue,
            title=_("APIキーの発行"),
            intro=_(
                "キーは発行した直後に一度だけ表示されます。保存されるのはハッシュだけで、あとから見ることはできません。"
            ),
            done=_("APIキーを発行しました。"),
        )

    def usage_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(Institution, pk=pk)
        return _usage_view(self, request, obj, {"institution": obj})

    @admin.action(description=gettext_lazy("選択した機関を無効にする(担当者はページを見られなくなります)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Institution]) -> None:
        actor = signed_in_user(request)
        self.service_action_each(
            request,
            queryset,
            lambda row: institution_active_set(actor=actor, institution=row, is_active=False),
            _("%(count)d件の機関を無効にしました。"),
        )

    @admin.action(description=gettext_lazy("選択した機関を有効に戻す"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Institution]) -> None:
        actor = signed_in_user(request)
        self.service_action_each(
            request,
            queryset,
            lambda row: institution_active_set(actor=actor, institution=row, is_active=True),
            _("%(count)d件の機関を有効に戻しました。"),
        )


@admin.register(InstitutionContact)
class InstitutionContactAdmin(ServiceOnlyAdmin):
    list_display = ("user", "institution", "is_active", "created_at")
    list_filter = ("is_active", "institution")
    search_fields = ("user__email", "institution__name")
    actions = ["deactivate"]

    @admin.action(description=gettext_lazy("選択した担当者を無効にする"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[InstitutionContact]) -> None:
        actor = signed_in_user(request)
        self.service_action_each(
            request,
            queryset,
            lambda row: institution_contact_deactivate(actor=actor, contact=row),
            _("%(count)d人の担当者を無効にしました。"),
        )


@admin.register(ApiKey)
class ApiKeyAdmin(ServiceOnlyAdmin):
    list_display = ("institution", "holder", "key_prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at", "holder")
    search_fields = ("institution", "contact", "key_prefix")
    fields = (
        "holder",
        "institution",
        "contact",
        "note",
        "key_prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "staff_actions",
    )
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:  # the issue form: what the service takes, the rest shown empty
            return ["key_prefix", "created_by", "created_at", "last_used_at", "revoked_at", "staff_actions"]
        return [*super().get_readonly_fields(request, obj), "staff_actions"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The add form issues a key through the service (save_model); Django's permission still applies.
        return admin.ModelAdmin.has_add_permission(self, request)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        if object_id is None:  # issuing: Django's add form, saved by the service
            return admin.ModelAdmin.changeform_view(self, request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            return  # unreachable through ServiceOnlyAdmin; an issued key is never edited
        # The form already required both fields; a refusal here is AccessDenied, a 403.
        row, key = api_key_issue(
            institution=obj.institution,
            contact=obj.contact,
            note=obj.note,
            holder=obj.holder,
            actor=signed_in_user(request),
        )
        obj.pk = row.pk
        obj.__dict__.update({k: v for k, v in row.__dict__.items() if not k.startswith("_")})
        _key_shown_once(request, key)

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: ApiKey) -> str:
        if not obj.pk:
            return "—"
        usage = format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:institutions_apikey_usage", args=[obj.pk]),
            _("利用状況を見る"),
        )
        if obj.holder_id is not None:
            return usage
        return format_html(
            '{} <a class="button" href="{}">{}</a>',
            usage,
            reverse("admin:institutions_apikey_assign", args=[obj.pk]),
            _("機関に割り当てる"),
        )

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/assign/", view(self.assign_view), name="institutions_apikey_assign"),
            path("<int:pk>/usage/", view(self.usage_view), name="institutions_apikey_usage"),
            *super().get_urls(),
        ]

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(ApiKey, pk=pk),
            KeyAssignForm,
            lambda actor, obj, holder: api_key_assign(actor=actor, api_key=obj, holder=holder),
            title=_("APIキーを機関に割り当てる"),
            intro=_(
                "機関ができる前に発行したキーを、その機関のものにします。一度割り当てたキーの機関は変えられません。"
            ),
            done=_("APIキーを機関に割り当てました。"),
        )

    def usage_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(ApiKey, pk=pk)
        return _usage_view(self, request, obj, {"api_key": obj})

    @admin.action(description=gettext_lazy("選択したAPIキーを失効させる"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        self.service_action_each(
            request,
            queryset,
            lambda row: api_key_revoke(api_key=row, actor=signed_in_user(request)),
            _("%(count)d件のAPIキーを失効させました。"),
        )


@admin.register(ApiUsageDay)
class ApiUsageDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "api_key", "holder", "requests", "rows")
    list_filter = ("api_key__holder",)
    date_hierarchy = "day"
    search_fields = ("api_key__key_prefix", "api_key__institution")
    list_select_related = ("api_key__holder",)

    @admin.display(description=gettext_lazy("検証機関"))
    def holder(self, obj: ApiUsageDay) -> object:
        return obj.api_key.holder or "—"
