from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ApiKey
from .services import api_key_issue, api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
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
    readonly_fields = ("key_prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the record of who had access stays

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        row, key = api_key_issue(
            institution=obj.institution, contact=obj.contact, note=obj.note, actor=request.user
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
        for row in queryset:
            api_key_revoke(api_key=row, actor=request.user)
        self.message_user(request, _("%(count)d件のAPIキーを失効させました。") % {"count": queryset.count()})
