"""Staff review: accepting and returning applications (reviewed mode), the logo mail that follows
acceptance, the automatic checks recorded after an immediate issue, and the programme settings.

In reviewed mode staff see the automatic checks (``selectors.review_checks``) in the review queue
before they accept. In immediate mode the ID is issued at once; the same checks run afterwards, in
the task ``declarations.tasks.declaration_checks`` (enqueued after commit, so the declarer never
waits for them), and what they find becomes ``ReviewFinding`` rows in the staff's findings queue.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.organizations.permissions import staff_require

from ..models import Declaration, EventKind, ProgrammeSettings, ReviewFinding, Status
from ..rules import programme_settings_errors
from ..selectors import review_checks
from ._shared import _activate, _audit, _lock, _mail, _require_reason, _transition_record

if TYPE_CHECKING:
    from secaction.accounts.models import User


def _review(declaration: Declaration, staff: User, refusal: str) -> tuple[Declaration, dict[str, Any]]:
    """Lock a PENDING declaration for a staff decision and stamp the reviewer (not saved yet).

    Returns the locked row and its snapshot from before; ``refusal`` is the error when it is not pending.
    """
    decl = _lock(declaration)
    if decl.status != Status.PENDING:
        raise ServiceError(refusal, code="state")
    before = model_snapshot(decl)
    decl.reviewed_by = staff
    decl.reviewed_at = timezone.now()
    return decl, before


def declaration_accept(*, declaration: Declaration, staff: User) -> Declaration:
    """Accept a PENDING declaration: issue its ID, make it active and send 受理のご連絡.

    The logo-download mail (``logo_ready``) follows ``ProgrammeSettings.logo_mail_delay_days``
    after acceptance: the task ``declaration_logo_mail`` is enqueued once the transaction commits,
    to run at ``declared_at + delay`` (at once on a backend that cannot defer). With a delay of 0
    it is sent here, together with 受理のご連絡. The logo marks themselves can be downloaded from
    My Page as soon as the declaration is active; the mail is guidance, not a gate.
    """
    staff_require(staff)
    with transaction.atomic():
        decl, before = _review(declaration, staff, _("確認待ちの申込みではないため、受理できません。"))
        _activate(decl, staff, by_staff=True)
        _audit(staff, "declaration.accept", decl, before)
        delay_days = ProgrammeSettings.load().logo_mail_delay_days
        _mail(decl, "accepted", {"logo_mail_days": delay_days})
        if delay_days == 0:
            _logo_mail_deliver(decl, staff)
        else:
            assert decl.declared_at is not None and decl.declaration_id  # set by _activate just above
            pk, declaration_id = decl.pk, decl.declaration_id
            run_after = decl.declared_at + dt.timedelta(days=delay_days)
            # After commit: a rolled-back acceptance must leave no task behind, and the worker
            # must find the committed row when it looks for it.
            transaction.on_commit(lambda: _logo_mail_schedule(pk, declaration_id, run_after))
    return decl


def _logo_mail_schedule(declaration_pk: int, declaration_id: str, run_after: dt.datetime) -> None:
    """Enqueue the delayed logo mail for ``run_after`` (an aware datetime)."""
    from ..tasks import declaration_logo_mail  # tasks.py imports this module

    if declaration_logo_mail.get_backend().supports_defer:
        declaration_logo_mail.using(run_after=run_after).enqueue(declaration_pk, declaration_id)
    else:
        # The immediate backend (tests, TASKS_IMMEDIATE demos) cannot defer: it sends at once.
        declaration_logo_mail.enqueue(declaration_pk, declaration_id)


def _logo_mail_deliver(declaration: Declaration, actor: User | None) -> None:
    """Mail ``logo_ready`` about a locked, active declaration, stamp ``logo_mail_sent_at`` and audit it.

    ``actor`` is the staff member when it goes out with the acceptance, None (the system) from the task.
    """
    fields = ["logo_mail_sent_at"]
    before = model_snapshot(declaration, fields)
    declaration.logo_mail_sent_at = timezone.now()
    # Only this column: sending a mail does not change what was declared, so updated_at stays.
    declaration.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="declaration.logo_mail",
        target=declaration,
        before=before,
        after=model_snapshot(declaration, fields),
    )
    _mail(declaration, "logo_ready")


def declaration_logo_mail_send(declaration_pk: int, declaration_id: str) -> bool:
    """Send the delayed logo-download mail of an accepted declaration; returns whether it was sent.

    Sends only when the declaration still exists, is still ACTIVE and still carries
    ``declaration_id`` (the ID it was accepted with), and the mail has not gone out yet
    (``logo_mail_sent_at`` is empty). A declaration withdrawn or cancelled in the meantime gets
    nothing, and the row lock makes a second run of the task (a duplicate enqueue, a retry) a
    no-op. The mail itself leaves after commit, like every other mail.
    """
    with transaction.atomic():
        decl = (
            Declaration.objects.select_for_update()
            .select_related("organization")
            .filter(pk=declaration_pk)
            .first()
        )
        if (
            decl is None
            or decl.status != Status.ACTIVE
            or decl.declaration_id != declaration_id
            or decl.logo_mail_sent_at is not None
        ):
            return False
        _logo_mail_deliver(decl, None)
    return True


def declaration_return(*, declaration: Declaration, staff: User, message: str) -> Declaration:
    """Send a PENDING declaration back to the declarer with a message saying what to correct."""
    staff_require(staff)
    text = _require_reason(message, _("申込者への連絡(修正してほしい点)"), field="message")
    with transaction.atomic():
        decl, before = _review(declaration, staff, _("確認待ちの申込みではないため、差し戻せません。"))
        decl.status = Status.RETURNED
        decl.status_reason = text
        decl.save()
        _transition_record(
            decl, EventKind.RETURNED, staff, "declaration.return", before, reason=text, by_staff=True
        )
    return decl


# --- automatic checks after an immediate issue ------------------------------------------------------


def _checks_schedule(declaration: Declaration) -> None:
    """Run the automatic checks on ``declaration`` in the background once the transaction commits."""
    from ..tasks import declaration_checks  # tasks.py imports this module

    pk = declaration.pk
    transaction.on_commit(lambda: declaration_checks.enqueue(pk))


def declaration_checks_record(declaration_pk: int) -> list[ReviewFinding]:
    """Record what the automatic checks find about an active declaration as open ``ReviewFinding`` rows.

    Run by the task ``declaration_checks`` (no actor: the system) after an immediate issue, a
    resubmission issued at once or an upgrade. A finding already recorded for the declaration
    (open or resolved) with the same kind and message is not recorded again, so a repeated run
    adds nothing. Returns the new rows (none when the declaration is gone or no longer active).
    """
    with transaction.atomic():
        decl = (
            Declaration.objects.select_for_update()
            .select_related("organization")
            .filter(pk=declaration_pk, status=Status.ACTIVE)
            .first()
        )
        if decl is None:
            return []
        created = []
        for check in review_checks(decl):
            # Once recorded (open or resolved), the same finding is not raised again for this
            # declaration: staff who resolved it after an issue are not asked again after an upgrade.
            if ReviewFinding.objects.filter(
                declaration=decl, kind=check.kind, message=check.message
            ).exists():
                continue
            finding = ReviewFinding.objects.create(declaration=decl, kind=check.kind, message=check.message)
            created.append(finding)
            audit_record(
                actor=None,
                action="declaration.finding",
                target=decl,
                after={"finding": finding.pk, "kind": check.kind},
                message=check.message,
            )
    return created


def review_finding_resolve(*, finding: ReviewFinding, staff: User, note: str = "") -> ReviewFinding:
    """Staff mark an open finding as looked at, with an optional note of what they did. Audited.

    Resolving does not change the declaration: to end misuse, staff cancel it (``declaration_cancel``).
    ``ServiceError`` (code ``state``) when the finding is already resolved.
    """
    staff_require(staff)
    with transaction.atomic():
        row = ReviewFinding.objects.select_for_update().get(pk=finding.pk)
        if row.resolved_at is not None:
            raise ServiceError(_("この指摘はすでに対応済みです。"), code="state")
        fields = ["resolved_at", "resolved_by", "resolution_note"]
        before = model_snapshot(row, fields)
        row.resolved_at = timezone.now()
        row.resolved_by = staff
        row.resolution_note = (note or "").strip()
        row.save(update_fields=fields)
        audit_record(
            actor=staff,
            action="declaration.finding_resolve",
            target=row,
            before=before,
            after=model_snapshot(row, fields),
            message=row.resolution_note,
        )
    return row


# --- programme settings --------------------------------------------------------------------------------


def programme_settings_update(
    *, staff: User, review_mode: str, review_target_days: int, logo_mail_delay_days: int | None = None
) -> ProgrammeSettings:
    """Change how new declarations are handled. Pending items stay in the queue when switching to immediate.

    ``logo_mail_delay_days`` (0–60, None keeps the current value) applies to acceptances made
    from now on; logo mails already scheduled keep the time they were scheduled for.
    Field-keyed ``ServiceError`` for a value out of range.
    """
    staff_require(staff)
    errors = programme_settings_errors(
        review_mode=review_mode,
        review_target_days=review_target_days,
        logo_mail_delay_days=logo_mail_delay_days,
    )
    if errors:
        raise ServiceError({key: [ServiceError(message, code=key)] for key, message in errors.items()})
    with transaction.atomic():
        obj = ProgrammeSettings.objects.select_for_update().get(pk=ProgrammeSettings.load().pk)
        fields = ["review_mode", "review_target_days", "logo_mail_delay_days"]
        before = model_snapshot(obj, fields)
        obj.review_mode = review_mode
        obj.review_target_days = int(review_target_days)
        if logo_mail_delay_days is not None:
            obj.logo_mail_delay_days = int(logo_mail_delay_days)
        obj.save()
        audit_record(
            actor=staff,
            action="programme_settings.update",
            target=obj,
            before=before,
            after=model_snapshot(obj, fields),
        )
    return obj
