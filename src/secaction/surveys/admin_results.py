"""The back office's survey results page and its exports, added to the Survey admin by a mixin.

``SurveyResultsAdminMixin`` adds four URLs under the Survey admin (``admin:surveys_survey_results`` and
``…_results_csv`` / ``…_results_xlsx`` / ``…_results_pdf``, each with ``args=[survey.pk]``). The page
reads through ``surveys.selectors`` (a handful of GROUP BY queries) and the downloads go through the
audited service ``surveys.services.survey_results_export``; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy

from secaction.core.errors import AccessDenied
from secaction.documents.responses import document_response

from .charts import question_chart, reference_label
from .models import Question, Survey
from .selectors import (
    crosstab_dimensions,
    survey_crosstab_get,
    survey_period,
    survey_results_get,
    survey_texts_page,
)
from .selectors.results import CHOICE_KINDS, Crosstab, localized
from .services import survey_results_export


class CrosstabForm(forms.Form):
    """Which choice question to split, and by what (an attribute or another question)."""

    question = forms.ChoiceField(label=gettext_lazy("集計する質問"))
    by = forms.ChoiceField(label=gettext_lazy("分ける項目"))

    def __init__(self, data: Any, *, survey: Survey, questions: list[Question]) -> None:
        super().__init__(data)
        self.questions = {str(q.pk): q for q in questions if q.kind in CHOICE_KINDS}
        question, by = self.fields["question"], self.fields["by"]
        assert isinstance(question, forms.ChoiceField) and isinstance(by, forms.ChoiceField)
        question.choices = [(pk, f"{q.key}: {localized(q, 'text')[:40]}") for pk, q in self.questions.items()]
        by.choices = crosstab_dimensions(survey, questions)


def _crosstab(
    request: HttpRequest, survey: Survey, questions: list[Question]
) -> tuple[CrosstabForm, Crosstab | None]:
    form = CrosstabForm(
        request.GET if "question" in request.GET else None, survey=survey, questions=questions
    )
    if not form.is_bound or not form.is_valid():
        return form, None
    question = form.questions[form.cleaned_data["question"]]
    try:
        return form, survey_crosstab_get(request.user, survey, question, form.cleaned_data["by"])
    except ValueError:
        form.add_error("by", gettext("同じ質問どうしでは集計できません。別の項目を選んでください。"))
        return form, None


class SurveyResultsAdminMixin(admin.ModelAdmin):
    """Mixed into the Survey admin (``surveys.admin``): the results page and its three downloads.

    ``declarations_counter`` counts the declarations made between two moments (start may be ``None``), the
    denominator of a wizard survey's rate. Declarations live in an app above this one, so the back office
    sets it when it starts; left ``None``, a wizard survey's rate shows 「—」.
    """

    declarations_counter: ClassVar[Callable[[dt.datetime | None, dt.datetime], int] | None] = None

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", view(self.results_view), name="surveys_survey_results"),
            *(
                path(
                    f"<int:pk>/results/{fmt}/",
                    view(self.results_export_view),
                    {"fmt": fmt},
                    name=f"surveys_survey_results_{fmt}",
                )
                for fmt in ("csv", "xlsx", "pdf")
            ),
            *super().get_urls(),
        ]

    def _survey(self, request: HttpRequest, pk: int) -> Survey:
        survey = get_object_or_404(Survey, pk=pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        counter = type(self).declarations_counter
        declarations = None
        if counter is not None and survey.kind == Survey.Kind.WIZARD:
            declarations = counter(*survey_period(survey))
        try:
            results = survey_results_get(request.user, survey, declarations=declarations)
        except AccessDenied:
            raise PermissionDenied from None
        questions = [r.question for r in results.questions]
        form, crosstab = _crosstab(request, survey, questions)
        texts = {
            r.question.pk: survey_texts_page(
                request.user, r.question, request.GET.get(f"t{r.question.pk}", 1)
            )
            for r in results.questions
            if r.question.kind == Question.Kind.TEXT
        }
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("アンケート結果:%(title)s") % {"title": results.title},
            "opts": self.model._meta,
            "original": survey,
            "results": results,
            "rows": [(r, question_chart(r), texts.get(r.question.pk)) for r in results.questions],
            "reference_label": reference_label(survey),
            "form": form,
            "crosstab": crosstab,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/surveys/results.html", context)

    def results_export_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        survey = self._survey(request, pk)
        questions = [q for q in survey.questions.filter(removed_at__isnull=True)]
        _form, crosstab = _crosstab(request, survey, questions) if fmt == "pdf" else (None, None)
        try:
            file = survey_results_export(request.user, survey, fmt, crosstab=crosstab)
        except AccessDenied:
            raise PermissionDenied from None
        return document_response(
            file.content, content_type=file.content_type, filename=file.filename, no_store=True
        )
