"""The self-diagnosis endpoint of the JSON API (/api/v1/diagnosis/score): scoring without storing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from secaction.diagnosis.bank import CURRENT_EDITION
from secaction.diagnosis.scoring import answers_validate, diagnosis_score

router = Router(tags=["diagnosis"])


class ScoreIn(Schema):
    answers: dict[str, Any]


class PartOut(Schema):
    part: int
    title: str
    score: int
    max: int


class ScoreOut(Schema):
    edition: str
    total: int
    min: int
    max: int
    band: str
    band_title: str
    band_range: str
    parts: list[PartOut]


class ProblemOut(Schema):
    field: str
    code: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ProblemOut]


@router.post("/score", response={200: ScoreOut, 400: ErrorOut}, auth=None)
def score(request: HttpRequest, payload: ScoreIn) -> Status[dict[str, Any]]:
    """Score a complete set of 25 answers (yes / partial / no / unknown) without storing anything.

    ``band`` is one of perfect (100), good (70–99), fair (50–69), weak (−25–49).
    Every missing item, extra item and unknown value is listed in ``errors``.
    """
    clean, problems = answers_validate(payload.answers, CURRENT_EDITION)
    if problems:
        return Status(
            400,
            {
                "detail": "invalid answers",
                "errors": [
                    {"field": f"answers.{p.key}", "code": p.code, "message": p.message} for p in problems
                ],
            },
        )
    result = diagnosis_score(clean, CURRENT_EDITION)
    return Status(
        200,
        {
            "edition": result.edition,
            "total": result.total,
            "min": result.min_total,
            "max": result.max_total,
            "band": result.band.id,
            "band_title": str(result.band.title),
            "band_range": result.band.range_label,
            "parts": result.parts_json(),
        },
    )
