"""Back office for institutions and their contacts: every write through ``services`` (staff, audited).

Staff register an institution, add its contacts (existing accounts), issue keys for it (shown once), deactivate
contacts and read the usage per day. Keys and usage have their pages in ``admin_keys.py``, imported here so that
Django's admin discovery registers them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ServiceOnlyAdmin

from .admin_keys import KeyIssueForm, key_shown_once, usage_view_render
from .models import Institution, InstitutionContact
from .services import (
    api_key_issue,
    institution_active_set,
    institution_contact_add,
    institution_contact_deactivate,
    institution_create,
)


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
            key_shown_once(request, key)

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
        return usage_view_render(self, request, obj, {"institution": obj})

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
    list_select_related = ("user", "institution")
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
