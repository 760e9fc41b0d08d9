"""Back office for the staff's two work queues: the review queue (reviewed mode: accept or return)
and the findings of the automatic checks (immediate mode: look, cancel misuse, mark resolved).

Both act only through the services; registered here, imported by ``admin.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_messages

from . import selectors, services
from .models import Declaration, ProgrammeSettings, ReviewFinding, ReviewMode, ReviewQueueItem

if TYPE_CHECKING:
    pass


@admin.register(ReviewQueueItem)
class ReviewQueueAdmin(ServiceOnlyAdmin):
    """The staff queue for reviewed mode: automatic checks, accept or return with a message.

    Only the list exists; opening one item shows the declaration's own (read-only) page.
    """

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return redirect("admin:declarations_declaration_change", object_id)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("declarations.change_declaration")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("declarations.change_declaration")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._act(request)
        settings_row = ProgrammeSettings.load()
        context = {
            **self.admin_site.each_context(request),
            "title": _("確認待ちの申込み"),
            "items": selectors.review_queue(),
            "settings_row": settings_row,
            "reviewed": settings_row.review_mode == ReviewMode.REVIEWED,
            "opts": self.model._meta,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/declarations/review_queue.html", context)

    def _act(self, request: HttpRequest) -> HttpResponse:
        raw = request.POST.get("declaration", "")
        decl = get_object_or_404(Declaration, pk=int(raw) if raw.isdigit() else 0)
        action = request.POST.get("action")
        try:
            if action == "accept":
                decl = services.declaration_accept(declaration=decl, staff=signed_in_user(request))
                self.message_user(
                    request,
                    _("%(org)s を受理し、宣言ID %(id)s を発行しました。")
                    % {"org": decl.organization.name, "id": decl.declaration_id},
                    messages.SUCCESS,
                )
            elif action == "return":
                services.declaration_return(
                    declaration=decl, staff=signed_in_user(request), message=request.POST.get("message", "")
                )
                self.message_user(
                    request,
                    _("%(org)s に差し戻しました。") % {"org": decl.organization.name},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("操作を選んでください。"), messages.ERROR)
        except ServiceError as exc:
            for message in service_error_messages(exc):
                self.message_user(request, f"{decl.organization.name}: {message}", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:declarations_reviewqueueitem_changelist"))


class OpenFindingFilter(admin.SimpleListFilter):
    """Open findings first: the list is a work queue, resolved ones are history."""

    title = gettext_lazy("対応状況")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("open", _("未対応")), ("resolved", _("対応済み")), ("all", _("すべて"))]

    def choices(self, changelist: Any) -> Any:
        # Without Django's "All" entry: with "open" as the default it would show the open ones.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def value(self) -> str:
        return super().value() or "open"

    def queryset(self, request: HttpRequest, queryset: QuerySet[ReviewFinding]) -> QuerySet[ReviewFinding]:
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ReviewFinding)
class ReviewFindingAdmin(ServiceOnlyAdmin):
    """Staff queue of what the automatic checks found after an immediate issue.

    Staff open the declaration (to cancel it for misuse) and mark findings resolved through
    ``review_finding_resolve``; nothing else changes here.
    """

    list_display = ("created_at", "declaration_link", "organization_name", "kind", "message", "resolved_at")
    list_filter = (OpenFindingFilter, "kind")
    search_fields = ("declaration__declaration_id", "declaration__organization__name", "message")
    list_select_related = ("declaration__organization", "resolved_by")
    actions = ["resolve_selected"]

    # The same permission as the review queue: staff who review declarations work this queue too,
    # without a separate grant for the new model.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("declarations.change_declaration")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("declarations.change_declaration")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.display(description=gettext_lazy("宣言ID"))
    def declaration_link(self, obj: ReviewFinding) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:declarations_declaration_change", args=[obj.declaration_id]),
            obj.declaration.declaration_id or "—",
        )

    @admin.display(description=gettext_lazy("事業者名"))
    def organization_name(self, obj: ReviewFinding) -> str:
        return obj.declaration.organization.name

    @admin.action(description=gettext_lazy("選んだ指摘を対応済みにする"))
    def resolve_selected(self, request: HttpRequest, queryset: QuerySet[ReviewFinding]) -> None:
        done = 0
        for finding in queryset.filter(resolved_at__isnull=True):
            try:
                services.review_finding_resolve(
                    finding=finding,
                    staff=signed_in_user(request),
                    note=_("一覧から対応済みにしました。"),
                )
            except ServiceError as exc:
                for message in service_error_messages(exc):
                    self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(n)d件の指摘を対応済みにしました。", "%(n)d件の指摘を対応済みにしました。", done)
            % {"n": done},
            messages.SUCCESS,
        )
