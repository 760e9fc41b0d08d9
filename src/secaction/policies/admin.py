"""Back-office views of policies and handbooks: read-only, because versions are the declarer's record."""

from __future__ import annotations

from django.contrib import admin

from secaction.core.admin import ReadOnlyAdmin

from .models import HandbookRecipient, HandbookVersion, PolicySite, PolicyVersion


@admin.register(PolicySite)
class PolicySiteAdmin(ReadOnlyAdmin):
    list_display = (
        "organization",
        "public_slug",
        "published_version",
        "published_at",
        "handbook_adopted_version",
    )
    search_fields = ("organization__name", "public_slug")
    list_select_related = ("organization", "published_version", "handbook_adopted_version")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ("organization", "number", "established_on", "created_at", "created_by")
    search_fields = ("organization__name", "organization_name")
    list_select_related = ("organization", "created_by")


@admin.register(HandbookVersion)
class HandbookVersionAdmin(ReadOnlyAdmin):
    list_display = ("organization", "number", "title", "assessment_ref", "created_at")
    search_fields = ("organization__name",)
    list_select_related = ("organization",)


@admin.register(HandbookRecipient)
class HandbookRecipientAdmin(ReadOnlyAdmin):
    list_display = ("email", "version", "last_sent_at", "send_count", "confirmed_at")
    search_fields = ("email", "version__organization__name")
    list_filter = ("confirmed_at",)
    exclude = ("token",)  # the personal link is the recipient's credential
    list_select_related = ("version__organization",)
