"""Reads of saved diagnoses. Other apps call these by name; keep their signatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from .bank import CURRENT_EDITION
from .models import Assessment
from .scoring import Band, Score, answers_combine, band_by_id, diagnosis_score

if TYPE_CHECKING:
    from secaction.organizations.models import Organization


def assessment_latest_for_organization(organization: Organization) -> Assessment | None:
    """The organisation's most recent saved diagnosis (any unit), or None."""
    return Assessment.objects.filter(organization=organization).order_by("-taken_at", "-id").first()


def answers_latest_for_organization(organization: Organization) -> dict[int, str] | None:
    """Item number → "yes"/"partial"/"no"/"unknown" of the latest diagnosis, or None if there is none."""
    latest = assessment_latest_for_organization(organization)
    return latest.answers_by_number() if latest else None


def assessment_get(organization: Organization, pk: int) -> Assessment | None:
    """One saved diagnosis of the organisation (with its taker), or None, also when it is another's."""
    return (
        Assessment.objects.select_related("organization", "taken_by")
        .filter(organization=organization, pk=pk)
        .first()
    )


def assessments_for_organization(organization: Organization) -> QuerySet[Assessment]:
    """Every saved diagnosis of the organisation, newest first."""
    return Assessment.objects.filter(organization=organization).select_related("taken_by")


def assessment_previous(assessment: Assessment) -> Assessment | None:
    """The diagnosis of the same organisation and unit saved just before this one."""
    return (
        Assessment.objects.filter(organization_id=assessment.organization_id, unit_name=assessment.unit_name)
        .filter(Q(taken_at__lt=assessment.taken_at) | Q(taken_at=assessment.taken_at, id__lt=assessment.id))
        .order_by("-taken_at", "-id")
        .first()
    )


def assessments_latest_per_unit(organization: Organization) -> list[Assessment]:
    """The latest diagnosis of each unit (unit "" is the whole organisation), ordered by unit name."""
    latest: dict[str, Assessment] = {}
    for a in Assessment.objects.filter(organization=organization).order_by("taken_at", "id"):
        latest[a.unit_name] = a
    return [latest[name] for name in sorted(latest)]


@dataclass(frozen=True)
class Combined:
    """The organisation as a whole across units; see docs/diagnosis.md."""

    units: list[Assessment]
    edition: str
    answers: dict[int, str]  # per item, the weakest answer of any unit
    score: Score  # the score of those weakest answers: a floor every unit reaches
    average_total: float  # the plain average of the units' totals


def assessment_combined(organization: Organization) -> Combined | None:
    """Combine the latest diagnosis of each unit taken with the current edition; None if there are none.

    Units whose latest diagnosis used an older edition are left out (their items may differ).
    """
    units = [a for a in assessments_latest_per_unit(organization) if a.edition == CURRENT_EDITION]
    if not units:
        return None
    answers = answers_combine([u.answers_by_number() for u in units], CURRENT_EDITION)
    return Combined(
        units=units,
        edition=CURRENT_EDITION,
        answers=answers,
        score=diagnosis_score(answers, CURRENT_EDITION),
        average_total=sum(u.total for u in units) / len(units),
    )


@dataclass(frozen=True)
class DiagnosisPanel:
    """What the My Page panel shows: the last five results (newest first) and how many units exist."""

    recent: list[Assessment]
    units: int

    @property
    def latest(self) -> Assessment | None:
        return self.recent[0] if self.recent else None

    @property
    def band(self) -> Band | None:
        return band_by_id(self.latest.band) if self.latest else None


def diagnosis_panel_get(organization: Organization) -> DiagnosisPanel:
    """The organisation's diagnosis panel for My Page, in one query (the unit count rides along)."""
    units = (
        Assessment.objects.filter(organization=OuterRef("organization"))
        .order_by()
        .values("organization")
        .annotate(n=Count("unit_name", distinct=True))
        .values("n")
    )
    rows = (
        Assessment.objects.filter(organization=organization)
        .annotate(unit_count=Subquery(units))
        .order_by("-taken_at", "-id")[:5]
    )
    recent: list[Assessment] = [*rows]
    units_count: int = recent[0].unit_count if recent else 0  # type: ignore[attr-defined]
    return DiagnosisPanel(recent=recent, units=units_count)
