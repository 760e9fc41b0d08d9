"""Reads of the declarations app: a member's declaration, history, the review queue and its checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.services import model_snapshot
from secaction.organizations.models import Organization
from secaction.organizations.selectors import membership_for_user

from .models import OPEN_STATUSES, Declaration, EventKind, ProgrammeSettings, Status, TermsVersion
from .rules import missing_fields, name_suspicion


def declaration_open_for_organization(organization: Organization) -> Declaration | None:
    """The organisation's pending, returned or active declaration, if any (at most one exists)."""
    return (
        Declaration.objects.select_related("terms_version")
        .filter(organization=organization, status__in=OPEN_STATUSES)
        .first()
    )


def declaration_active_for_user(user: Any) -> Declaration | None:
    """The active declaration of the user's organisation, or None."""
    membership = membership_for_user(user)
    if membership is None:
        return None
    return (
        Declaration.objects.select_related("organization", "terms_version")
        .filter(organization=membership.organization, status=Status.ACTIVE)
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
    if (
        declaration.status != Status.ACTIVE
        or declaration.logo_mail_sent_at is not None
        or declaration.declared_at is None
        # Issued by staff = accepted in reviewed mode; immediate issue sends the logo link at once.
        or not declaration.events.filter(kind=EventKind.ISSUED, by_staff=True).exists()
    ):
        return None
    delay = (programme or ProgrammeSettings.load()).logo_mail_delay_days
    return declaration.declared_at + dt.timedelta(days=delay) if delay else None


def declaration_history(organization: Organization) -> QuerySet[Declaration]:
    """Every declaration of the organisation, newest first, with its events."""
    return (
        Declaration.objects.filter(organization=organization)
        .prefetch_related("events")
        .order_by("-submitted_at", "-id")
    )


def terms_current() -> TermsVersion | None:
    return TermsVersion.objects.filter(is_current=True).first()


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


def review_flags(declaration: Declaration) -> list[str]:
    """Automatic checks for one queued declaration, as messages for staff (empty = nothing found)."""
    org = declaration.organization
    flags: list[str] = []
    if org.corporate_number:
        others = (
            Declaration.objects.filter(
                organization__corporate_number=org.corporate_number, status__in=OPEN_STATUSES
            )
            .exclude(organization=org)
            .select_related("organization")
        )
        for other in others[:5]:
            flags.append(
                _("法人番号 %(number)s は別の事業者「%(name)s」の宣言(%(status)s)でも使われています。")
                % {
                    "number": org.corporate_number,
                    "name": other.organization.name,
                    "status": other.get_status_display(),
                }
            )
    suspicion = name_suspicion(org.name)
    if suspicion:
        flags.append(suspicion)
    missing = missing_fields(model_snapshot(org), model_snapshot(declaration))
    if missing:
        flags.append(_("未入力の項目: %(fields)s") % {"fields": "、".join(missing)})
    if Declaration.objects.filter(organization=org, status=Status.CANCELLED).exists():
        flags.append(_("この事業者は過去に宣言を取り消されています。"))
    return flags


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
