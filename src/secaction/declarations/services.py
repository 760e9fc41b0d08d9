"""Writes of the declaration lifecycle. Every transition is audited and mailed (after commit).

State machine (see docs/declarations.md):

    (none) --submit--> ACTIVE                      immediate mode: ID issued at once
    (none) --submit--> PENDING --accept--> ACTIVE  reviewed mode: ID issued on acceptance
                       PENDING --return--> RETURNED --resubmit--> PENDING (or ACTIVE in immediate mode)
    ACTIVE ★ --upgrade--> ACTIVE ★★ --downgrade--> ACTIVE ★      same declaration ID
    PENDING / RETURNED / ACTIVE --withdraw (declarer)--> WITHDRAWN
    PENDING / RETURNED / ACTIVE --cancel (staff)-----> CANCELLED

Withdrawn and cancelled declarations are kept as history; a new declaration
afterwards is a new row with a new ID.

In reviewed mode the logo-download mail follows acceptance after
``ProgrammeSettings.logo_mail_delay_days`` (the seed: 1–2 weeks), sent by the task
``declarations.tasks.declaration_logo_mail`` through ``declaration_logo_mail_send``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.services import audit_record, mail_send, model_snapshot
from secaction.organizations.models import Organization
from secaction.organizations.permissions import (
    organization_member_require,
    organization_owner_require,
    organization_role,
    staff_require,
)
from secaction.organizations.selectors import organization_owners

from .ids import declaration_id_generate
from .links import verify_path
from .models import (
    OPEN_STATUSES,
    Declaration,
    DeclarationEvent,
    EventKind,
    Level,
    LogoDownload,
    ProgrammeSettings,
    ReviewMode,
    Status,
    TermsVersion,
)
from .rules import TwoStarInput, pledge_errors, two_star_errors

ID_ATTEMPTS = 10


class DeclarationError(Exception):
    """A transition that the rules do not allow; ``str(error)`` is a message for the person."""

    def __init__(self, message: str, code: str = "invalid", errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.errors = errors or {}


# --- helpers -------------------------------------------------------------------------------------


def _lock(declaration: Declaration) -> Declaration:
    return Declaration.objects.select_for_update().select_related("organization").get(pk=declaration.pk)


def _lock_for(declaration: Declaration, user: Any, *, owner: bool = False) -> Declaration:
    """Lock the declaration's row for ``user``, a member (or with ``owner``, an owner) of its organisation."""
    decl = _lock(declaration)
    if owner:
        organization_owner_require(user, decl.organization)
    else:
        organization_member_require(user, decl.organization)
    return decl


def _require_reason(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise DeclarationError(_("%(what)sを入力してください。") % {"what": what}, code="reason_required")
    return text


def _require_current_terms(terms_version: TermsVersion | None) -> TermsVersion:
    current = TermsVersion.objects.filter(is_current=True).first()
    if current is None:
        raise DeclarationError(
            _("現在、ロゴマーク使用規約が公開されていません。事務局にお問い合わせください。"), "no_terms"
        )
    if terms_version is None or terms_version.pk != current.pk:
        raise DeclarationError(
            _("ロゴマーク使用規約が改定されました。最新の規約を読んで、改めて同意してください。"),
            code="terms_changed",
        )
    return current


def _check_two_star(two_star: TwoStarInput | None) -> TwoStarInput:
    if two_star is None:
        raise DeclarationError(_("二つ星の申込み内容が入力されていません。"), code="two_star_missing")
    errors = two_star_errors(two_star)
    if errors:
        raise DeclarationError(
            _("二つ星の申込み内容に不足があります。"), code="two_star_invalid", errors=errors
        )
    return two_star


def _check_declaring(
    level: str, pledged_principles: Iterable[int], two_star: TwoStarInput | None
) -> list[int]:
    """Validate what a declarer chose (level, the five pledges, ★★ details); returns the sorted pledges."""
    if level not in Level.values:
        raise DeclarationError(_("一つ星か二つ星を選んでください。"), code="level")
    pledges = sorted({int(n) for n in pledged_principles})
    problems = pledge_errors(pledges)
    if problems:
        raise DeclarationError(problems[0], code="pledges")
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


def _agree_terms(declaration: Declaration, terms: TermsVersion, user: Any, at: Any) -> None:
    declaration.terms_version = terms
    declaration.terms_accepted_at = at
    declaration.terms_accepted_by = user


def _issue_id(declaration: Declaration) -> None:
    """Give the declaration a fresh ID, retrying when a random one is already taken."""
    for _attempt in range(ID_ATTEMPTS):
        declaration.declaration_id = declaration_id_generate()
        try:
            with transaction.atomic():  # a savepoint, so a collision does not spoil the outer transaction
                declaration.save(update_fields=["declaration_id"])
        except IntegrityError:
            continue
        return
    raise RuntimeError("could not find a free declaration ID")  # 10 collisions in a 10^9 space: a bug


def _event(
    declaration: Declaration, kind: str, actor: Any, message: str = "", *, by_staff: bool = False
) -> DeclarationEvent:
    return DeclarationEvent.objects.create(
        declaration=declaration,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        by_staff=by_staff,
        level=declaration.level,
        status=declaration.status,
        message=message,
    )


def declaration_recipients(declaration: Declaration) -> list[Any]:
    """Who is told about a declaration: the organisation's active owners and the person who submitted it."""
    users = organization_owners(declaration.organization_id)
    submitter = declaration.submitted_by
    if (
        submitter is not None
        and submitter.is_active
        and all(user.pk != submitter.pk for user in users)
        and organization_role(submitter, declaration.organization) is not None
    ):
        users.append(submitter)
    return users


def _mail(declaration: Declaration, template: str, extra: dict[str, Any] | None = None) -> None:
    base = settings.SITE_URL
    context: dict[str, Any] = {
        "declaration": declaration,
        "organization": declaration.organization,
        "mypage_url": base + reverse("mypage:index"),
        "logo_url": base + reverse("declarations:logo"),
        "verify_url": base + verify_path(declaration.declaration_id) if declaration.declaration_id else "",
        "target_days": ProgrammeSettings.load().review_target_days,
        **(extra or {}),
    }
    for user in declaration_recipients(declaration):
        mail_send(
            to=user.email,
            template=f"declarations/email/{template}",
            context={**context, "recipient": user},
            language=user.language,
        )


def _audit(
    actor: Any, action: str, declaration: Declaration, before: dict[str, Any], message: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=declaration,
        before=before,
        after=model_snapshot(declaration),
        message=message,
    )


def _transition_record(
    declaration: Declaration,
    kind: EventKind,
    actor: Any,
    action: str,
    before: dict[str, Any],
    *,
    reason: str = "",
    by_staff: bool = False,
) -> None:
    """Record a saved transition: the declaration's history, the audit log, and the mail to its people.

    The mail template is the one named after ``kind`` (e.g. ``returned``). ``reason``, when given,
    goes into all three: the event, the audit message, and the mail as ``message``.
    """
    _event(declaration, kind, actor, reason, by_staff=by_staff)
    _audit(actor, action, declaration, before, message=reason)
    _mail(declaration, kind.value, {"message": reason} if reason else None)


def _activate(declaration: Declaration, actor: Any, *, by_staff: bool) -> None:
    now = timezone.now()
    declaration.status = Status.ACTIVE
    declaration.declared_at = now
    declaration.status_reason = ""
    declaration.save()
    if not declaration.declaration_id:
        _issue_id(declaration)
    _event(declaration, EventKind.ISSUED, actor, by_staff=by_staff)


def _submission_record(
    declaration: Declaration,
    kind: EventKind,
    user: Any,
    action: str,
    before: dict[str, Any],
    mode: str,
    *,
    message: str = "",
) -> None:
    """Record a saved (re)submission: history event, audit and mail; immediate ``mode`` activates it first.

    The mail says which happened: ``issued``, or ``received`` while it waits for staff review.
    """
    _event(declaration, kind, user)
    if mode == ReviewMode.IMMEDIATE:
        _activate(declaration, user, by_staff=False)
    _audit(user, action, declaration, before, message=message)
    _mail(declaration, "issued" if declaration.status == Status.ACTIVE else "received")


def _end(declaration: Declaration, status: str, reason: str) -> dict[str, Any]:
    """End a locked declaration that is still open (withdrawn or cancelled); returns its snapshot before."""
    if declaration.status not in OPEN_STATUSES:
        raise DeclarationError(_("この宣言はすでに終了しています。"), code="state")
    before = model_snapshot(declaration)
    declaration.status = status
    declaration.status_reason = reason
    declaration.ended_at = timezone.now()
    declaration.save()
    return before


# --- declaring -----------------------------------------------------------------------------------


def declaration_submit(
    *,
    organization: Organization,
    user: Any,
    level: str,
    pledged_principles: Iterable[int],
    terms_version: TermsVersion | None,
    two_star: TwoStarInput | None = None,
) -> Declaration:
    """Submit a new declaration for ``organization`` by one of its members.

    In immediate mode the declaration is active with an ID at once; in reviewed
    mode it waits for staff (PENDING). Raises ``DeclarationError`` when the
    input is incomplete or the organisation already has an open declaration,
    ``PermissionDenied`` when ``user`` is not a member.
    """
    pledges = _check_declaring(level, pledged_principles, two_star)
    with transaction.atomic():
        # Locking the organisation row serialises two members submitting at the same moment.
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        organization_member_require(user, org)
        terms = _require_current_terms(terms_version)
        if Declaration.objects.filter(organization=org, status__in=OPEN_STATUSES).exists():
            raise DeclarationError(
                _(
                    "この事業者には手続き中または有効な自己宣言がすでにあります。マイページで状況を確認してください。"
                ),
                code="already_open",
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
            raise DeclarationError(
                _("この事業者には手続き中または有効な自己宣言がすでにあります。"), code="already_open"
            ) from exc
        _submission_record(
            declaration, EventKind.SUBMITTED, user, "declaration.submit", {}, mode, message=f"mode={mode}"
        )
    return declaration


def declaration_resubmit(
    *,
    declaration: Declaration,
    user: Any,
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
            raise DeclarationError(
                _("この申込みは差し戻されていないため、再申込みできません。"), code="state"
            )
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


# --- staff review --------------------------------------------------------------------------------


def _review(declaration: Declaration, staff: Any, refusal: str) -> tuple[Declaration, dict[str, Any]]:
    """Lock a PENDING declaration for a staff decision and stamp the reviewer (not saved yet).

    Returns the locked row and its snapshot from before; ``refusal`` is the error when it is not pending.
    """
    decl = _lock(declaration)
    if decl.status != Status.PENDING:
        raise DeclarationError(refusal, code="state")
    before = model_snapshot(decl)
    decl.reviewed_by = staff
    decl.reviewed_at = timezone.now()
    return decl, before


def declaration_accept(*, declaration: Declaration, staff: Any) -> Declaration:
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
    from .tasks import declaration_logo_mail  # tasks.py imports this module

    if declaration_logo_mail.get_backend().supports_defer:
        declaration_logo_mail.using(run_after=run_after).enqueue(declaration_pk, declaration_id)
    else:
        # The immediate backend (tests, TASKS_IMMEDIATE demos) cannot defer: it sends at once.
        declaration_logo_mail.enqueue(declaration_pk, declaration_id)


def _logo_mail_deliver(declaration: Declaration, actor: Any) -> None:
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


def declaration_return(*, declaration: Declaration, staff: Any, message: str) -> Declaration:
    """Send a PENDING declaration back to the declarer with a message saying what to correct."""
    staff_require(staff)
    text = _require_reason(message, _("申込者への連絡(修正してほしい点)"))
    with transaction.atomic():
        decl, before = _review(declaration, staff, _("確認待ちの申込みではないため、差し戻せません。"))
        decl.status = Status.RETURNED
        decl.status_reason = text
        decl.save()
        _transition_record(
            decl, EventKind.RETURNED, staff, "declaration.return", before, reason=text, by_staff=True
        )
    return decl


# --- changing level ------------------------------------------------------------------------------


def declaration_upgrade(
    *, declaration: Declaration, user: Any, two_star: TwoStarInput | None, terms_version: TermsVersion | None
) -> Declaration:
    """Raise an active ★ declaration to ★★, keeping its declaration ID.

    Takes effect at once in both review modes: the organisation and its ID were
    already checked, and staff can still cancel misuse afterwards.
    """
    data = _check_two_star(two_star)
    with transaction.atomic():
        decl = _lock_for(declaration, user)
        if decl.status != Status.ACTIVE or decl.level != Level.ONE_STAR:
            raise DeclarationError(_("有効な一つ星の宣言だけを二つ星に変更できます。"), code="state")
        terms = _require_current_terms(terms_version)
        before = model_snapshot(decl)
        now = timezone.now()
        decl.level = Level.TWO_STAR
        _agree_terms(decl, terms, user, now)
        _apply_two_star(decl, data)
        decl.save()
        _transition_record(decl, EventKind.UPGRADED, user, "declaration.upgrade", before)
    return decl


def declaration_downgrade(*, declaration: Declaration, user: Any, reason: str) -> Declaration:
    """Lower an active ★★ declaration to ★ (e.g. the policy is no longer published). Owner only; same ID."""
    text = _require_reason(reason, _("一つ星に変更する理由"))
    with transaction.atomic():
        decl = _lock_for(declaration, user, owner=True)
        if decl.status != Status.ACTIVE or decl.level != Level.TWO_STAR:
            raise DeclarationError(_("有効な二つ星の宣言だけを一つ星に変更できます。"), code="state")
        before = model_snapshot(decl)
        decl.level = Level.ONE_STAR
        _apply_two_star(decl, None)
        decl.save()
        _transition_record(decl, EventKind.DOWNGRADED, user, "declaration.downgrade", before, reason=text)
    return decl


# --- ending ---------------------------------------------------------------------------------------


def declaration_withdraw(*, declaration: Declaration, user: Any, reason: str) -> Declaration:
    """The declarer ends its own declaration (or application). Owner only; the row stays as history."""
    text = _require_reason(reason, _("取り下げの理由"))
    with transaction.atomic():
        decl = _lock_for(declaration, user, owner=True)
        before = _end(decl, Status.WITHDRAWN, text)
        _transition_record(decl, EventKind.WITHDRAWN, user, "declaration.withdraw", before, reason=text)
    return decl


def declaration_cancel(*, declaration: Declaration, staff: Any, reason: str) -> Declaration:
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


# --- logo marks and settings -------------------------------------------------------------------


def declaration_terms_accept(
    *, declaration: Declaration, user: Any, terms_version: TermsVersion | None
) -> Declaration:
    """Record a member's agreement to the current logo terms for an active declaration without one.

    Declarations imported from the older system arrive without a recorded
    agreement; the logo marks stay locked until a member agrees here.
    """
    with transaction.atomic():
        decl = _lock_for(declaration, user)
        if decl.status != Status.ACTIVE:
            raise DeclarationError(_("有効な宣言がないため、規約に同意する必要はありません。"), code="state")
        terms = _require_current_terms(terms_version)
        before = model_snapshot(decl)
        _agree_terms(decl, terms, user, timezone.now())
        decl.save(update_fields=["terms_version", "terms_accepted_at", "terms_accepted_by", "updated_at"])
        _audit(user, "declaration.terms_accept", decl, before)
    return decl


def logo_download_record(*, declaration: Declaration, user: Any, file_format: str) -> LogoDownload:
    """Log one download of a logo mark or certificate (model row and audit event)."""
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


def programme_settings_update(
    *, staff: Any, review_mode: str, review_target_days: int, logo_mail_delay_days: int | None = None
) -> ProgrammeSettings:
    """Change how new declarations are handled. Pending items stay in the queue when switching to immediate.

    ``logo_mail_delay_days`` (0–60, None keeps the current value) applies to acceptances made
    from now on; logo mails already scheduled keep the time they were scheduled for.
    """
    staff_require(staff)
    if review_mode not in ReviewMode.values:
        raise DeclarationError(_("受付方式を選んでください。"), code="review_mode")
    if not 1 <= int(review_target_days) <= 60:
        raise DeclarationError(_("確認の目標日数は1〜60日で入力してください。"), code="review_target_days")
    if logo_mail_delay_days is not None and not 0 <= int(logo_mail_delay_days) <= 60:
        raise DeclarationError(
            _("ロゴマークのご案内メールを送るまでの日数は0〜60日で入力してください。"),
            code="logo_mail_delay_days",
        )
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


def terms_publish(*, staff: Any, terms: TermsVersion) -> TermsVersion:
    """Make ``terms`` the current logo-mark terms; later submissions must agree to it."""
    staff_require(staff)
    with transaction.atomic():
        previous = (
            TermsVersion.objects.select_for_update().filter(is_current=True).exclude(pk=terms.pk).first()
        )
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        terms.is_current = True
        terms.save(update_fields=["is_current"])
        audit_record(
            actor=staff,
            action="terms.publish",
            target=terms,
            before={"current": previous.version if previous else None},
            after={"current": terms.version},
        )
    return terms
