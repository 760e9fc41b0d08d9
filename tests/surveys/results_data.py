"""A small survey with fixed answers for the results tests (every figure below is counted by hand)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from secaction.surveys.models import Answer, Question, Response, Survey

YES_NO = [{"key": "yes", "ja": "はい", "en": "Yes"}, {"key": "no", "ja": "いいえ", "en": "No"}]
REASONS = [
    {"key": "subsidy", "ja": "補助金の要件", "en": "Subsidy requirement"},
    {"key": "customer", "ja": "取引先の要請", "en": "Customer request"},
    {"key": "self", "ja": "自社の取組み", "en": "Own initiative"},
]
SCALE = [{"key": str(n), "ja": str(n), "en": str(n)} for n in range(1, 6)]


def make_survey(user: Any, *, mode: str = Survey.Mode.ANONYMOUS, template_key: str = "2024") -> Survey:
    survey = Survey.objects.create(
        title_ja="実態調査2026", title_en="Survey 2026", mode=mode, template_key=template_key, created_by=user
    )
    questions = [
        dict(
            key="q1", kind="single", text_ja="満足していますか", text_en="Are you satisfied?", options=YES_NO
        ),
        dict(
            key="q2",
            kind="multiple",
            text_ja="宣言した理由",
            text_en="Why did you declare?",
            options=REASONS,
            reference={"subsidy": "75.1", "customer": "10.2"},
        ),
        dict(key="q3", kind="scale", text_ja="役に立ちましたか", text_en="Was it useful?", options=SCALE),
        dict(
            key="q4",
            kind="matrix",
            text_ja="対策の状況",
            text_en="Measures",
            options=YES_NO,
            rows=[
                {"key": "backup", "ja": "バックアップ", "en": "Backup"},
                {"key": "patch", "ja": "更新", "en": "Updates"},
            ],
        ),
        dict(key="q5", kind="number", text_ja="従業員数", text_en="Employees"),
        dict(key="q6", kind="text", text_ja="ご意見", text_en="Comments"),
    ]
    for position, fields in enumerate(questions):
        Question.objects.create(survey=survey, position=position, **fields)
    return survey


def add_response(
    survey: Survey,
    *,
    q1: str | None = None,
    q2: tuple[str, ...] = (),
    q3: str | None = None,
    q4: dict[str, str] | None = None,
    q5: int | None = None,
    q6: str = "",
    on: dt.date = dt.date(2026, 12, 1),
    organization_id: int | None = None,
    **attributes: str,
) -> Response:
    response = Response.objects.create(
        survey=survey,
        survey_version=1,
        source=Response.Source.INVITATION,
        submitted_on=on,
        organization_id=organization_id,
        **attributes,
    )
    q = {question.key: question for question in survey.questions.all()}
    rows: list[Answer] = []
    if q1:
        rows.append(Answer(response=response, question=q["q1"], option=q1))
    rows += [Answer(response=response, question=q["q2"], option=o) for o in q2]
    if q3:
        rows.append(Answer(response=response, question=q["q3"], option=q3))
    for row, option in (q4 or {}).items():
        rows.append(Answer(response=response, question=q["q4"], row=row, option=option))
    if q5 is not None:
        rows.append(Answer(response=response, question=q["q5"], number=q5))
    if q6:
        rows.append(Answer(response=response, question=q["q6"], text=q6))
    Answer.objects.bulk_create(rows)
    return response
