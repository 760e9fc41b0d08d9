"""The wizard's optional survey step (「申込みのきっかけ」): its form and the submission after declaring.

The office attaches a survey of kind WIZARD (``surveys.selectors.wizard_survey_get``). Answers stay in the
wizard's session draft and are submitted through the surveys services' ``wizard_response_submit`` only after
the declaration service has succeeded; a refusal there is logged and never undoes or blocks the declaration.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secaction.core.errors import ServiceError
from secaction.organizations.models import Organization
from secaction.surveys import services as survey_services
from secaction.surveys.models import Question, Survey
from secaction.surveys.selectors import wizard_survey_get

logger = logging.getLogger(__name__)

SCALE = [(str(n), str(n)) for n in range(1, 6)]


def _text(item: Any, ja: str, en: str) -> str:
    """The English text of a question or option on an English page when there is one, else the Japanese."""
    english = (get_language() or "ja").startswith("en")
    value = (item.get(en) if isinstance(item, dict) else getattr(item, en)) if english else None
    return str(value or (item.get(ja) if isinstance(item, dict) else getattr(item, ja)) or "")


def wizard_questions(survey: Survey) -> list[Question]:
    """The questions the wizard shows: all live ones except matrices (too long for a one-minute step)."""
    return list(
        survey.questions.filter(removed_at__isnull=True)
        .exclude(kind=Question.Kind.MATRIX)
        .order_by("position", "pk")
    )


class WizardSurveyForm(forms.Form):
    """One field per question; none is required here, whatever the survey says, because the step is optional."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label, help_text = _text(q, "text_ja", "text_en"), _text(q, "help_ja", "help_en")
            choices = [(o["key"], _text(o, "ja", "en")) for o in q.options]
            field: forms.Field
            if q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
            elif q.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            elif q.kind == Question.Kind.SCALE:
                field = forms.ChoiceField(choices=choices or SCALE, widget=forms.RadioSelect)
            elif q.kind == Question.Kind.NUMBER:
                field = forms.IntegerField(min_value=q.min_value, max_value=q.max_value)
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
            field.required = False
            field.label, field.help_text = label, help_text
            self.fields[q.key] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for q in self.questions:
            if (
                q.kind == Question.Kind.MULTIPLE
                and q.max_choices
                and len(cleaned.get(q.key) or []) > q.max_choices
            ):
                self.add_error(q.key, _("選べるのは%(n)d個までです。") % {"n": q.max_choices})
        return cleaned

    def answers(self) -> dict[str, Any]:
        """The answers given (``{question key: option key | [option keys] | number | text}``), blanks left out."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


def wizard_survey_submit(draft: dict[str, Any], organization: Organization, level: str) -> bool:
    """Submit the draft's answers to the wizard survey they were given for, after a successful declaration.

    Nothing is sent when the step was skipped, no answer was given, or that survey is no longer the open
    wizard survey. True when a response was recorded. Never raises ``ServiceError``: it is logged.
    """
    answers = draft.get("survey_answers") or {}
    survey = wizard_survey_get()
    if not answers or survey is None or survey.pk != draft.get("survey"):
        return False
    try:
        survey_services.wizard_response_submit(
            survey=survey,
            organization_id=organization.pk,
            attributes={
                "level": level,
                "prefecture": organization.prefecture,
                "industry": organization.industry,
                "size": organization.employees,
            },
            data=answers,
        )
    except ServiceError:
        logger.warning("wizard survey %s: answers of organisation %s refused", survey.pk, organization.pk)
        return False
    return True
