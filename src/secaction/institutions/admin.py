"""Back office for API keys: issued and revoked only through ``institutions.services`` (staff, audited).

A key's institution, contact and note are written once, when it is issued; an issued
key is never edited (who had access stays on record) and never deleted, only revoked.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ServiceOnlyAdmin

from .models import ApiKey
from .services import api_key_issue, api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(ServiceOnlyAdmin):
    list_display = ("institution", "key_prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("institution", "contact", "key_prefix")
    fields = (
        "institution",
        "contact",
        "note",
        "key_prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:  # the issue form: what the service takes, the rest shown empty
            return ["key_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
        return super().get_readonly_fields(request, obj)

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
            actor=signed_in_user(request),
        )
        obj.pk = row.pk
        obj.__dict__.update({k: v for k, v in row.__dict__.items() if not k.startswith("_")})
        messages.warning(
            request,
            _(
                "APIキーを発行しました。このキーは今だけ表示されます。安全な方法で機関に渡してください: %(key)s"
            )
            % {"key": key},
        )

    @admin.action(description=gettext_lazy("選択したAPIキーを失効させる"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        self.service_action_each(
            request,
            queryset,
            lambda row: api_key_revoke(api_key=row, actor=signed_in_user(request)),
            _("%(count)d件のAPIキーを失効させました。"),
        )
