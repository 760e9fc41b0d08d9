"""Writes of the diagnosis domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from secaction.core.services import audit_record, model_snapshot

from .bank import CURRENT_EDITION
from .models import Assessment
from .scoring import answers_parse, answers_to_json, diagnosis_score
from .selectors import organizations_for_user

if TYPE_CHECKING:
    from secaction.organizations.models import Organization

UNIT_NAME_MAX = 100


def unit_name_clean(value: Any) -> str:
    """A unit name as stored: trimmed, inner whitespace collapsed, at most 100 characters."""
    return " ".join(str(value or "").split())[:UNIT_NAME_MAX]


def assessment_save(
    *,
    organization: Organization,
    user: Any,
    answers: Mapping[Any, Any],
    unit_name: str = "",
    edition_id: str = CURRENT_EDITION,
    taken_at: dt.datetime | None = None,
) -> Assessment:
    """Keep one completed diagnosis for an organisation the user belongs to.

    Raises ``AnswersInvalid`` for incomplete or malformed answers and
    ``PermissionDenied`` when the user is not an active member.
    """
    if organization not in organizations_for_user(user):
        raise PermissionDenied("not a member of this organisation")
    clean = answers_parse(answers, edition_id)
    score = diagnosis_score(clean, edition_id)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            organization=organization,
            unit_name=unit_name_clean(unit_name),
            edition=edition_id,
            answers=answers_to_json(clean),
            total=score.total,
            band=score.band.id,
            part_scores=score.parts_json(),
            taken_by=user,
            taken_at=taken_at or timezone.now(),
        )
        audit_record(
            actor=user,
            action="diagnosis.assessment_save",
            target=assessment,
            after=model_snapshot(assessment),
        )
    return assessment
