"""Reads of the declarations app: a member's declaration, history, the review queue and its checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.services import model_snapshot
from secaction.diagnosis.selectors import DiagnosisPanel
from secaction.organizations.models import Membership, Organization
from secaction.organizations.permissions import organization_role
from secaction.organizations.selectors import organization_owners
from secaction.policies.selectors import PoliciesPanel

from .links import verify_path
from .models import (
    OPEN_STATUSES,
    Declaration,
    EventKind,
    FindingKind,
    ProgrammeSettings,
    ReviewFinding,
    Status,
    TermsVersion,
)
from .rules import NextStep, Stage, missing_fields, name_suspicion, stages

if TYPE_CHECKING:
    from secaction.accounts.models import User


def declaration_open_for_organization(organization: Organization) -> Declaration | None:
    """The organisation's pending, returned or active declaration, if any (at most one exists)."""
    return (
        Declaration.objects.select_related("terms_version")
        .filter(organization=organization, status__in=OPEN_STATUSES)
        .first()
    )


def declaration_recipients(declaration: Declaration) -> list[User]:
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


def declaration_active_for_organization(organization: Organization) -> Declaration | None:
    """The organisation's active declaration, or None."""
    return (
        Declaration.objects.select_related("organization", "terms_version")
        .filter(organization=organization, status=Status.ACTIVE)
        .first()
    )


def declaration_logo_mail_expected(
    declaration: Declaration, programme: ProgrammeSettings | None = None
) -> dt.datetime | None:
    """About when the delayed logo-download mail of a staff-accepted declaration goes out; None if none is due.

    Only a declaration accepted by staff (reviewed mode) that is active and has not had the
    mail yet is waiting for it. The estimate uses today's ``logo_mail_delay_days``; the task
    itself was scheduled with the setting in force at acceptance, so the two differ only
    if staff changed the setting since.
    """
    if not _awaits_logo_mail(declaration) or declaration.declared_at is None:
        return None
    delay = (programme or ProgrammeSettings.load()).logo_mail_delay_days
    return declaration.declared_at + dt.timedelta(days=delay) if delay else None


def _awaits_logo_mail(declaration: Declaration) -> bool:
    """Active, accepted by staff and still without the delayed logo mail; uses prefetched events."""
    return (
        declaration.status == Status.ACTIVE
        and declaration.logo_mail_sent_at is None
        and declaration.declared_at is not None
        # Issued by staff = accepted in reviewed mode; immediate issue sends the logo link at once.
        and any(e.kind == EventKind.ISSUED and e.by_staff for e in declaration.events.all())
    )


def declaration_history(organization: Organization) -> QuerySet[Declaration]:
    """Every declaration of the organisation, newest first, with its events."""
    return (
        Declaration.objects.filter(organization=organization)
        .prefetch_related("events")
        .order_by("-submitted_at", "-id")
    )


def terms_current() -> TermsVersion | None:
    return TermsVersion.objects.filter(is_current=True).first()


def terms_acceptance_needed(declaration: Declaration) -> bool:
    """Whether the declaration must agree to the logo terms again: the version in force is not
    the one it agreed to (or it agreed to none). False when no version is in force at all."""
    current = terms_current()
    return current is not None and declaration.terms_version_id != current.pk


def programme_settings_get() -> ProgrammeSettings:
    """The office's settings for reading: the stored row, or the defaults (unsaved) before anyone saved one.

    Unlike ``ProgrammeSettings.load`` it never writes, so public pages can call it on a GET.
    """
    return ProgrammeSettings.objects.filter(pk=1).first() or ProgrammeSettings(pk=1)


@dataclass
class QueueItem:
    declaration: Declaration
    age: dt.timedelta
    due_at: dt.datetime
    overdue: bool
    flags: list[str] = field(default_factory=list)

    @property
    def age_days(self) -> int:
        return self.age.days


@dataclass(frozen=True)
class Check:
    """One thing the automatic checks found: its kind (``FindingKind``) and a message for staff."""

    kind: str
    message: str


def review_checks(declaration: Declaration) -> list[Check]:
    """The automatic checks for one declaration (duplicate 法人番号, suspicious name, missing values,
    an earlier cancellation); empty when nothing was found.

    Reviewed mode shows them in the review queue before acceptance; immediate mode records them
    as ``ReviewFinding`` rows after the ID was issued (``declaration_checks_record``).
    """
    org = declaration.organization
    found: list[Check] = []
    if org.corporate_number:
        others = (
            Declaration.objects.filter(
                organization__corporate_number=org.corporate_number, status__in=OPEN_STATUSES
            )
            .exclude(organization=org)
            .select_related("organization")
        )
        for other in others[:5]:
            message = _(
                "法人番号 %(number)s は別の事業者「%(name)s」の宣言(%(status)s)でも使われています。"
            ) % {
                "number": org.corporate_number,
                "name": other.organization.name,
                "status": other.get_status_display(),
            }
            found.append(Check(FindingKind.DUPLICATE_NUMBER, message))
    suspicion = name_suspicion(org.name)
    if suspicion:
        found.append(Check(FindingKind.SUSPICIOUS_NAME, suspicion))
    missing = missing_fields(model_snapshot(org), model_snapshot(declaration))
    if missing:
        found.append(
            Check(FindingKind.MISSING_FIELDS, _("未入力の項目: %(fields)s") % {"fields": "、".join(missing)})
        )
    if Declaration.objects.filter(organization=org, status=Status.CANCELLED).exists():
        found.append(Check(FindingKind.CANCELLED_BEFORE, _("この事業者は過去に宣言を取り消されています。")))
    return found


def review_flags(declaration: Declaration) -> list[str]:
    """The messages of ``review_checks`` for the review queue (empty = nothing found)."""
    return [check.message for check in review_checks(declaration)]


def review_findings_open() -> QuerySet[ReviewFinding]:
    """Findings staff have not resolved yet, oldest first, with their declaration and organisation."""
    return (
        ReviewFinding.objects.filter(resolved_at__isnull=True)
        .select_related("declaration__organization")
        .order_by("created_at", "id")
    )


def review_queue() -> list[QueueItem]:
    """Declarations waiting for staff, oldest first, with their age, due date and automatic checks."""
    target = dt.timedelta(days=ProgrammeSettings.load().review_target_days)
    now = timezone.now()
    items = []
    pending = (
        Declaration.objects.filter(status=Status.PENDING)
        .select_related("organization", "submitted_by")
        .order_by("submitted_at", "id")
    )
    for decl in pending:
        submitted = decl.submitted_at or now
        due = submitted + target
        items.append(
            QueueItem(
                declaration=decl,
                age=now - submitted,
                due_at=due,
                overdue=now > due,
                flags=review_flags(decl),
            )
        )
    return items


# --- My Page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationsPanel:
    """What the My Page panel of the declarations app shows (see ``declarations_panel_get``)."""

    current: Declaration | None  # the open (pending, returned or active) declaration
    ended: Declaration | None  # the last one, when it was withdrawn or cancelled and none is open
    history: list[Declaration]  # newest first, events prefetched
    is_owner: bool
    next: NextStep
    stages: list[Stage]
    verify_url: str
    target_days: int | None  # the review target, shown while a declaration is pending
    logo_mail_expected: dt.datetime | None


def _programme_settings_read() -> ProgrammeSettings:
    """The stored programme settings, or the defaults while none are stored. Never writes (unlike ``load``)."""
    return ProgrammeSettings.objects.filter(pk=1).first() or ProgrammeSettings(pk=1)


def declarations_panel_get(
    organization: Organization,
    membership: Membership,
    *,
    diagnosis: DiagnosisPanel,
    policies: PoliciesPanel,
) -> DeclarationsPanel:
    """Status, ID, the five stages with the next step, and the history of the organisation's declarations.

    ``diagnosis`` and ``policies`` are those apps' My Page panels, read once by My Page
    and reused here for the stages. Two queries (declarations, their events), a third
    only for a pending declaration or one awaiting its delayed logo mail; no writes.
    """
    history = list(declaration_history(organization))
    current = next((d for d in history if d.status in OPEN_STATUSES), None)
    last = current or (history[0] if history else None)
    step, path = stages(
        status=last.status if last else None,
        level=last.level if last else None,
        has_diagnosis=diagnosis.latest is not None,
        has_policy=policies.published is not None,
        handbook_sent=policies.handbook_sent,
        organization_id=organization.pk,
    )
    programme = None
    if current is not None and (current.status == Status.PENDING or _awaits_logo_mail(current)):
        programme = _programme_settings_read()
    return DeclarationsPanel(
        current=current,
        ended=last if last is not None and last.status in (Status.WITHDRAWN, Status.CANCELLED) else None,
        history=history,
        is_owner=membership.is_owner,
        next=step,
        stages=path,
        verify_url=verify_path(current.declaration_id) if current and current.declaration_id else "",
        target_days=programme.review_target_days if programme else None,
        logo_mail_expected=declaration_logo_mail_expected(current, programme)
        if current is not None and programme is not None
        else None,
    )


def declarations_made_count(start: dt.datetime | None, end: dt.datetime) -> int:
    """Declarations first made (``declared_at``) from ``start`` (or the beginning) up to ``end``.

    The denominator of a wizard survey's response rate (``surveys.admin_results``): every declaration
    made while the survey was open could have answered it.
    """
    made = Declaration.objects.filter(declared_at__isnull=False, declared_at__lt=end)
    if start is not None:
        made = made.filter(declared_at__gte=start)
    return made.count()


# Continuation (docs/privacy-and-retention.md, "Confirmation"): how long without a confirmation before staff
# are told. A flag for staff only: a declaration never expires.


def continuation_stale_years() -> int:
    """``settings.CONTINUATION_STALE_YEARS`` (default 3): years without a confirmation before a flag."""
    return int(settings.CONTINUATION_STALE_YEARS)


def unconfirmed_since(cutoff: dt.datetime) -> Q:
    """Declarations last confirmed at or before ``cutoff``; one never confirmed counts from its declaration
    date. The one rule for "not confirmed since": the stale flag here and the yearly reminders
    (``continuation.selectors``) both use it."""
    return Q(last_confirmed_at__lte=cutoff) | Q(last_confirmed_at__isnull=True, declared_at__lte=cutoff)


def continuation_stale_cutoff(now: dt.datetime) -> dt.datetime:
    """The moment ``continuation_stale_years()`` calendar years before ``now`` (29 February → 28th)."""
    year = now.year - continuation_stale_years()
    try:
        return now.replace(year=year)
    except ValueError:
        return now.replace(year=year, day=28)


def declarations_needing_attention(now: dt.datetime) -> QuerySet[Declaration]:
    """Active declarations not confirmed for ``CONTINUATION_STALE_YEARS`` years at ``now``, oldest first.

    A declaration never confirmed counts from its declaration date. Only a flag for staff (the declarations
    admin's list filter): nothing changes a declaration because of it.
    """
    cutoff = continuation_stale_cutoff(now)
    return (
        Declaration.objects.filter(status=Status.ACTIVE)
        .filter(unconfirmed_since(cutoff))
        .order_by(F("last_confirmed_at").asc(nulls_first=True), "pk")
    )
