"""Back office of the mail-outs: the list, the compose page, the mail-out's page (preview, test send,
send or schedule, progress, pause / resume / cancel) and the suppression list. Every change goes
through a service (``mailouts.services``); see docs/mail-outs.md."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form, service_error_to_messages

from .filters import RecipientFilter
from .forms import MailoutCancelForm, MailoutComposeForm, MailoutSendForm, SuppressionAddForm
from .models import Mailout, Recipient, Suppression
from .rendering import mailout_message_render
from .selectors import mailout_recipients_count
from .selectors.progress import mailout_progress_get, mailout_progress_json
from .services import (
    mailout_create,
    mailout_schedule,
    mailout_test_send,
    mailout_update,
    suppression_staff_add,
)
from .services.control import mailout_cancel, mailout_pause, mailout_resume

RUNNING = (Mailout.Status.SENDING, Mailout.Status.PAUSED, Mailout.Status.BUILDING, Mailout.Status.SCHEDULED)


@admin.register(Mailout)
class MailoutAdmin(ServiceOnlyAdmin):
    list_display = [
        "subject_ja",
        "kind",
        "status",
        "recipients_total",
        "sent_count",
        "failed_count",
        "scheduled_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject_ja", "subject_en"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Mailout]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent=Count("recipients", filter=Q(recipients__status=Recipient.Status.SENT)),
                failed=Count(
                    "recipients",
                    filter=Q(recipients__status__in=[Recipient.Status.FAILED, Recipient.Status.BOUNCED]),
                ),
            )
        )

    @admin.display(description=gettext_lazy("送信済み"), ordering="sent")
    def sent_count(self, obj: Any) -> int:
        return int(getattr(obj, "sent", 0))

    @admin.display(description=gettext_lazy("失敗"), ordering="failed")
    def failed_count(self, obj: Any) -> int:
        return int(getattr(obj, "failed", 0))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_staff", False))  # "add" opens the compose page (a service)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/edit/", view(self.compose_view), name="mailouts_mailout_edit"),
            path("<int:pk>/test-send/", view(self.test_send_view), name="mailouts_mailout_test_send"),
            path("<int:pk>/send/", view(self.send_view), name="mailouts_mailout_send"),
            path("<int:pk>/progress.json", view(self.progress_view), name="mailouts_mailout_progress"),
            path("<int:pk>/pause/", view(self.pause_view), name="mailouts_mailout_pause"),
            path("<int:pk>/resume/", view(self.resume_view), name="mailouts_mailout_resume"),
            path("<int:pk>/cancel/", view(self.cancel_view), name="mailouts_mailout_cancel"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        return self.compose_view(request, None)

    def compose_view(self, request: HttpRequest, pk: int | None) -> HttpResponse:
        """Compose or edit a draft. 「宛先数を確認」 shows the exact count without saving."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        mailout = get_object_or_404(Mailout, pk=pk) if pk is not None else None
        if mailout is not None and mailout.status != Mailout.Status.DRAFT:
            messages.error(request, _("作成中の一斉メールだけを変更できます。"))
            return redirect("admin:mailouts_mailout_change", mailout.pk)
        form = MailoutComposeForm(
            request.POST or None, initial=MailoutComposeForm.initial_for(mailout, request.GET)
        )
        count = None
        if request.method == "POST" and form.is_valid():
            try:
                if request.POST.get("action") == "count":
                    count = self._count(form)
                elif mailout is None:
                    mailout = mailout_create(request.user, **form.service_kwargs())
                    messages.success(request, _("下書きを保存しました。内容と宛先数を確認してください。"))
                    return redirect("admin:mailouts_mailout_change", mailout.pk)
                else:
                    mailout_update(request.user, mailout, **form.service_kwargs())
                    messages.success(request, _("下書きを保存しました。内容と宛先数を確認してください。"))
                    return redirect("admin:mailouts_mailout_change", mailout.pk)
            except ServiceError as exc:
                service_error_to_form(form, exc)
        title = _("一斉メールを作成") if mailout is None else _("一斉メールを編集")
        context = self._context(request, title, form=form, mailout=mailout, count=count)
        return TemplateResponse(request, "admin/mailouts/mailout/compose.html", context)

    def _count(self, form: MailoutComposeForm) -> int:
        data = form.service_kwargs()
        probe = Mailout(kind=data["kind"], survey=data["survey"], filters=data["filters"])
        if probe.kind != Mailout.Kind.SURVEY_REMINDER:
            probe.filters = RecipientFilter.from_dict(data["filters"]).as_dict()
        return mailout_recipients_count(probe)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # The admin's URL takes any text as the id: only digits can name a mail-out.
        mailout = get_object_or_404(
            Mailout.objects.select_related("survey", "created_by"), pk=object_id if object_id.isdigit() else 0
        )
        if not self.has_view_permission(request, mailout):
            raise PermissionDenied
        extra: dict[str, Any] = {"mailout": mailout, "running": mailout.status in RUNNING}
        if mailout.status == Mailout.Status.DRAFT:
            email = getattr(request.user, "email", "") or "office@example.jp"
            languages = ["ja", "en"] if mailout.subject_en and mailout.body_en else ["ja"]
            # Each preview is marked with its language: an English page may show the Japanese message.
            extra["previews"] = [
                (lang, mailout_message_render(mailout, email=email, name=_("(事業者名)"), language=lang))
                for lang in languages
            ]
            try:
                extra["count"] = mailout_recipients_count(mailout)
            except ServiceError:
                extra["count"] = None
        elif mailout.status != Mailout.Status.DRAFT and mailout.recipients_total:
            extra["progress"] = mailout_progress_json(mailout_progress_get(mailout))
        return TemplateResponse(
            request, "admin/mailouts/mailout/detail.html", self._context(request, str(mailout), **extra)
        )

    def test_send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        mailout = get_object_or_404(Mailout, pk=pk)
        if request.method != "POST":
            return redirect("admin:mailouts_mailout_change", pk)
        try:
            count = mailout_test_send(request.user, mailout)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(
                request, _("テストメールを %(count)s 通、あなたのアドレスに送りました。") % {"count": count}
            )
        return redirect("admin:mailouts_mailout_change", pk)

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The confirmation before sending: the exact count, then now or at a time."""
        mailout = get_object_or_404(Mailout, pk=pk)
        if mailout.status != Mailout.Status.DRAFT:
            return redirect("admin:mailouts_mailout_change", pk)
        form = MailoutSendForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                mailout_schedule(request.user, mailout, at=form.scheduled_at())
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                done = _("送信を予約しました。") if form.scheduled_at() else _("送信を始めました。")
                messages.success(request, done)
                return redirect("admin:mailouts_mailout_change", pk)
        context = self._context(
            request, _("送信の確認"), mailout=mailout, form=form, count=mailout_recipients_count(mailout)
        )
        return TemplateResponse(request, "admin/mailouts/mailout/send.html", context)

    def progress_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        mailout = get_object_or_404(Mailout, pk=pk)
        return JsonResponse(mailout_progress_json(mailout_progress_get(mailout)))

    def _control(self, request: HttpRequest, pk: int, call: Any, done: str) -> HttpResponse:
        mailout = get_object_or_404(Mailout, pk=pk)
        try:
            call(request.user, mailout)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, done)
        return redirect("admin:mailouts_mailout_change", pk)

    @staticmethod
    def _post_only(request: HttpRequest) -> None:
        if request.method != "POST":
            raise PermissionDenied

    def pause_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._post_only(request)
        return self._control(request, pk, mailout_pause, _("送信を一時停止しました。"))

    def resume_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._post_only(request)
        return self._control(request, pk, mailout_resume, _("送信を再開しました。"))

    def cancel_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(Mailout, pk=pk),
            MailoutCancelForm,
            mailout_cancel,
            title=_("送信を中止"),
            intro=_(
                "まだ送っていない宛先への送信をやめます。送信済みのメールは取り消せません。中止の理由を記録してください。"
            ),
            done=_("送信を中止しました。"),
        )


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdmin):
    """The addresses that get no more mail-outs; staff add one by hand through a service (audited)."""

    list_display = ["email", "reason", "created_at", "mailout", "detail"]
    list_filter = ["reason"]
    search_fields = ["email"]
    date_hierarchy = "created_at"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "add-by-hand/",
                self.admin_site.admin_view(self.add_by_hand_view),
                name="mailouts_suppression_add_by_hand",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        counts = dict(
            Suppression.objects.values_list("reason").annotate(n=Count("pk")).values_list("reason", "n")
        )
        extra = {
            "unsubscribed_count": counts.get(Suppression.Reason.UNSUBSCRIBED, 0),
            "bounced_count": counts.get(Suppression.Reason.BOUNCED, 0),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def add_by_hand_view(self, request: HttpRequest) -> HttpResponse:
        if not getattr(request.user, "is_staff", False):
            raise PermissionDenied
        form = SuppressionAddForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                suppression_staff_add(request.user, **form.cleaned_data)
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, _("配信停止のアドレスに追加しました。"))
                return redirect("admin:mailouts_suppression_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("配信停止のアドレスを追加"),
            "form": form,
            "cancel_url": reverse("admin:mailouts_suppression_changelist"),
        }
        return TemplateResponse(request, "admin/mailouts/suppression/add_by_hand.html", context)
