"""Back office of the continuation reminders: read-only lists (nothing here changes a declaration)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secaction.core.admin import ReadOnlyAdmin

from .models import FlaggedDeclaration, Reminder, ReminderDay
from .selectors import declarations_flagged


class _ReadOnly(ReadOnlyAdmin):
    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not str(object_id).isdigit():
            raise Http404  # not a redirect to the index: a typed bad id is a missing page
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(FlaggedDeclaration)
class FlaggedDeclarationAdmin(_ReadOnly):
    """継続確認が必要な宣言: a hard-bounced contact address or no confirmation for years. Staff decide what
    to do (contact the declarer, suspend or cancel the declaration through the declarations admin)."""

    list_display = ("declaration_id", "organization_name", "level", "contact", "last_confirmed_at", "reasons")
    list_select_related = ("organization",)
    search_fields = ("declaration_id", "organization__name", "organization__contact_email")
    ordering = ("last_confirmed_at", "pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return declarations_flagged(timezone.now(), base=super().get_queryset(request))

    @admin.display(description=_("事業者名"), ordering="organization__name")
    def organization_name(self, obj: Any) -> str:
        return str(obj.organization.name)

    @admin.display(description=_("担当者メールアドレス"))
    def contact(self, obj: Any) -> str:
        return str(obj.organization.contact_email)

    @admin.display(description=_("理由"))
    def reasons(self, obj: Any) -> str:
        found = []
        if obj.bounced:
            found.append(str(_("担当者メールアドレスに届かない(送信不能)")))
        if obj.stale:
            years = settings.CONTINUATION_STALE_YEARS
            found.append(str(_("%(years)s年以上確認がない") % {"years": years}))
        return " / ".join(found)


@admin.register(Reminder)
class ReminderAdmin(_ReadOnly):
    list_display = ("created_at", "declaration", "email", "mailout", "confirmed_at")
    list_select_related = ("declaration__organization", "mailout")
    search_fields = ("declaration__declaration_id", "email")
    date_hierarchy = "created_at"


@admin.register(ReminderDay)
class ReminderDayAdmin(_ReadOnly):
    list_display = ("day", "reminders", "mailout", "created_at")
    list_select_related = ("mailout",)
