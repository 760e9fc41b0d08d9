"""Back-office bases shared by every app, and the audit log page.

The outgoing-mail page is ``accounts.admin.OutgoingMailAdmin`` (its resend action is a staff service).

Staff never edit a declarer's records field by field: a model is either read-only
(``ReadOnlyAdmin``) or changed only through its services (``ServiceOnlyAdmin``, whose
subclasses offer actions and small forms that call a service; the service checks
``staff_require`` and writes the audit log). Django's own ``LogEntry`` is not our
audit log; ``AuditEvent`` is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy

from .errors import ServiceError
from .models import AuditEvent
from .web import service_error_messages, service_error_to_form


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that staff read but never edit: the log is evidence."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ServiceOnlyAdmin(admin.ModelAdmin):
    """Records staff open and act on, but whose fields change only through the services.

    Every field is shown read-only, nothing is added or deleted here, and the change
    form has no save buttons (a POST to it just reloads the page); subclasses offer the
    staff actions, which call the services.
    """

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [
            *super().get_readonly_fields(request, obj),
            *(f.name for f in self.model._meta.concrete_fields),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing a user did is deleted; staff end things through the services

    # The services write the audit log (AuditEvent); Django's LogEntry would be a second,
    # incomplete log that staff might mistake for the record.
    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_deletion(self, request: HttpRequest, obj: Any, object_repr: str) -> Any:
        return None

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        return None

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        if request.method == "POST" and object_id is not None:
            return redirect(request.path)  # an add POST falls through to Django's 403 (no add permission)
        extra = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().changeform_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def service_form_view(
        self,
        request: HttpRequest,
        obj: Model,
        form_class: type[forms.Form],
        call: Callable[..., object],
        *,
        title: str,
        intro: str,
        done: str,
    ) -> HttpResponse:
        """A small staff form on one record: on a valid POST, ``call(request.user, obj, **cleaned_data)``.

        The service checks who is acting and audits; its refusal is shown on the form.
        """
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                call(request.user, obj, **form.cleaned_data)
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "object": obj,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/service_form.html", context)

    def service_action_each(
        self, request: HttpRequest, queryset: QuerySet[Any], call: Callable[[Any], object], done: str
    ) -> None:
        """Run a service on each selected row (an admin action); refusals are reported per row."""
        count = 0
        for row in queryset:
            try:
                call(row)
            except ServiceError as exc:
                for message in service_error_messages(exc):
                    self.message_user(request, f"{row}: {message}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)


@dataclass(frozen=True)
class StaffDecision:
    """One button of a queue row (accept, reject …): the reasoned form staff fill in and the service it calls.

    ``service(actor, obj, **form.cleaned_data)`` checks ``staff_require``, audits and mails, as every
    staff service does. The URL is ``<pk>/<slug>/``, named ``<app_label>_<model_name>_<slug>``.
    """

    slug: str
    button: Any  # lazy text
    form_class: type[forms.Form]
    service: Callable[..., object]
    title: Any
    intro: Any
    done: Any


class StaffDecisionAdmin(ServiceOnlyAdmin):
    """A queue whose pending rows staff decide with buttons (``decisions``), each a form that calls a service."""

    decisions: ClassVar[tuple[StaffDecision, ...]] = ()
    pending_status: ClassVar[str] = "pending"

    def _decision_url_name(self, decision: StaffDecision) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{decision.slug}"

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Any) -> str:
        if not obj.pk or obj.status != self.pending_status:
            return "—"
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            (
                (reverse(f"admin:{self._decision_url_name(d)}", args=[obj.pk]), d.button)
                for d in self.decisions
            ),
        )

    def get_urls(self) -> list[Any]:
        return [
            *(
                path(
                    f"<int:pk>/{decision.slug}/",
                    self.admin_site.admin_view(partial(self.decision_view, decision=decision)),
                    name=self._decision_url_name(decision),
                )
                for decision in self.decisions
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, pk: int, *, decision: StaffDecision) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(self.model, pk=pk),
            decision.form_class,
            decision.service,
            title=str(decision.title),
            intro=str(decision.intro),
            done=str(decision.done),
        )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "object_repr", "action"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
