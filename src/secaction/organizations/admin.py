"""Back office for organisations, memberships and invitations: read, and act only through the services.

Staff do not edit a profile field by field (the declarer owns it; the site validates
it). They deactivate or reactivate an organisation with a reason, and revoke an
invitation; each is a service call that checks ``staff_require`` and is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ServiceOnlyAdmin

from . import selectors, services
from .models import Invitation, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "is_active", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("理由(監査ログに残ります)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
    )


@admin.register(Organization)
class OrganizationAdmin(ServiceOnlyAdmin):
    list_display = [
        "name",
        "entity_type",
        "corporate_number",
        "prefecture",
        "industry",
        "is_active",
        "created_at",
    ]
    list_filter = ["is_active", "entity_type", "prefecture", "industry", "employees"]
    search_fields = ["name", "name_kana", "corporate_number", "contact_email", "representative_name"]
    readonly_fields = ["staff_actions"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Organization) -> str:
        if not obj.pk:
            return "—"
        name, label = (
            ("organizations_organization_deactivate", _("この事業者を無効にする"))
            if obj.is_active
            else ("organizations_organization_reactivate", _("この事業者を有効に戻す"))
        )
        return format_html(
            '<a class="button" href="{}">{}</a>', reverse(f"admin:{name}", args=[obj.pk]), label
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # An open conflict with another holder of the 法人番号 waits for staff: say so at the top.
        organization = Organization.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if organization is not None and request.method == "GET":
            for conflict in selectors.identity_conflict_open_for(organization):
                messages.warning(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _(
                            "法人番号 %(number)s が「%(unverified)s」(未確認)と「%(verified)s」(GビズIDで確認済み)で重複しています。"
                        )
                        % {
                            "number": conflict.corporate_number,
                            "unverified": conflict.unverified.name,
                            "verified": conflict.verified.name,
                        },
                        reverse("admin:organizations_identityconflict_change", args=[conflict.pk]),
                        _("事務局の対応が必要です"),
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/deactivate/",
                self.admin_site.admin_view(self.deactivate_view),
                name="organizations_organization_deactivate",
            ),
            path(
                "<int:pk>/reactivate/",
                self.admin_site.admin_view(self.reactivate_view),
                name="organizations_organization_reactivate",
            ),
            *super().get_urls(),
        ]

    def deactivate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(Organization, pk=pk),
            ReasonForm,
            services.organization_deactivate,
            title=_("事業者を無効にする"),
            intro=_(
                "不正な登録や重複した登録、廃業などのときに使います。メンバーはこの事業者として操作できなくなります。"
                "記録は消えず、あとで有効に戻せます。"
            ),
            done=_("事業者を無効にしました。"),
        )

    def reactivate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(Organization, pk=pk),
            ReasonForm,
            services.organization_reactivate,
            title=_("事業者を有効に戻す"),
            intro=_("同じ法人番号の有効な事業者が他にあるときは、有効に戻せません。"),
            done=_("事業者を有効に戻しました。"),
        )


@admin.register(Membership)
class MembershipAdmin(ServiceOnlyAdmin):
    """Memberships change on the site (invitations, the owner's member page); staff read them here."""

    list_display = ["user", "organization", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "organization__name", "organization__corporate_number"]
    list_select_related = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(ServiceOnlyAdmin):
    list_display = [
        "email",
        "organization",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter), ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization", "invited_by"]
    exclude = ["token"]  # the personal link is a secret between the owner and the invitee
    actions = ["revoke_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [name for name in super().get_readonly_fields(request, obj) if name != "token"]

    @admin.action(description=gettext_lazy("選んだ招待を取り消す"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        self.service_action_each(
            request,
            queryset.select_related("organization"),
            lambda row: services.invitation_revoke_by_staff(signed_in_user(request), row),
            _("%(count)d件の招待を取り消しました。"),
        )


from . import admin_changes  # noqa: E402, F401  (the queue of name / 法人番号 changes, the change history)
