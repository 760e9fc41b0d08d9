"""The office's inquiry queue: list with filters and search, and one page per inquiry with its thread and the
forms to reply, add an internal note, assign and change the status. Every change goes through
``inquiries.services`` (docs/inquiries.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from secaction.core.admin import ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_messages

from .forms import AssignForm, NoteForm, StaffReplyForm, StatusForm
from .models import Inquiry
from .selectors import inquiries_search, inquiry_thread
from .services import inquiry_assign, inquiry_note_add, inquiry_reply, inquiry_status_change


@admin.register(Inquiry)
class InquiryAdmin(ServiceOnlyAdmin):
    list_display = ["reference", "subject", "category", "status", "email", "assignee", "last_message_at"]
    list_filter = ["status", "category", ("assignee", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "created_at"
    list_select_related = ["assignee"]
    search_fields = ["reference", "email", "name", "subject"]
    search_help_text = _("受付番号・メールアドレス・お名前・件名・メッセージ本文で検索します。")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Inquiry], search_term: str
    ) -> tuple[QuerySet[Inquiry], bool]:
        # The queue's search is the selector's (it also looks inside the messages); the list's own filters
        # still apply to ``queryset``.
        if not search_term.strip():
            return queryset, False
        found = inquiries_search(request.user, text=search_term).values("pk")
        return queryset.filter(pk__in=found), False

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/reply/", view(self.reply_view), name="inquiries_inquiry_reply"),
            path("<int:pk>/note/", view(self.note_view), name="inquiries_inquiry_note"),
            path("<int:pk>/assign/", view(self.assign_view), name="inquiries_inquiry_assign"),
            path("<int:pk>/status/", view(self.status_view), name="inquiries_inquiry_status"),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # The admin's URL takes any text as the id: only digits can name an inquiry.
        inquiry = get_object_or_404(
            Inquiry.objects.select_related("assignee", "organization", "user"),
            pk=object_id if object_id.isdigit() else 0,
        )
        if not self.has_view_permission(request, inquiry):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(inquiry),
            "thread": inquiry_thread(request.user, inquiry),
            "reply_form": StaffReplyForm(),
            "note_form": NoteForm(),
            "assign_form": AssignForm(initial={"assignee": inquiry.assignee_id}),
            "status_form": StatusForm(initial={"status": inquiry.status}),
        }
        return TemplateResponse(request, "admin/inquiries/inquiry/detail.html", context)

    def _post(
        self,
        request: HttpRequest,
        pk: int,
        form_class: type[forms.Form],
        call: Callable[[Inquiry, dict[str, Any]], object],
        done: str,
    ) -> HttpResponse:
        inquiry = get_object_or_404(Inquiry, pk=pk)
        if request.method != "POST" or not self.has_view_permission(request, inquiry):
            raise PermissionDenied
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        else:
            try:
                call(inquiry, form.cleaned_data)
            except ServiceError as exc:
                service_error_to_messages(request, exc)
            else:
                messages.success(request, done)
        return redirect("admin:inquiries_inquiry_change", pk)

    def reply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._post(
            request,
            pk,
            StaffReplyForm,
            lambda q, d: inquiry_reply(request.user, q, d["body"], waiting=d["waiting"]),
            _("回答を送りました。"),
        )

    def note_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._post(
            request,
            pk,
            NoteForm,
            lambda q, d: inquiry_note_add(request.user, q, d["body"]),
            _("メモを残しました。"),
        )

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._post(
            request,
            pk,
            AssignForm,
            lambda q, d: inquiry_assign(request.user, q, d["assignee"]),
            _("担当スタッフを変更しました。"),
        )

    def status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._post(
            request,
            pk,
            StatusForm,
            lambda q, d: inquiry_status_change(request.user, q, d["status"]),
            _("状態を変更しました。"),
        )
