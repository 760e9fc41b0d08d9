"""Back office of the identity app: identity conflicts (``admin_conflicts``); claims: the queue of staff-reviewed claim requests, and the one-time codes (read only).

Staff read a request next to what is on record (the declaration, its organisation, the contact address
of the older system, the requester's account) and accept or reject it with a reason; each is a service
call that checks ``staff_require``, is audited and mails the requester.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.admin import ReadOnlyAdmin, StaffDecision, StaffDecisionAdmin

from . import services
from .admin_conflicts import IdentityConflictAdmin
from .forms import DecisionForm
from .models import ClaimCode, ClaimRequest


@admin.register(ClaimRequest)
class ClaimRequestAdmin(StaffDecisionAdmin):
    decisions = (
        StaffDecision(
            slug="accept",
            button=gettext_lazy("承認して引き継ぐ"),
            form_class=DecisionForm,
            service=services.claim_request_accept,
            title=gettext_lazy("引き継ぎの申請を承認する"),
            intro=gettext_lazy(
                "申請者をこの事業者の管理者(オーナー)にします。登録されている代表電話への確認など、"
                "宣言した事業者の方であることを確かめてから承認してください。確認した内容を理由に書いてください。"
            ),
            done=gettext_lazy("申請を承認し、宣言を引き継ぎました。申請者にメールで知らせました。"),
        ),
        StaffDecision(
            slug="reject",
            button=gettext_lazy("却下する"),
            form_class=DecisionForm,
            service=services.claim_request_reject,
            title=gettext_lazy("引き継ぎの申請を却下する"),
            intro=gettext_lazy("理由は申請者にメールで届きます。次にどうすればよいかも書いてください。"),
            done=gettext_lazy("申請を却下しました。申請者にメールで知らせました。"),
        ),
    )
    list_display = [
        "created_at",
        "declaration",
        "organization_name",
        "requested_by",
        "contact_name",
        "status",
    ]
    list_filter = ["status"]
    search_fields = [
        "declaration__declaration_id",
        "declaration__organization__name",
        "declaration__organization__corporate_number",
        "requested_by__email",
        "contact_name",
    ]
    list_select_related = ["declaration__organization", "requested_by"]
    readonly_fields = ["on_record", "requester", "staff_actions"]
    fields = [
        "staff_actions",
        "status",
        "declaration",
        "on_record",
        "requester",
        "contact_name",
        "contact_phone",
        "message",
        "created_at",
        "decided_by",
        "decided_at",
        "reason",
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("declaration__organization", "requested_by")

    @admin.display(description=gettext_lazy("事業者名"))
    def organization_name(self, obj: ClaimRequest) -> str:
        return obj.declaration.organization.name

    @admin.display(description=gettext_lazy("登録されている内容(旧システム)"))
    def on_record(self, obj: ClaimRequest) -> str:
        declaration = obj.declaration
        org = declaration.organization
        rows = [
            (
                _("宣言"),
                f"{declaration.declaration_id} {declaration.get_level_display()} {declaration.get_status_display()}",
            ),
            (_("事業者名"), org.name),
            (_("法人番号"), org.corporate_number or "—"),
            (_("所在地"), f"{org.get_prefecture_display()}{org.address}"),
            (_("代表者"), org.representative_name or "—"),
            (_("担当者"), org.contact_name or "—"),
            (_("登録されている連絡先メールアドレス"), org.contact_email or "—"),
            (_("電話番号"), org.contact_phone or "—"),
        ]
        link = reverse("admin:organizations_organization_change", args=[org.pk])
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        return format_html('<table>{}</table><a href="{}">{}</a>', table, link, _("事業者の詳細"))

    @admin.display(description=gettext_lazy("申請したアカウント"))
    def requester(self, obj: ClaimRequest) -> str:
        user = obj.requested_by
        joined = date_format(timezone.localtime(user.date_joined), "DATE_FORMAT")
        link = reverse("admin:accounts_user_change", args=[user.pk])
        return format_html('<a href="{}">{}</a> ({}: {})', link, user.email, _("登録日"), joined)


@admin.register(ClaimCode)
class ClaimCodeAdmin(ReadOnlyAdmin):
    """Which codes were sent where and how they were used; the code itself is not stored."""

    list_display = [
        "created_at",
        "declaration",
        "email",
        "requested_by",
        "attempts",
        "used_at",
        "invalidated_at",
    ]
    list_filter = [("used_at", admin.EmptyFieldListFilter), ("invalidated_at", admin.EmptyFieldListFilter)]
    search_fields = ["declaration__declaration_id", "email", "requested_by__email"]
    list_select_related = ["declaration", "requested_by"]
    exclude = ["code_hash"]
    readonly_fields = [
        "declaration",
        "email",
        "requested_by",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
        "invalidated_at",
    ]


__all__ = ["ClaimCodeAdmin", "ClaimRequestAdmin", "IdentityConflictAdmin"]
