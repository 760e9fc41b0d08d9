"""Survey results read from the database: a handful of GROUP BY queries per page, never one per response.

``survey_results_get`` counts every option of every question in one query (``Answer`` grouped by
question, row and option), the respondents per question in a second and the number answers in a third;
``survey_crosstab_get`` is one or two more. The arithmetic (percentages, suppression, statistics) is in
``surveys.results``; the office's permission is checked here because results of an identified survey
name organisations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from secaction.accounts.permissions import staff_require
from secaction.organizations.choices import EMPLOYEE_BAND_CHOICES, INDUSTRY_CHOICES, PREFECTURE_CHOICES

from ..models import Answer, Invitation, Question, Response, Survey
from ..results import (
    Band,
    NumberStats,
    crosstab_suppress,
    number_bands,
    number_stats,
    percent,
    percent_label,
    scale_mean,
)
from .answering import survey_questions

CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE)
TEXTS_PER_PAGE = 20
# Response attributes a crosstab can be split by, with their labels (the declaration levels live in an app
# above this one, so their two labels are repeated here).
DIMENSIONS: dict[str, Any] = {
    "level": gettext_lazy("段階"),
    "prefecture": gettext_lazy("都道府県"),
    "industry": gettext_lazy("業種"),
    "size": gettext_lazy("従業員数"),
}
_DIMENSION_LABELS: dict[str, dict[str, Any]] = {
    "level": {"one_star": gettext_lazy("★一つ星"), "two_star": gettext_lazy("★★二つ星")},
    "prefecture": dict(PREFECTURE_CHOICES),
    "industry": dict(INDUSTRY_CHOICES),
    "size": dict(EMPLOYEE_BAND_CHOICES),
}


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


def localized(item: dict[str, Any] | Question | Survey, field_name: str = "") -> str:
    """The English text of an option/row dict (``ja``/``en``) or a model field, falling back to Japanese."""
    if isinstance(item, dict):
        return str((item.get("en") if _english() else "") or item.get("ja") or item.get("key", ""))
    ja = getattr(item, f"{field_name}_ja")
    return str((getattr(item, f"{field_name}_en") if _english() else "") or ja)


def dimension_label(dimension: str, value: str) -> str:
    if not value:
        return gettext("(記録なし)")
    return str(_DIMENSION_LABELS.get(dimension, {}).get(value, value))


@dataclass(frozen=True)
class OptionResult:
    key: str
    label: str
    count: int
    percent: Decimal | None
    reference: Decimal | None  # the template survey's figure (e.g. 2024's 75.1), when there is one


@dataclass(frozen=True)
class MatrixRow:
    key: str
    label: str
    respondents: int
    cells: list[OptionResult]


@dataclass
class QuestionResult:
    question: Question
    text: str
    respondents: int
    options: list[OptionResult] = field(default_factory=list)
    mean: Decimal | None = None
    matrix: list[MatrixRow] = field(default_factory=list)
    number: NumberStats | None = None
    bands: list[Band] = field(default_factory=list)
    has_reference: bool = False


@dataclass
class SurveyResults:
    survey: Survey
    title: str
    invitations: int
    responses: int
    rate: str  # "2.2%" as the seed prints it, or "—" without a denominator
    questions: list[QuestionResult]
    # Wizard surveys: declarations made while the survey was attached (the rate's denominator), if known.
    declarations: int | None = None

    @property
    def anonymous(self) -> bool:
        return self.survey.mode == Survey.Mode.ANONYMOUS


def _reference(question: Question, key: str) -> Decimal | None:
    raw = (question.reference or {}).get(key)
    try:
        return Decimal(str(raw)) if raw not in (None, "") else None
    except ArithmeticError:
        return None


def _options(question: Question, counts: dict[str, int], whole: int) -> list[OptionResult]:
    return [
        OptionResult(
            key=o["key"],
            label=localized(o),
            count=counts.get(o["key"], 0),
            percent=percent(counts.get(o["key"], 0), whole),
            reference=_reference(question, o["key"]),
        )
        for o in question.options
    ]


def survey_period(survey: Survey) -> tuple[dt.datetime | None, dt.datetime]:
    """The period a wizard survey was asked in: from ``opens_at`` to its closing (or now)."""
    return survey.opens_at, survey.closed_at or min(filter(None, [survey.closes_at, timezone.now()]))


def survey_results_get(actor: Any, survey: Survey, *, declarations: int | None = None) -> SurveyResults:
    """Response rate and per-question counts, percentages and statistics (three GROUP BY queries).

    The rate is responses / invitations; for a wizard survey it is responses / ``declarations``, the
    number of declarations made in ``survey_period``, which the caller counts (declarations live in an
    app above this one) — without it the rate is 「—」.

    Percentages are shares of the question's respondents (for multiple choice: of those who answered
    it, so they need not add up to 100, like the seed's charts). Staff only.
    """
    staff_require(actor)
    questions = survey_questions(survey)
    # By question ids (a handful), so the counts read the answers table alone, without a join.
    answers = Answer.objects.filter(question_id__in=[q.pk for q in questions])
    option_counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for row in answers.exclude(option="").values("question_id", "row", "option").annotate(n=Count("id")):
        option_counts[row["question_id"]][(row["row"], row["option"])] = row["n"]
    respondents = dict(
        answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    )
    numbers: dict[int, dict[int, int]] = defaultdict(dict)
    for qid, value, n in (
        answers.filter(number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        numbers[qid][value] = n
    results = [
        _question_result(q, respondents.get(q.pk, 0), option_counts[q.pk], numbers[q.pk]) for q in questions
    ]
    invitations = Invitation.objects.filter(survey=survey).count()
    responses = Response.objects.filter(survey=survey).count()
    return SurveyResults(
        survey=survey,
        title=localized(survey, "title"),
        invitations=invitations,
        responses=responses,
        rate=percent_label(
            responses, (declarations or 0) if survey.kind == Survey.Kind.WIZARD else invitations
        ),
        declarations=declarations if survey.kind == Survey.Kind.WIZARD else None,
        questions=results,
    )


def _question_result(
    question: Question, respondents: int, counts: dict[tuple[str, str], int], numbers: dict[int, int]
) -> QuestionResult:
    result = QuestionResult(question, localized(question, "text"), respondents)
    if question.kind in CHOICE_KINDS:
        flat = {option: n for (_row, option), n in counts.items()}
        result.options = _options(question, flat, respondents)
        result.has_reference = any(o.reference is not None for o in result.options)
        if question.kind == Question.Kind.SCALE:
            result.mean = scale_mean(flat)
    elif question.kind == Question.Kind.MATRIX:
        for row in question.rows:
            cells = {option: n for (r, option), n in counts.items() if r == row["key"]}
            total = sum(cells.values())
            result.matrix.append(
                MatrixRow(row["key"], localized(row), total, _options(question, cells, total))
            )
    elif question.kind == Question.Kind.NUMBER:
        result.number = number_stats(numbers)
        result.bands = number_bands(numbers)
    return result


def survey_texts_page(actor: Any, question: Question, page: int | str = 1) -> Page[str]:
    """One page of a free-text question's answers, newest first (by answer day, then latest stored)."""
    staff_require(actor)
    texts = (
        Answer.objects.filter(question=question)
        .exclude(text="")
        .order_by("-response__submitted_on", "-id")
        .values_list("text", flat=True)
    )
    return Paginator(texts, TEXTS_PER_PAGE).get_page(page)


@dataclass(frozen=True)
class CrossCell:
    count: int | None  # None: hidden (fewer than 5 respondents in an anonymous survey)
    percent: Decimal | None


@dataclass(frozen=True)
class CrossRow:
    key: str
    label: str
    total: int | None  # respondents in this row who answered the question; None when hidden
    cells: list[CrossCell]


@dataclass(frozen=True)
class Crosstab:
    question: Question
    by_label: str
    columns: list[tuple[str, str]]  # (option key, label)
    rows: list[CrossRow]
    suppressed: bool  # whether the small-cell rule was applied (anonymous survey)


def crosstab_dimensions(survey: Survey, questions: Sequence[Question]) -> list[tuple[str, str]]:
    """What a crosstab can be split by: the kept attributes, then the other choice questions (``q<id>``)."""
    kept = survey.attributes or list(Survey.ATTRIBUTES)
    choices = [(key, str(label)) for key, label in DIMENSIONS.items() if key in kept]
    choices += [
        (f"q{q.pk}", f"{q.key}: {localized(q, 'text')[:40]}") for q in questions if q.kind in CHOICE_KINDS
    ]
    return choices


def survey_crosstab_get(actor: Any, survey: Survey, question: Question, by: str) -> Crosstab:
    """Respondents of a choice/scale ``question`` split by a response attribute or by another question.

    ``by`` is ``level``/``prefecture``/``industry``/``size`` or ``q<question id>`` (a self-join of
    ``Answer`` on the response). Cells are counts of respondents with row percentages (of the row's
    respondents to ``question``); in an anonymous survey small cells are hidden (``results``).
    Raises ``ValueError`` for a question or split that is not offered.
    """
    staff_require(actor)
    if question.survey_id != survey.pk or question.kind not in CHOICE_KINDS:
        raise ValueError("not a choice question of this survey")
    base = Answer.objects.filter(question=question).exclude(option="")
    if by in DIMENSIONS:
        group = f"response__{by}"
        by_label = str(DIMENSIONS[by])
        row_keys: list[tuple[str, str]] | None = None
        qs = base
    elif by.startswith("q") and by[1:].isdigit():
        other = survey.questions.filter(pk=int(by[1:]), kind__in=CHOICE_KINDS).first()
        if other is None or other.pk == question.pk:
            raise ValueError("not a choice question of this survey")
        group = "response__answers__option"
        by_label = localized(other, "text")
        row_keys = [(o["key"], localized(o)) for o in other.options]
        qs = base.filter(response__answers__question=other)
    else:
        raise ValueError(f"unknown split {by!r}")
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for key, option, n in (
        qs.values_list(group, "option").annotate(n=Count("response_id", distinct=True)).order_by()
    ):
        counts[key or ""][option] = n
    totals = dict(qs.values_list(group).annotate(n=Count("response_id", distinct=True)).order_by())
    if row_keys is None:
        row_keys = [(key, dimension_label(by, key)) for key in sorted(totals, key=lambda k: (k == "", k))]
    columns = [(o["key"], localized(o)) for o in question.options]
    grid = [[counts[key].get(col, 0) for col, _label in columns] for key, _label in row_keys]
    row_totals = [totals.get(key, 0) for key, _label in row_keys]
    suppress = survey.mode == Survey.Mode.ANONYMOUS
    hidden = crosstab_suppress(grid, row_totals) if suppress and grid else None
    rows = []
    for r, (key, label) in enumerate(row_keys):
        cells = []
        for c, count in enumerate(grid[r]):
            off = hidden is not None and hidden.cells[r][c]
            cells.append(CrossCell(None, None) if off else CrossCell(count, percent(count, row_totals[r])))
        total_off = hidden is not None and hidden.totals[r]
        rows.append(CrossRow(key, label, None if total_off else row_totals[r], cells))
    return Crosstab(question, by_label, columns, rows, suppress)


def survey_response_rows(survey: Survey) -> Iterator[tuple[Response, list[Answer]]]:
    """Every response with its answers, in id order, streamed in two queries (for exports; the caller
    checks the permission). Answers come without their question loaded (``question_id`` only)."""
    answers = (
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "id")
        .only("response_id", "question_id", "row", "option", "number", "text")
        .iterator(chunk_size=5000)
    )
    pending = next(answers, None)
    for response in Response.objects.filter(survey=survey).order_by("id").iterator(chunk_size=2000):
        own: list[Answer] = []
        while pending is not None and pending.response_id == response.pk:
            own.append(pending)
            pending = next(answers, None)
        yield response, own
