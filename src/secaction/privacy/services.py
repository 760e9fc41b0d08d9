"""Writes of the privacy app: correction and deletion requests, and the anonymisation of a person.

docs/privacy-and-retention.md, "Correction and deletion". A person acts only on their own account (the
services take the signed-in user and never another person's id); staff answer corrections and may stop a
pending deletion. Nothing is hard-deleted: the request rows stay, and the anonymised user row stays so that
every record pointing at it (declarations, events, audit) keeps its id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.models import User
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, mail_send
from secaction.organizations.models import Membership
from secaction.organizations.permissions import staff_require
from secaction.organizations.selectors import membership_for_user, organization_declaration_is_active

from .anonymise import user_anonymise
from .models import DataRequest

CORRECTION_MAX_CHARS = 4000


def _person(user: User | AnonymousUser) -> User:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        raise AccessDenied(_("ログインしてください。"))
    assert isinstance(user, User)
    return user


def _office_addresses() -> list[str]:
    """``PRIVACY_OFFICE_EMAIL`` when set; otherwise every active staff member."""
    if settings.PRIVACY_OFFICE_EMAIL:
        return [settings.PRIVACY_OFFICE_EMAIL]
    return list(
        User.objects.filter(is_staff=True, is_active=True).order_by("id").values_list("email", flat=True)
    )


def _office_tell(request: DataRequest, **extra: Any) -> None:
    for to in _office_addresses():
        mail_send(
            to=to,
            template="privacy/mail/office_request",
            context={"request": request, "requester_email": request.user.email, **extra},
        )


def correction_request(user: User | AnonymousUser, body: str) -> DataRequest:
    """Ask the office to correct data the portal holds about the person or their organisation.

    Audited; the office is mailed. Staff answer it with ``correction_answer``.
    """
    person = _person(user)
    body = (body or "").strip()
    if not body:
        raise ServiceError({"body": [_("訂正してほしい内容を入力してください。")]})
    if len(body) > CORRECTION_MAX_CHARS:
        raise ServiceError({"body": [_("訂正の依頼は4000文字以内で入力してください。")]})
    membership = membership_for_user(person)
    with transaction.atomic():
        request = DataRequest.objects.create(
            kind=DataRequest.Kind.CORRECTION,
            user=person,
            organization_id=membership.organization_id if membership else None,
            body=body,
            status=DataRequest.Status.PENDING,
            requested_at=timezone.now(),
        )
        audit_record(actor=person, action="privacy.correction_requested", target=request)
        _office_tell(request)
    return request


def correction_answer(staff: User | AnonymousUser, request: DataRequest, note: str) -> DataRequest:
    """Staff record how a correction request was handled (the correction itself is made where the data is)."""
    staff_require(staff)
    if request.kind != DataRequest.Kind.CORRECTION or request.status != DataRequest.Status.PENDING:
        raise ServiceError(_("この依頼は対応済みです。"))
    with transaction.atomic():
        request.status = DataRequest.Status.ANSWERED
        request.handled_by = staff  # type: ignore[assignment]
        request.handled_at = timezone.now()
        request.note = (note or "").strip()
        request.save(update_fields=["status", "handled_by", "handled_at", "note"])
        audit_record(actor=staff, action="privacy.correction_answered", target=request, message=request.note)
    return request


def deletion_request(user: User | AnonymousUser, *, password: str) -> DataRequest:
    """Schedule the anonymisation of the person's account after ``PRIVACY_DELETION_GRACE_DAYS``.

    The person confirms with their password (an account that signs in only through GビズID has none and
    is not asked). They may cancel until it is due (``deletion_cancel``); staff may stop it
    (``deletion_stop``). The last owner of an organisation with an active declaration may leave too: the
    organisation and its declaration stay public, and the office is told so it can reach the organisation.
    """
    person = _person(user)
    if person.has_usable_password() and not person.check_password(password or ""):
        raise ServiceError({"password": [_("パスワードが正しくありません。")]})
    membership = membership_for_user(person)
    last_owner = bool(
        membership
        and membership.role == Membership.Role.OWNER
        and not Membership.objects.filter(
            organization_id=membership.organization_id, role=Membership.Role.OWNER, is_active=True
        )
        .exclude(user=person)
        .exists()
        and organization_declaration_is_active(membership.organization)
    )
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()  # one request at a time per person
        if DataRequest.objects.filter(
            user=person, kind=DataRequest.Kind.DELETION, status=DataRequest.Status.SCHEDULED
        ).exists():
            raise ServiceError(_("アカウントの削除はすでに予定されています。"))
        request = DataRequest.objects.create(
            kind=DataRequest.Kind.DELETION,
            user=person,
            organization_id=membership.organization_id if membership else None,
            status=DataRequest.Status.SCHEDULED,
            requested_at=now,
            due_at=now + dt.timedelta(days=settings.PRIVACY_DELETION_GRACE_DAYS),
        )
        audit_record(
            actor=person,
            action="privacy.deletion_requested",
            target=request,
            after={"due_at": request.due_at, "last_owner_of_active_declaration": last_owner},
        )
        mail_send(
            to=person.email,
            template="privacy/mail/deletion_scheduled",
            context={"request": request},
            language=person.language,
        )
        _office_tell(request, last_owner=last_owner)
    return request


def deletion_cancel(user: User | AnonymousUser) -> DataRequest:
    """The person withdraws their own scheduled deletion before it is due."""
    person = _person(user)
    with transaction.atomic():
        request = (
            DataRequest.objects.select_for_update()
            .filter(user=person, kind=DataRequest.Kind.DELETION, status=DataRequest.Status.SCHEDULED)
            .first()
        )
        if request is None:
            raise ServiceError(_("取り消せる削除の予定はありません。"))
        request.status = DataRequest.Status.STOPPED
        request.handled_by = person
        request.handled_at = timezone.now()
        request.note = _("本人が取り消しました。")
        request.save(update_fields=["status", "handled_by", "handled_at", "note"])
        audit_record(actor=person, action="privacy.deletion_cancelled", target=request)
    return request


def deletion_stop(staff: User | AnonymousUser, request: DataRequest, reason: str) -> DataRequest:
    """Staff stop a scheduled deletion (e.g. a dispute, a legal hold), with a reason mailed to the person."""
    staff_require(staff)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": [_("中止の理由を入力してください。")]})
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=request.pk)
        if locked.kind != DataRequest.Kind.DELETION or locked.status != DataRequest.Status.SCHEDULED:
            raise ServiceError(_("この削除の予定はもう中止できません。"))
        locked.status = DataRequest.Status.STOPPED
        locked.handled_by = staff  # type: ignore[assignment]
        locked.handled_at = timezone.now()
        locked.note = reason
        locked.save(update_fields=["status", "handled_by", "handled_at", "note"])
        audit_record(actor=staff, action="privacy.deletion_stopped", target=locked, message=reason)
        mail_send(
            to=locked.user.email,
            template="privacy/mail/deletion_stopped",
            context={"request": locked, "reason": reason},
            language=locked.user.language,
        )
    return locked


def deletions_due_apply(now: dt.datetime | None = None) -> int:
    """Anonymise every person whose scheduled deletion is due; returns how many. Run by the daily task.

    Each person in their own transaction, so one failure does not hold back the others.
    """
    now = now or timezone.now()
    due = DataRequest.objects.filter(
        kind=DataRequest.Kind.DELETION, status=DataRequest.Status.SCHEDULED, due_at__lte=now
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        with transaction.atomic():
            request = (
                DataRequest.objects.select_for_update()
                .filter(pk=pk, status=DataRequest.Status.SCHEDULED)
                .select_related("user")
                .first()
            )
            if request is None:  # stopped or cancelled meanwhile
                continue
            user_anonymise(request.user)
            request.status = DataRequest.Status.DONE
            request.handled_at = now
            request.save(update_fields=["status", "handled_at"])
            audit_record(actor=None, action="privacy.deletion_done", target=request)
            done += 1
    return done
