"""The self-diagnosis endpoint of the JSON API (/api/v1/diagnosis/score): scoring without storing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from secaction.diagnosis.bank import CURRENT_EDITION, edition
from secaction.diagnosis.scoring import ANSWER_VALUES, answers_validate, diagnosis_score

from .ratelimit import rate_limit
from .schemas import RATE_LIMITED, InvalidRequestOut

router = Router(tags=["diagnosis"])


def _answers_json_schema(schema: dict[str, Any]) -> None:
    """Document ``answers`` as exactly what is accepted: every item of the edition, once, with a known value.

    The body is parsed leniently (any object) so that ``answers_validate`` can name every
    problem at once; the document still states the contract, so that a request valid
    against it is always scored (200) and any other is answered with 400.
    """
    numbers = [str(item.number) for item in edition(CURRENT_EDITION).items]
    schema.clear()
    schema.update(
        {
            "type": "object",
            "description": "自社診断の全項目の回答(キーは項目番号 '1'〜'25')",
            "properties": {n: {"type": "string", "enum": list(ANSWER_VALUES)} for n in numbers},
            "required": numbers,
            "additionalProperties": False,
        }
    )


class ScoreIn(Schema):
    answers: dict[str, Any] = Field(json_schema_extra=_answers_json_schema)


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


@router.post(
    "/score",
    response={200: ScoreOut, 400: InvalidRequestOut, **RATE_LIMITED},
    auth=None,
    summary="自社診断の25問の回答を採点する(保存しない)",
)
def score(request: HttpRequest, payload: ScoreIn) -> Status[dict[str, Any]]:
    """Score a complete set of 25 answers (yes / partial / no / unknown) without storing anything.

    ``band`` is one of perfect (100), good (70–99), fair (50–69), weak (−25–49).
    Every missing item, extra item and unknown value is listed in ``errors``.
    Limited per client address like the other endpoints.
    """
    rate_limit(request)
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
