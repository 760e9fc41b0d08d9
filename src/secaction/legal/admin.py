"""Back office for the legal pages: publish a new version (through the service), read who accepted what.

Published versions are never edited; the history stays readable. Which versions a person accepted,
and when, shows on the user's page (an inline added to ``accounts.admin.UserAdmin`` here, since
``accounts`` sits below ``legal``) and in the read-only acceptance list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from secaction.accounts.admin import UserAdmin
from secaction.accounts.models import User
from secaction.accounts.web import signed_in_user
from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_messages

from . import services
from .models import Acceptance, LegalDocument


class LegalDocumentForm(forms.ModelForm):
    class Meta:
        model = LegalDocument
        fields = ("kind", "version", "title", "body", "change_summary", "material")


@admin.register(LegalDocument)
class LegalDocumentAdmin(ServiceOnlyAdmin):
    """Adding a version publishes it at once through ``legal_document_publish``; nothing is edited later."""

    form = LegalDocumentForm
    list_display = ("kind", "version", "title", "material", "published_at", "is_current")
    list_filter = ("kind", "is_current", "material")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("legal.add_legaldocument")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["published_at", "is_current"]
        return super().get_readonly_fields(request, obj)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # ServiceOnlyAdmin turns every POST into a reload; the add form is the one that saves, via the service.
        return admin.ModelAdmin.changeform_view(self, request, None, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: LegalDocument, form: Any, change: bool) -> None:
        if change:
            return  # unreachable through ServiceOnlyAdmin; a published version is never edited
        try:
            created = services.legal_document_publish(
                signed_in_user(request),
                kind=obj.kind,
                version=obj.version,
                title=obj.title,
                body=obj.body,
                material=obj.material,
                change_summary=obj.change_summary,
            )
        except ServiceError as exc:
            raise ValidationError(service_error_messages(exc)) from exc
        obj.pk = created.pk
        obj.is_current = created.is_current
        obj.published_at = created.published_at
        obj._state.adding = False


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("user", "document", "how", "accepted_at")
    list_filter = ("how", "document__kind")
    search_fields = ("user__email",)
    list_select_related = ("user", "document")


class AcceptanceInline(admin.TabularInline):
    model = Acceptance
    fields = ("document", "how", "accepted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = Acceptance._meta.verbose_name_plural

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserWithAcceptancesAdmin(UserAdmin):
    """The accounts user page plus the versions of the legal pages the person accepted, and when."""

    inlines = [*UserAdmin.inlines, AcceptanceInline]


admin.site.unregister(User)
admin.site.register(User, UserWithAcceptancesAdmin)
