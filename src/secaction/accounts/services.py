"""Writes about user accounts that the programme office makes in the back office.

People change their own address, password and second factor through allauth's pages
(audited by ``accounts.signals``). Staff act on someone else's account only through
these services: each checks ``staff_require`` itself and is audited.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import OutgoingMail
from secaction.core.services import audit_record, mail_requeue

from .models import User
from .permissions import staff_require
from .selectors import user_by_email


def user_staff_set(actor: User, user: User, *, is_staff: bool) -> User:
    """Give or take the programme-office role (``is_staff``).

    Only a superuser may, and not on their own account (nobody grants themselves a
    role or locks themselves out by mistake). Taking the role also takes superuser.
    """
    staff_require(actor)
    if not actor.is_superuser:
        raise AccessDenied(_("事務局の権限を変更できるのは、システム管理者だけです。"))
    if actor.pk == user.pk:
        raise AccessDenied(_("自分自身の事務局の権限は変更できません。"))
    if user.is_staff == is_staff:
        return user
    before = {"is_staff": user.is_staff, "is_superuser": user.is_superuser}
    user.is_staff = is_staff
    if not is_staff:
        user.is_superuser = False
    with transaction.atomic():
        user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            actor=actor,
            action="account.staff_set",
            target=user,
            before=before,
            after={"is_staff": user.is_staff, "is_superuser": user.is_superuser},
        )
    return user


def user_email_change(actor: User, user: User, email: str, *, reason: str) -> User:
    """Staff change someone's log-in address (for example, the old mailbox is gone).

    The new address becomes the primary one, unverified: allauth asks the person to
    verify it at their next log-in, so staff never vouch for a mailbox. The old
    address no longer logs in or receives password resets. ``reason`` is kept in the
    audit log.
    """
    staff_require(actor)
    email = (email or "").strip().lower()
    reason = (reason or "").strip()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ServiceError({"email": _("メールアドレスの形式が正しくありません。")}) from exc
    if not reason:
        raise ServiceError({"reason": _("変更する理由を入力してください。")})
    if email == user.email.lower():
        return user
    other = user_by_email(email)
    if other is not None or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists():
        raise ServiceError({"email": _("このメールアドレスは別のアカウントで使われています。")})
    old = user.email
    with transaction.atomic():
        # allauth's address book: the old address must stop logging in (allauth also
        # authenticates by these rows), the new one is to be verified by its owner.
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": False}
        )
        user.email = email
        user.save(update_fields=["email"])
        audit_record(
            actor=actor,
            action="account.email_change",
            target=user,
            before={"email": old},
            after={"email": email},
            message=reason,
        )
    return user


def mail_resend(actor: User, mail: OutgoingMail) -> OutgoingMail:
    """Staff queue a mail that failed for good once more, with a fresh day of retries; audited.

    Lives here rather than in ``core`` because it checks ``staff_require`` (``core`` knows no users).
    ``core.services.mail_requeue`` refuses a mail that has not failed or whose sendable copy has expired.
    """
    staff_require(actor)
    before = {"status": mail.status, "attempts": mail.attempts, "last_error": mail.last_error}
    with transaction.atomic():
        mail = mail_requeue(mail)
        audit_record(
            actor=actor,
            action="mail.resend",
            target=mail,
            before=before,
            after={"status": mail.status, "attempts": mail.attempts, "last_error": mail.last_error},
        )
    return mail
