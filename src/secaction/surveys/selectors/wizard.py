"""The survey attached to the declaration wizard, and its live figures for the public statistics page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from ..models import Answer, Question, Response, Survey

# Below this many respondents the public page shows no shares (one answer would move them by several points).
WIZARD_FIGURES_MIN_N = 30
WIZARD_FIGURES_CACHE_SECONDS = 600


def wizard_survey_get() -> Survey | None:
    """The open survey of kind WIZARD (``survey_open`` keeps it to one), or None when the office attached none."""
    return (
        Survey.objects.filter(kind=Survey.Kind.WIZARD, status=Survey.Status.OPEN)
        .order_by("-opens_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class OptionShare:
    """One option's count and share; ``label``/``label_en`` for the ``localized`` template filter."""

    key: str
    label: str
    label_en: str
    count: int
    percent: float  # of ``n``, the respondents who answered the question
    reference: str | None  # the question's reference figure (the 2024 survey's percentage), as printed


@dataclass(frozen=True)
class QuestionFigures:
    key: str
    text: str
    text_en: str
    n: int
    options: tuple[OptionShare, ...]

    @property
    def shown(self) -> bool:
        """Shares are published only from ``WIZARD_FIGURES_MIN_N`` respondents on."""
        return self.n >= WIZARD_FIGURES_MIN_N


@dataclass(frozen=True)
class WizardFigures:
    survey_id: int
    title: str
    title_en: str
    computed_at: dt.datetime
    questions: tuple[QuestionFigures, ...]
    min_n: int = WIZARD_FIGURES_MIN_N


def _question_figures(question: Question) -> QuestionFigures:
    answers = Answer.objects.filter(question=question, response__source=Response.Source.WIZARD)
    n = answers.values("response_id").distinct().count()
    counts = dict(answers.values_list("option").annotate(c=Count("response_id", distinct=True)).order_by())
    options = tuple(
        OptionShare(
            o["key"],
            o.get("ja", ""),
            o.get("en") or o.get("ja", ""),
            counts.get(o["key"], 0),
            round(100 * counts.get(o["key"], 0) / n, 1) if n else 0.0,
            (question.reference or {}).get(o["key"]),
        )
        for o in question.options
    )
    return QuestionFigures(question.key, question.text_ja, question.text_en or question.text_ja, n, options)


def wizard_figures_get() -> WizardFigures | None:
    """Share of wizard respondents per option of each choice question of the wizard survey, cached 10 minutes.

    None when no wizard survey is open. Each question's ``n`` counts the responses that answered it; a
    multiple-choice question's shares add up to more than 100 %. Public data: counts only, no attributes.
    """
    survey = wizard_survey_get()
    if survey is None:
        return None
    key = f"surveys:wizard_figures:v2:{survey.pk}:{survey.version}"
    cached = cache.get(key)
    if isinstance(cached, WizardFigures):
        return cached
    questions = survey.questions.filter(
        removed_at__isnull=True, kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE]
    ).order_by("position", "pk")
    figures = WizardFigures(
        survey_id=survey.pk,
        title=survey.title_ja,
        title_en=survey.title_en or survey.title_ja,
        computed_at=timezone.now(),
        questions=tuple(_question_figures(q) for q in questions),
    )
    cache.set(key, figures, WIZARD_FIGURES_CACHE_SECONDS)
    return figures
