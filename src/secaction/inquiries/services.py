"""Writes of the inquiries app: the contact form, the office's queue, the inquirer's answers.

Contract: every function checks who is acting (staff through ``staff_require``; an inquirer through
``_declarer_require``; the signed link through ``tokens``), raises ``ServiceError`` / ``AccessDenied`` with a
message in the user's language, writes one audit event per change and mails after commit
(``core.services.mail_send``). Nothing is deleted. See docs/inquiries.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, mail_send
from secaction.organizations.permissions import organization_role
from secaction.organizations.selectors import membership_for_user

from .models import Category, Inquiry, InquiryMessage, Status
from .ratelimit import inquiry_rate_allows
from .selectors import inquiry_for_token
from .tokens import reply_token_make

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User

logger = logging.getLogger(__name__)

BODY_MAX = 8000
SUBJECT_MAX = 200


def _text_require(body: str, *, field: str = "body", limit: int = BODY_MAX) -> str:
    text = (body or "").strip()
    if not text:
        raise ServiceError({field: [_("本文を入力してください。")]})
    if len(text) > limit:
        raise ServiceError({field: [_("%(limit)s 文字以内で入力してください。") % {"limit": limit}]})
    return text


def _message_add(
    inquiry: Inquiry, *, kind: str, author: Any, body: str, internal: bool = False
) -> InquiryMessage:
    now = timezone.now()
    message = InquiryMessage.objects.create(
        inquiry=inquiry,
        author_kind=kind,
        author=author if getattr(author, "is_authenticated", False) else None,
        body=body,
        is_internal_note=internal,
        created_at=now,
    )
    audit_record(
        actor=author,
        action="inquiry.note" if internal else f"inquiry.message.{kind}",
        target=inquiry,
        after={"message_id": message.pk, "author_kind": kind, "internal": internal, "length": len(body)},
    )
    return message


def _touch(inquiry: Inquiry, *, status: str | None = None, message: bool = True) -> None:
    now = timezone.now()
    inquiry.updated_at = now
    fields = ["updated_at"]
    if message:
        inquiry.last_message_at = now
        fields.append("last_message_at")
    if status is not None:
        inquiry.status = status
        fields.append("status")
    inquiry.save(update_fields=fields)


def _reply_link(inquiry: Inquiry) -> str:
    """Where the inquirer answers: the thread on My Page for an account, a signed reply form otherwise."""
    if inquiry.user_id is not None:
        path = reverse("inquiries:mine_thread", args=[inquiry.pk])
    else:
        path = reverse("inquiries:token_reply", args=[reply_token_make(inquiry.pk, inquiry.email)])
    return settings.SITE_URL.rstrip("/") + path


def inquiry_submit(
    user: User | AnonymousUser | None,
    *,
    category: str,
    subject: str,
    body: str,
    name: str,
    email: str,
    client_ip: str = "",
    honeypot: str = "",
) -> Inquiry | None:
    """File a new inquiry from anyone (open by design) and mail the acknowledgement with its reference number.

    A logged-in user's inquiry is linked to the user and to their organisation. Returns None, writing nothing,
    when the hidden honeypot field was filled (a bot: it is shown the usual thanks page). Refuses with a
    ``ServiceError`` when the e-mail address or the client address sent too many inquiries this hour.
    """
    if honeypot.strip():
        logger.info("inquiry dropped: honeypot filled")
        return None
    if category not in Category.values:
        raise ServiceError({"category": [_("お問い合わせの種類を選んでください。")]})
    subject = _text_require(subject, field="subject", limit=SUBJECT_MAX)
    text = _text_require(body)
    name = (name or "").strip()
    email = (email or "").strip()
    if not name or not email:
        raise ServiceError(_("お名前とメールアドレスを入力してください。"))
    if not inquiry_rate_allows(email=email, client_ip=client_ip):
        raise ServiceError(
            _(
                "短い時間に多くのお問い合わせが送られました。しばらく(1時間ほど)たってから、もう一度お送りください。"
            )
        )
    account: User | None = user if user is not None and user.is_authenticated else None  # type: ignore[assignment]
    membership = membership_for_user(account) if account is not None else None
    language = getattr(account, "language", "") or translation.get_language() or settings.LANGUAGE_CODE
    now = timezone.now()
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            category=category,
            subject=subject,
            name=name,
            email=email,
            user=account,
            organization=membership.organization if membership else None,
            language=language[:8],
            created_at=now,
            updated_at=now,
            last_message_at=now,
        )
        inquiry.reference = f"Q-{timezone.localtime(now).year}-{inquiry.pk:06d}"
        inquiry.save(update_fields=["reference"])
        audit_record(actor=account, action="inquiry.submit", target=inquiry, after={"category": category})
        _message_add(inquiry, kind=InquiryMessage.Author.DECLARER, author=account, body=text)
        mail_send(
            to=email,
            template="inquiries/mail/received",
            context={"inquiry": inquiry, "body": text, "logged_in": account is not None},
            language=inquiry.language,
        )
    return inquiry


def inquiry_reply(staff: User | AnonymousUser, inquiry: Inquiry, body: str, *, waiting: bool = False) -> None:
    """Staff answer the inquirer: the reply joins the thread and is mailed in the inquiry's language.

    The status becomes "answered", or "waiting for the inquirer" when ``waiting`` (a question back).
    """
    staff_require(staff)
    text = _text_require(body)
    with transaction.atomic():
        before = inquiry.status
        _message_add(inquiry, kind=InquiryMessage.Author.STAFF, author=staff, body=text)
        _touch(inquiry, status=Status.WAITING if waiting else Status.ANSWERED)
        audit_record(
            actor=staff,
            action="inquiry.status",
            target=inquiry,
            before={"status": before},
            after={"status": inquiry.status},
        )
        mail_send(
            to=inquiry.email,
            template="inquiries/mail/reply",
            context={"inquiry": inquiry, "body": text, "reply_url": _reply_link(inquiry)},
            language=inquiry.language,
        )


def inquiry_note_add(staff: User | AnonymousUser, inquiry: Inquiry, body: str) -> None:
    """An internal note on the thread: staff alone see it; nothing is mailed and the status stays."""
    staff_require(staff)
    text = _text_require(body)
    with transaction.atomic():
        _message_add(inquiry, kind=InquiryMessage.Author.STAFF, author=staff, body=text, internal=True)
        _touch(inquiry, message=False)


def inquiry_assign(staff: User | AnonymousUser, inquiry: Inquiry, assignee: User | None) -> None:
    """Give the inquiry to a staff member (or to nobody). A new inquiry becomes "open" once assigned."""
    staff_require(staff)
    if assignee is not None and not assignee.is_staff:
        raise ServiceError({"assignee": [_("担当スタッフには事務局の担当者を選んでください。")]})
    before = {"assignee": inquiry.assignee_id, "status": inquiry.status}
    inquiry.assignee = assignee
    if assignee is not None and inquiry.status == Status.NEW:
        inquiry.status = Status.OPEN
    inquiry.updated_at = timezone.now()
    inquiry.save(update_fields=["assignee", "status", "updated_at"])
    audit_record(
        actor=staff,
        action="inquiry.assign",
        target=inquiry,
        before=before,
        after={"assignee": inquiry.assignee_id, "status": inquiry.status},
    )


def inquiry_status_change(staff: User | AnonymousUser, inquiry: Inquiry, status: str) -> None:
    """Set the status by hand (close, reopen …); nothing is mailed."""
    staff_require(staff)
    if status not in Status.values:
        raise ServiceError({"status": [_("状態を選んでください。")]})
    before = inquiry.status
    _touch(inquiry, status=status, message=False)
    audit_record(
        actor=staff,
        action="inquiry.status",
        target=inquiry,
        before={"status": before},
        after={"status": status},
    )


def _declarer_require(user: User | AnonymousUser, inquiry: Inquiry) -> None:
    """``AccessDenied`` unless the user filed the inquiry or is an active member of its organisation."""
    if getattr(user, "pk", None) is not None and user.pk == inquiry.user_id:
        return
    if inquiry.organization is not None and organization_role(user, inquiry.organization) is not None:
        return
    raise AccessDenied(_("このお問い合わせを送った方と、その事業者のメンバーだけが返信できます。"))


def _declarer_message(inquiry: Inquiry, actor: Any, body: str) -> InquiryMessage:
    text = _text_require(body)
    with transaction.atomic():
        message = _message_add(inquiry, kind=InquiryMessage.Author.DECLARER, author=actor, body=text)
        before = inquiry.status
        _touch(inquiry, status=Status.OPEN)
        if before != Status.OPEN:
            audit_record(
                actor=actor,
                action="inquiry.status",
                target=inquiry,
                before={"status": before},
                after={"status": Status.OPEN},
            )
    return message


def inquiry_declarer_reply(user: User | AnonymousUser, inquiry: Inquiry, body: str) -> InquiryMessage:
    """The inquirer (or a member of its organisation) answers on My Page; the inquiry is open again."""
    _declarer_require(user, inquiry)
    return _declarer_message(inquiry, user, body)


def inquiry_token_reply(token: str, body: str, *, client_ip: str = "") -> InquiryMessage:
    """An inquirer without an account answers through the signed link of a reply mail.

    Whoever holds the link may answer that one inquiry; the link expires (``tokens.REPLY_LINK_DAYS``) and the
    answers count against the same hourly limit as the contact form.
    """
    inquiry = inquiry_for_token(token)
    if not inquiry_rate_allows(email=inquiry.email, client_ip=client_ip):
        raise ServiceError(
            _("短い時間に多くのメッセージが送られました。しばらくたってから、もう一度お送りください。")
        )
    return _declarer_message(inquiry, None, body)
