"""Back office for conflicts between a GビズID-verified and an unverified holder of one 法人番号.

Open conflicts come first. The page of one conflict shows both organisations side by side (names,
法人番号, registration dates, owners' e-mails, declarations with IDs and levels, whether verified) and
offers the three decisions, each a small form that requires a reason and calls
``identity.services.identity_conflict_resolve`` (staff check, audit, mail to both owners).
It lives in the identity app, not beside the model in organizations, because merge and deactivate end
a declaration, and organizations may not reach the declarations app (pyproject.toml, layers).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.admin import ServiceOnlyAdmin
from secaction.declarations.models import Declaration
from secaction.organizations.models import IdentityConflict, Organization
from secaction.organizations.selectors import organization_owners

from .services import identity_conflict_resolve


class ConflictReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("理由(監査ログに残り、両方の事業者の管理者へのメールにも記載されます)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


def _decisions() -> dict[str, tuple[str, str, str]]:
    """decision -> (button / title, what it does, the message once done)."""
    return {
        "keep": (
            _("両方の事業者を残す"),
            _(
                "グループ会社など、両方の登録が正当な場合に使います。どちらの事業者も変わらず、重複は「そのまま残す」として閉じます。"
            ),
            _("両方の事業者を残しました。両方の管理者にメールで知らせました。"),
        ),
        "merge": (
            _("確認済みの事業者へ統合する"),
            _(
                "未確認の事業者に所属する方を、GビズIDで確認済みの事業者のメンバーにします(確認済みの事業者の管理者はそのままです)。"
                "未確認の事業者は無効になり、その宣言は理由を付けて取り消されます。記録は消えません。"
            ),
            _("統合しました。両方の管理者にメールで知らせました。"),
        ),
        "deactivate": (
            _("未確認の事業者を無効にする"),
            _(
                "GビズIDで確認済みの事業者を正式な登録とし、未確認の事業者を無効にします。その宣言は理由を付けて取り消され、"
                "公開名簿では終了と表示されます。記録は消えません。"
            ),
            _("未確認の事業者を無効にしました。両方の管理者にメールで知らせました。"),
        ),
    }


def _side(organization: Organization) -> dict[str, Any]:
    return {
        "organization": organization,
        "change_url": reverse("admin:organizations_organization_change", args=[organization.pk]),
        "owners": [user.email for user in organization_owners(organization.pk)],
        "declarations": list(Declaration.objects.filter(organization=organization).order_by("-pk")),
    }


@admin.register(IdentityConflict)
class IdentityConflictAdmin(ServiceOnlyAdmin):
    list_display = ["corporate_number", "unverified", "verified", "status", "created_at", "resolved_at"]
    list_filter = ["status"]
    search_fields = ["corporate_number", "unverified__name", "verified__name"]
    list_select_related = ["unverified", "verified"]
    fields = [
        "comparison",
        "staff_actions",
        "status",
        "corporate_number",
        "created_at",
        "resolved_at",
        "resolved_by",
        "reason",
    ]
    readonly_fields = ["comparison", "staff_actions"]

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # Open ones first: they wait for a decision; then the decided ones, oldest first.
        open_first = Case(
            When(status=IdentityConflict.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [open_first.asc(), "created_at", "id"]

    @admin.display(description=gettext_lazy("2つの事業者"))
    def comparison(self, obj: IdentityConflict) -> SafeString:
        return SafeString(
            render_to_string(
                "identity/admin/conflict_comparison.html",
                {"conflict": obj, "sides": [_side(obj.unverified), _side(obj.verified)]},
            )
        )

    @admin.display(description=gettext_lazy("事務局の対応"))
    def staff_actions(self, obj: IdentityConflict) -> str:
        if obj.status != IdentityConflict.Status.OPEN:
            return obj.get_status_display()
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            (
                (reverse("admin:organizations_identityconflict_resolve", args=[obj.pk, decision]), label)
                for decision, (label, _intro, _done) in _decisions().items()
            ),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/resolve/<slug:decision>/",
                self.admin_site.admin_view(self.resolve_view),
                name="organizations_identityconflict_resolve",
            ),
            *super().get_urls(),
        ]

    def resolve_view(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        decisions = _decisions()
        if decision not in decisions:
            raise Http404
        title, intro, done = decisions[decision]
        return self.service_form_view(
            request,
            get_object_or_404(IdentityConflict.objects.select_related("unverified", "verified"), pk=pk),
            ConflictReasonForm,
            lambda actor, conflict, reason: identity_conflict_resolve(
                actor, conflict, decision=decision, reason=reason
            ),
            title=title,
            intro=intro,
            done=done,
        )
