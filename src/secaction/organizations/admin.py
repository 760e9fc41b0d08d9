from django.contrib import admin
from django.db import models

from .models import Invitation, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "is_active", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]
    can_delete = False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
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
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # organisations are deactivated, never deleted


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "organization__name", "organization__corporate_number"]
    raw_id_fields = ["user", "organization"]
    readonly_fields = ["created_at"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
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
    raw_id_fields = ["organization", "invited_by", "accepted_by"]
    readonly_fields = ["created_at"]
    exclude = ["token"]  # the personal link is a secret between the owner and the invitee

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
