"""The answering form of a survey, shared by the personal-link page and the declaration wizard.

``SurveyAnswersForm(questions, data=None, initial=None)`` prepares each question for the template
``surveys/_questions.html`` (labels in the active language, the chosen values, errors, and the
condition as a note plus ``data-`` attributes for ``surveys/js/conditions.js``) and validates with
``validation.answers_validate``, so the page and the services apply one rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import validation
from .models import Question


def localized(item: Any, base: str) -> str:
    """``item.<base>_en`` (or ``item["en"]``) on an English page when present, else the Japanese."""
    english = (get_language() or "ja").startswith("en")
    if isinstance(item, Mapping):
        return str(item.get("en") or item.get("ja", "")) if english else str(item.get("ja", ""))
    text_en = getattr(item, f"{base}_en", "")
    return text_en if english and text_en else getattr(item, f"{base}_ja", "")


@dataclass
class Choice:
    key: str
    label: str
    checked: bool


@dataclass
class MatrixRow:
    key: str
    label: str
    name: str
    choices: list[Choice]


@dataclass
class ShownQuestion:
    """One question as the template renders it."""

    number: int
    question: Question
    name: str
    text: str
    help: str
    choices: list[Choice] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    value: str = ""
    errors: list[str] = field(default_factory=list)
    condition_name: str = ""
    condition_values: str = ""
    condition_note: str = ""

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def input_type(self) -> str:
        return "checkbox" if self.question.kind == "multiple" else "radio"


def _as_lists(data: Mapping[str, Any]) -> dict[str, list[str]]:
    if hasattr(data, "getlist"):
        return {name: [str(v) for v in data.getlist(name)] for name in data}
    out: dict[str, list[str]] = {}
    for name, value in data.items():
        out[name] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    return out


class SurveyAnswersForm:
    """Questions to render and validate. ``data``: a POST (or alike); ``initial``: clean answers or a
    draft keyed by question key (``Invitation.draft``), used when there is no ``data``."""

    def __init__(
        self,
        questions: Sequence[Question],
        data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        self.questions = list(questions)
        self.data = data
        self.is_bound = data is not None
        self.cleaned_data: dict[str, Any] = {}
        self.errors: dict[str, list[str]] = {}
        self._values = _as_lists(
            data if data is not None else validation.answers_as_data(self.questions, initial or {})
        )

    def is_valid(self) -> bool:
        """Validate the bound data (``validation.answers_validate``); errors are keyed by field name."""
        if self.data is None:
            return False
        self.cleaned_data, errors = validation.answers_validate(self.questions, self.data)
        self.errors = {validation.field_name(key): messages for key, messages in errors.items()}
        return not errors

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's refusal: messages keyed by field go to their question, others to the top."""
        if hasattr(error, "error_dict"):
            for name, items in error.error_dict.items():
                self.errors.setdefault(name, []).extend(m for e in items for m in e.messages)
        else:
            self.errors.setdefault("", []).extend(error.messages)

    @property
    def non_field_errors(self) -> list[str]:
        return self.errors.get("", [])

    def shown(self) -> list[ShownQuestion]:
        numbers = {q.pk: n for n, q in enumerate(self.questions, start=1)}
        by_pk = {q.pk: q for q in self.questions}
        items = []
        for number, question in enumerate(self.questions, start=1):
            name = validation.field_name(question.key)
            chosen = set(self._values.get(name, []))
            item = ShownQuestion(
                number=number,
                question=question,
                name=name,
                text=localized(question, "text"),
                help=localized(question, "help"),
                errors=self.errors.get(name, []),
            )
            if question.kind in ("single", "multiple", "scale"):
                item.choices = [
                    Choice(o["key"], localized(o, ""), o["key"] in chosen) for o in question.options
                ]
            elif question.kind == "matrix":
                item.columns = [localized(o, "") for o in question.options]
                for row in question.rows:
                    row_name = validation.field_name(question.key, row["key"])
                    row_chosen = set(self._values.get(row_name, []))
                    item.rows.append(
                        MatrixRow(
                            row["key"],
                            localized(row, ""),
                            row_name,
                            [
                                Choice(o["key"], localized(o, ""), o["key"] in row_chosen)
                                for o in question.options
                            ],
                        )
                    )
            else:
                item.value = (self._values.get(name) or [""])[0]
            condition = by_pk.get(question.show_if_id) if question.show_if_id is not None else None
            if condition is not None:
                labels = [localized(o, "") for o in condition.options if o["key"] in question.show_if_options]
                item.condition_name = validation.field_name(condition.key)
                item.condition_values = " ".join(question.show_if_options)
                item.condition_note = _("問%(number)dで「%(answers)s」と答えた方だけお答えください。") % {
                    "number": numbers[condition.pk],
                    "answers": _("」または「").join(labels),
                }
            items.append(item)
        return items
