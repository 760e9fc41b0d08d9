"""The shipped templates (surveys/templates_2024.py, helper E's) pass the builder's own definition rules,
so a survey made from them can be answered and edited like one built by hand."""

from __future__ import annotations

import pytest

from secaction.surveys.selectors import survey_questions
from secaction.surveys.services import survey_from_template
from secaction.surveys.validation import question_definition_errors
from secaction.surveys.versions import definition_of

from ._builder_setup import office

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["2024", "wizard"])
def test_every_template_question_is_a_valid_definition(key):
    survey = survey_from_template(office(), key)
    questions = survey_questions(survey)
    assert questions
    for index, question in enumerate(questions):
        definition = {**definition_of(question), "show_if": question.show_if}
        taken = [q.key for q in questions if q.pk != question.pk]
        assert question_definition_errors(definition, earlier=questions[:index], taken_keys=taken) == {}, (
            question.key
        )
