"""Back office for changes of legal name or 法人番号: the staff queue and each organisation's change history.

Staff accept or reject a request with the reasoned forms of ``StaffDecisionAdmin``, which call
``identity_change_accept`` / ``identity_change_reject`` (``staff_require``, audited, owners mailed). The
history page ("変更履歴", linked from the organisation's page) reads the audit log through
``selectors.organization_history``. Imported from ``organizations/admin.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.admin import StaffDecision, StaffDecisionAdmin

from . import selectors, services
from .models import IdentityChangeRequest, Organization

PENDING_FIRST = Case(
    When(status=IdentityChangeRequest.Status.PENDING, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("申請者への連絡(任意。メールに載り、監査ログに残ります)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        required=False,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("却下の理由(申請者へのメールに載り、監査ログに残ります)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
    )


def _active_declaration(organization: Organization) -> Any:
    """The organisation's active declaration, from the declarations the changelist prefetched for the whole
    page (one query, not one per row). Through the reverse relation: the declarations app sits above this one.
    """
    # At most one: an organisation has one open declaration (a constraint of the declarations app).
    return next((d for d in organization.declarations.all() if d.status == "active"), None)


@admin.register(IdentityChangeRequest)
class IdentityChangeRequestAdmin(StaffDecisionAdmin):
    decisions = (
        StaffDecision(
            slug="accept",
            button=gettext_lazy("承認して公開する"),
            form_class=AcceptForm,
            service=services.identity_change_accept,
            title=gettext_lazy("名称・法人番号の変更を承認する"),
            intro=gettext_lazy(
                "法人番号公表サイトなどで、変更後の名称・法人番号が正しいことを確かめてから承認してください。"
                "承認すると事業者情報と公開名簿が変わり、管理者にメールで知らせます。"
            ),
            done=gettext_lazy("変更を承認し、公開しました。"),
        ),
        StaffDecision(
            slug="reject",
            button=gettext_lazy("却下する"),
            form_class=RejectForm,
            service=services.identity_change_reject,
            title=gettext_lazy("名称・法人番号の変更を却下する"),
            intro=gettext_lazy("事業者情報は変わりません。理由は管理者へのメールに載ります。"),
            done=gettext_lazy("変更を却下しました。"),
        ),
    )
    list_display = [
        "status",
        "organization_link",
        "changes_table",
        "declaration",
        "verified",
        "requested_by",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["organization__name", "organization__corporate_number", "requested_by__email"]
    list_select_related = ["organization", "requested_by", "decided_by"]
    # Pending first, the oldest of them first: the queue is worked from the top.
    ordering = [
        PENDING_FIRST.asc(),  # type: ignore[list-item]  # Django accepts expressions
        "created_at",
        "id",
    ]
    readonly_fields = ["changes_table", "declaration", "verified", "staff_actions"]
    fields = [
        "organization",
        "status",
        "changes_table",
        "declaration",
        "verified",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
        "reason",
        "staff_actions",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[IdentityChangeRequest]:
        return (
            super()
            .get_queryset(request)
            .select_related("organization", "requested_by", "decided_by")
            .prefetch_related("organization__declarations")
        )

    @admin.display(description=gettext_lazy("事業者"), ordering="organization__name")
    def organization_link(self, obj: IdentityChangeRequest) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:organizations_organization_change", args=[obj.organization_id]),
            obj.organization.name,
        )

    @admin.display(description=gettext_lazy("変更前 → 変更後"))
    def changes_table(self, obj: IdentityChangeRequest) -> SafeString:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>→</td><td>{}</td></tr>",
            (
                (label, before or "—", after or "—")
                for label, before, after in selectors.identity_change_rows(obj)
            ),
        )
        return format_html('<table class="identity-change">{}</table>', rows)

    @admin.display(description=gettext_lazy("宣言ID・段階"))
    def declaration(self, obj: IdentityChangeRequest) -> str:
        declaration = _active_declaration(obj.organization)
        if declaration is None:
            return _("宣言中の宣言はありません")
        return f"{declaration.declaration_id} ({declaration.get_level_display()})"

    @admin.display(description=gettext_lazy("GビズIDで確認済み"), boolean=True)
    def verified(self, obj: IdentityChangeRequest) -> bool:
        return obj.organization.is_identity_verified

    def get_urls(self) -> list[Any]:
        return [
            path(
                "organization/<int:pk>/history/",
                self.admin_site.admin_view(self.history_of_organization_view),
                name="organizations_organization_change_history",
            ),
            *super().get_urls(),
        ]

    def history_of_organization_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = get_object_or_404(Organization, pk=pk)
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("変更履歴: %(name)s") % {"name": organization.name},
            "organization": organization,
            "rows": selectors.organization_history(organization),
            "opts": Organization._meta,
        }
        return TemplateResponse(request, "admin/organizations/organization_change_history.html", context)
