"""Reads of the inquiries app. Like the services, each checks who is asking.

- ``inquiries_for_user``: the threads a declarer sees on My Page (their own, and their organisation's).
- ``inquiry_thread``: one inquiry and its messages as the asker may see them (staff also see internal notes).
- ``inquiries_search``: the office's queue, filtered and searched.
- ``inquiry_for_token``: the inquiry a signed reply link names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import AccessDenied
from secaction.organizations.permissions import organization_role
from secaction.organizations.selectors import membership_for_user

from .models import Inquiry, InquiryMessage
from .tokens import reply_token_read

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User


def inquiries_for_user(user: User | AnonymousUser) -> QuerySet[Inquiry]:
    """The user's own inquiries and those filed for their organisation, newest activity first."""
    if not getattr(user, "is_authenticated", False):
        return Inquiry.objects.none()
    membership = membership_for_user(user)
    scope = Q(user_id=user.pk)
    if membership is not None:
        scope |= Q(organization_id=membership.organization_id)
    return Inquiry.objects.filter(scope).order_by("-last_message_at")


@dataclass(frozen=True)
class Thread:
    inquiry: Inquiry
    messages: list[InquiryMessage]


def _may_read(user: User | AnonymousUser, inquiry: Inquiry) -> bool:
    if getattr(user, "pk", None) is not None and user.pk == inquiry.user_id:
        return True
    return inquiry.organization is not None and organization_role(user, inquiry.organization) is not None


def inquiry_thread(user: User | AnonymousUser | None, inquiry: Inquiry, *, token_ok: bool = False) -> Thread:
    """The thread as ``user`` may see it: staff see everything, the inquirer (or their organisation, or the
    holder of a valid reply link, ``token_ok``) sees it without internal notes. ``AccessDenied`` otherwise."""
    messages = inquiry.messages.select_related("author")
    if getattr(user, "is_staff", False):
        return Thread(inquiry, list(messages))
    if not token_ok and (user is None or not _may_read(user, inquiry)):
        raise AccessDenied(_("このお問い合わせを見ることはできません。"))
    return Thread(inquiry, list(messages.filter(is_internal_note=False)))


def inquiries_search(
    staff: User | AnonymousUser,
    *,
    text: str = "",
    status: str = "",
    category: str = "",
    assignee_id: int | None = None,
) -> QuerySet[Inquiry]:
    """The office's queue: by status, category and assignee, and a text that matches the reference number,
    the e-mail address, the name, the subject or any message of the thread."""
    staff_require(staff)
    rows = Inquiry.objects.select_related("assignee", "organization")
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category=category)
    if assignee_id is not None:
        rows = rows.filter(assignee_id=assignee_id)
    text = text.strip()
    if text:
        matching = InquiryMessage.objects.filter(body__icontains=text).values("inquiry_id")
        rows = rows.filter(
            Q(reference__iexact=text)
            | Q(email__iexact=text)
            | Q(name__icontains=text)
            | Q(subject__icontains=text)
            | Q(pk__in=matching)
        )
    return rows.order_by("-last_message_at")


def inquiry_for_token(token: str) -> Inquiry:
    """The inquiry a reply link names; ``AccessDenied`` when the link is forged, expired or for another address."""
    read = reply_token_read(token)
    inquiry = Inquiry.objects.filter(pk=read[0]).first() if read else None
    if inquiry is None or read is None or inquiry.email.lower() != read[1]:
        raise AccessDenied(
            _("このリンクは無効か、有効期限が切れています。新しいお問い合わせとしてお送りください。")
        )
    return inquiry
