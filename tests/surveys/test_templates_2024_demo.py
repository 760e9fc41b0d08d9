"""``seed_demo`` ships the wizard's 「宣言のきっかけ」 question as an open wizard survey, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from secaction.surveys.models import Survey
from secaction.surveys.selectors import wizard_survey_get

pytestmark = pytest.mark.django_db


def test_seed_demo_opens_the_wizard_question_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert "open wizard survey 宣言のきっかけ" in capsys.readouterr().out
    survey = wizard_survey_get()
    assert survey is not None and survey.template_key == "wizard" and survey.kind == Survey.Kind.WIZARD
    assert survey.questions.get().options[0]["ja"] == "補助金を申請する際の要件となっていた"
    call_command("seed_demo")
    assert Survey.objects.filter(template_key="wizard").count() == 1
