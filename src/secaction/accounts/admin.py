"""Back office for user accounts: read, and act only through ``accounts.services``.

People change their own address, password and second factor on the site. Staff may
change someone's log-in address (with a reason) and give or take the programme-office
role; both are service calls, checked and audited. Passwords are never set here (the
person resets their own), and accounts are not added or deleted here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.admin import ServiceOnlyAdmin
from secaction.core.models import OutgoingMail

from . import services
from .models import User
from .web import signed_in_user


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("新しいメールアドレス"))
    reason = forms.CharField(
        label=gettext_lazy("理由(監査ログに残ります。本人確認の方法も書いてください)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
    )


@admin.register(User)
class UserAdmin(ServiceOnlyAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    # The password hash, groups and per-user permissions are not shown at all.
    fieldsets = (
        (None, {"fields": ("email", "language", "staff_actions")}),
        (gettext_lazy("氏名"), {"fields": ("last_name", "first_name")}),
        (gettext_lazy("権限"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (gettext_lazy("日時"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["staff_actions"]
    actions = ["staff_grant", "staff_revoke"]

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: User) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:accounts_user_email_change", args=[obj.pk]),
            _("メールアドレスを変更する"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/email/",
                self.admin_site.admin_view(self.email_change_view),
                name="accounts_user_email_change",
            ),
            *super().get_urls(),
        ]

    def email_change_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(User, pk=pk),
            EmailChangeForm,
            services.user_email_change,
            title=_("ログイン用メールアドレスの変更"),
            intro=_(
                "本人確認ができたときだけ変更してください。新しいアドレスは未確認の状態になり、"
                "次のログイン時に本人が確認します。古いアドレスではログインできなくなります。"
            ),
            done=_("メールアドレスを変更しました。"),
        )

    @admin.action(description=gettext_lazy("選んだユーザーを事務局の担当者にする"))
    def staff_grant(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self.service_action_each(
            request,
            queryset,
            lambda row: services.user_staff_set(signed_in_user(request), row, is_staff=True),
            _("%(count)d人を事務局の担当者にしました。"),
        )

    @admin.action(description=gettext_lazy("選んだユーザーを事務局の担当者から外す"))
    def staff_revoke(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self.service_action_each(
            request,
            queryset,
            lambda row: services.user_staff_set(signed_in_user(request), row, is_staff=False),
            _("%(count)d人を事務局の担当者から外しました。"),
        )


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ServiceOnlyAdmin):
    """The mail journal, redacted: only ``body_text`` / ``body_html`` (token links replaced) are shown.

    The sendable copy (``send_text`` / ``send_html``) and the delivery claim never appear here (issue 10,
    finding 1: a live password-reset link would let staff log in as the person). Registered here, not in
    ``core``, because resending is a staff service (``accounts.services.mail_resend``).
    """

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["to", "subject", "message_id"]
    fields = [
        "created_at",
        "to",
        "language",
        "template",
        "subject",
        "message_id",
        "status",
        "attempts",
        "last_error",
        "queued_at",
        "next_attempt_at",
        "sent_at",
        "body_text",
        "body_html",
    ]
    actions = ["resend"]

    @admin.action(description=gettext_lazy("選んだ送信失敗メールを再送する"))
    def resend(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        self.service_action_each(
            request,
            queryset,
            lambda row: services.mail_resend(signed_in_user(request), row),
            _("%(count)d通のメールを再送の列に戻しました。"),
        )
