"""Back office for API keys and their daily usage: issued, assigned and revoked only through ``services``.

A key's institution name, contact and note are written once, when it is issued; an issued key is never edited
(who had access stays on record) and never deleted, only revoked. ``admin.py`` imports this module so that
Django's admin discovery registers it.
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
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin

from .models import ApiKey, ApiUsageDay, Institution
from .selectors import USAGE_PERIODS, api_usage_get, usage_period_parse
from .services import api_key_assign, api_key_issue, api_key_revoke
from .views import usage_chart_svg


class KeyIssueForm(forms.Form):
    contact = forms.CharField(label=gettext_lazy("連絡先(担当者・メールアドレス)"), max_length=300)
    note = forms.CharField(
        label=gettext_lazy("メモ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class KeyAssignForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=gettext_lazy("検証機関"), queryset=Institution.objects.filter(is_active=True)
    )


def key_shown_once(request: HttpRequest, key: str) -> None:
    """Show a just-issued key in the next page's messages: the only time anyone sees it."""
    messages.warning(
        request,
        _("APIキーを発行しました。このキーは今だけ表示されます。安全な方法で機関に渡してください: %(key)s")
        % {"key": key},
    )


def usage_view_render(
    admin_: admin.ModelAdmin, request: HttpRequest, obj: Institution | ApiKey, usage_kwargs: dict[str, Any]
) -> HttpResponse:
    """The usage page of an institution or a key (``usage_kwargs`` for ``api_usage_get``), 30 or 90 days."""
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


@admin.register(ApiKey)
class ApiKeyAdmin(ServiceOnlyAdmin):
    list_display = ("institution", "holder", "key_prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("holder",)
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
        key_shown_once(request, key)

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
        return usage_view_render(self, request, obj, {"api_key": obj})

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
