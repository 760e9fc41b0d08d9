"""Writes of the declaration lifecycle by the declarer (and its end by staff). Every transition is
audited and mailed (after commit).

State machine (see docs/declarations.md):

    (none) --submit--> ACTIVE                      immediate mode: ID issued at once
    (none) --submit--> PENDING --accept--> ACTIVE  reviewed mode: ID issued on acceptance (review.py)
                       PENDING --return--> RETURNED --resubmit--> PENDING (or ACTIVE in immediate mode)
    ACTIVE ★ --upgrade--> ACTIVE ★★ --downgrade--> ACTIVE ★      same declaration ID
    PENDING / RETURNED / ACTIVE --withdraw (declarer)--> WITHDRAWN
    PENDING / RETURNED / ACTIVE --cancel (staff)-----> CANCELLED

Withdrawn and cancelled declarations are kept as history; a new declaration
afterwards is a new row with a new ID. Whenever a declaration becomes active or
changes level without staff review, the automatic checks run afterwards in the
background (``review._checks_schedule``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.organizations.models import Organization
from secaction.organizations.permissions import organization_member_require, staff_require

from ..models import (
    OPEN_STATUSES,
    Declaration,
    EventKind,
    Level,
    LogoDownload,
    ProgrammeSettings,
    ReviewMode,
    Status,
    TermsVersion,
)
from ..rules import TwoStarInput, pledge_errors, two_star_errors
from ._shared import _activate, _audit, _event, _lock, _lock_for, _mail, _require_reason, _transition_record
from .review import _checks_schedule
from .terms import _agree_terms, _require_current_terms, _terms_for_upgrade

if TYPE_CHECKING:
    from secaction.accounts.models import User


def _check_two_star(two_star: TwoStarInput | None) -> TwoStarInput:
    if two_star is None:
        raise ServiceError(_("二つ星の申込み内容が入力されていません。"), code="two_star_missing")
    errors = two_star_errors(two_star)
    if errors:
        raise ServiceError(
            {field: [ServiceError(message, code="two_star_invalid")] for field, message in errors.items()}
        )
    return two_star


def _check_declaring(
    level: str, pledged_principles: Iterable[int], two_star: TwoStarInput | None
) -> list[int]:
    """Validate what a declarer chose (level, the five pledges, ★★ details); returns the sorted pledges."""
    if level not in Level.values:
        raise ServiceError(_("一つ星か二つ星を選んでください。"), code="level")
    pledges = sorted({int(n) for n in pledged_principles})
    problems = pledge_errors(pledges)
    if problems:
        raise ServiceError(problems[0], code="pledges")
    if level == Level.TWO_STAR:
        _check_two_star(two_star)
    return pledges


def _apply_two_star(declaration: Declaration, two_star: TwoStarInput | None) -> None:
    data = two_star or TwoStarInput()
    declaration.publication_method = data.publication_method if two_star else ""
    declaration.publication_url = (
        data.publication_url.strip() if two_star and data.publication_method == "website" else ""
    )
    declaration.publication_note = data.publication_note.strip() if two_star else ""
    declaration.diagnosis_ref = data.diagnosis_ref
    declaration.diagnosis_total = data.diagnosis_total if data.diagnosis_ref is not None else None
    declaration.policy_ref = data.policy_ref
    declaration.diagnosis_stated = bool(two_star) and data.diagnosis_stated and data.diagnosis_ref is None
    declaration.policy_stated = bool(two_star) and data.policy_stated and data.policy_ref is None


def _submission_record(
    declaration: Declaration,
    kind: EventKind,
    user: User,
    action: str,
    before: dict[str, Any],
    mode: str,
    *,
    message: str = "",
) -> None:
    """Record a saved (re)submission: history event, audit and mail; immediate ``mode`` activates it first.

    The mail says which happened: ``issued``, or ``received`` while it waits for staff review.
    An immediate issue also schedules the automatic checks, which staff see afterwards.
    """
    _event(declaration, kind, user)
    if mode == ReviewMode.IMMEDIATE:
        _activate(declaration, user, by_staff=False)
        _checks_schedule(declaration)
    _audit(user, action, declaration, before, message=message)
    _mail(declaration, "issued" if declaration.status == Status.ACTIVE else "received")


def _end(declaration: Declaration, status: str, reason: str) -> dict[str, Any]:
    """End a locked declaration that is still open (withdrawn or cancelled); returns its snapshot before."""
    if declaration.status not in OPEN_STATUSES:
        raise ServiceError(_("この宣言はすでに終了しています。"), code="state")
    before = model_snapshot(declaration)
    declaration.status = status
    declaration.status_reason = reason
    declaration.ended_at = timezone.now()
    declaration.save()
    return before


_ALREADY_OPEN = "already_open"


def declaration_submit(
    *,
    organization: Organization,
    user: User,
    level: str,
    pledged_principles: Iterable[int],
    terms_version: TermsVersion | None,
    two_star: TwoStarInput | None = None,
) -> Declaration:
    """Submit a new declaration for ``organization`` by one of its members.

    In immediate mode the declaration is active with an ID at once; in reviewed
    mode it waits for staff (PENDING). Raises ``ServiceError`` when the input is
    incomplete or the organisation already has an open declaration, ``AccessDenied``
    when ``user`` is not a member.
    """
    pledges = _check_declaring(level, pledged_principles, two_star)
    with transaction.atomic():
        # Locking the organisation row serialises two members submitting at the same moment.
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        organization_member_require(user, org)
        terms = _require_current_terms(terms_version)
        if Declaration.objects.filter(organization=org, status__in=OPEN_STATUSES).exists():
            raise ServiceError(
                _(
                    "この事業者には手続き中または有効な自己宣言がすでにあります。マイページで状況を確認してください。"
                ),
                code=_ALREADY_OPEN,
            )
        mode = ProgrammeSettings.load().review_mode
        now = timezone.now()
        declaration = Declaration(
            organization=org,
            level=level,
            status=Status.PENDING,
            submitted_by=user,
            submitted_at=now,
            terms_version=terms,
            terms_accepted_at=now,
            terms_accepted_by=user,
            pledged_principles=pledges,
        )
        _apply_two_star(declaration, two_star if level == Level.TWO_STAR else None)
        try:
            with transaction.atomic():
                declaration.save()
        except IntegrityError as exc:  # the partial unique constraint, if the lock was bypassed
            raise ServiceError(
                _("この事業者には手続き中または有効な自己宣言がすでにあります。"), code=_ALREADY_OPEN
            ) from exc
        _submission_record(
            declaration, EventKind.SUBMITTED, user, "declaration.submit", {}, mode, message=f"mode={mode}"
        )
    return declaration


def declaration_resubmit(
    *,
    declaration: Declaration,
    user: User,
    level: str,
    pledged_principles: Iterable[int],
    terms_version: TermsVersion | None,
    two_star: TwoStarInput | None = None,
) -> Declaration:
    """Send a RETURNED declaration again after correcting it; it follows the current review mode."""
    pledges = _check_declaring(level, pledged_principles, two_star)
    with transaction.atomic():
        decl = _lock_for(declaration, user)
        if decl.status != Status.RETURNED:
            raise ServiceError(_("この申込みは差し戻されていないため、再申込みできません。"), code="state")
        terms = _require_current_terms(terms_version)
        before = model_snapshot(decl)
        now = timezone.now()
        decl.level = level
        decl.pledged_principles = pledges
        decl.status = Status.PENDING
        decl.submitted_by = user
        decl.submitted_at = now
        _agree_terms(decl, terms, user, now)
        _apply_two_star(decl, two_star if level == Level.TWO_STAR else None)
        decl.save()
        mode = ProgrammeSettings.load().review_mode
        _submission_record(decl, EventKind.RESUBMITTED, user, "declaration.resubmit", before, mode)
    return decl


def declaration_upgrade(
    *,
    declaration: Declaration,
    user: User,
    two_star: TwoStarInput | None,
    terms_version: TermsVersion | None = None,
) -> Declaration:
    """Raise an active ★ declaration to ★★, keeping its declaration ID.

    Takes effect at once in both review modes: the organisation and its ID were
    already checked, staff see the automatic checks afterwards and can still cancel misuse.
    The agreement to the logo terms is kept when the declaration agreed to the version in
    force; only when that version changed since must ``terms_version`` be the new one
    (``ServiceError`` with code ``terms_changed`` otherwise).
    """
    data = _check_two_star(two_star)
    with transaction.atomic():
        decl = _lock_for(declaration, user)
        if decl.status != Status.ACTIVE or decl.level != Level.ONE_STAR:
            raise ServiceError(_("有効な一つ星の宣言だけを二つ星に変更できます。"), code="state")
        terms = _terms_for_upgrade(decl, terms_version)
        before = model_snapshot(decl)
        now = timezone.now()
        decl.level = Level.TWO_STAR
        # Moving to ★★ is a fresh look at the declaration: it counts as a confirmation.
        decl.last_confirmed_at = now
        if terms is not None:
            _agree_terms(decl, terms, user, now)
        _apply_two_star(decl, data)
        decl.save()
        _transition_record(decl, EventKind.UPGRADED, user, "declaration.upgrade", before)
        _checks_schedule(decl)
    return decl


def declaration_downgrade(*, declaration: Declaration, user: User, reason: str) -> Declaration:
    """Lower an active ★★ declaration to ★ (e.g. the policy is no longer published). Owner only; same ID."""
    with transaction.atomic():
        decl = _lock_for(declaration, user, owner=True)
        text = _require_reason(reason, _("一つ星に変更する理由"))
        if decl.status != Status.ACTIVE or decl.level != Level.TWO_STAR:
            raise ServiceError(_("有効な二つ星の宣言だけを一つ星に変更できます。"), code="state")
        before = model_snapshot(decl)
        decl.level = Level.ONE_STAR
        _apply_two_star(decl, None)
        decl.save()
        _transition_record(decl, EventKind.DOWNGRADED, user, "declaration.downgrade", before, reason=text)
    return decl


def declaration_withdraw(*, declaration: Declaration, user: User, reason: str) -> Declaration:
    """The declarer ends its own declaration (or application). Owner only; the row stays as history."""
    with transaction.atomic():
        decl = _lock_for(declaration, user, owner=True)
        text = _require_reason(reason, _("取り下げの理由"))
        before = _end(decl, Status.WITHDRAWN, text)
        _transition_record(decl, EventKind.WITHDRAWN, user, "declaration.withdraw", before, reason=text)
    return decl


def declaration_cancel(*, declaration: Declaration, staff: User, reason: str) -> Declaration:
    """Staff cancel a declaration for misuse; the reason is shown to the declarer."""
    staff_require(staff)
    text = _require_reason(reason, _("取消しの理由"))
    with transaction.atomic():
        decl = _lock(declaration)
        before = _end(decl, Status.CANCELLED, text)
        _transition_record(
            decl, EventKind.CANCELLED, staff, "declaration.cancel", before, reason=text, by_staff=True
        )
    return decl


def logo_download_record(*, declaration: Declaration, user: User, file_format: str) -> LogoDownload:
    """Log one download of a logo mark or certificate (model row and audit event).

    Only a member of the declaration's organisation downloads its marks (``AccessDenied`` otherwise).
    """
    organization_member_require(user, declaration.organization)
    row = LogoDownload.objects.create(
        declaration=declaration, user=user, level=declaration.level, file_format=file_format
    )
    audit_record(
        actor=user,
        action="declaration.download",
        target=declaration,
        message=f"{declaration.level} {file_format}",
    )
    return row
