"""Builder services: staff only, audited; edits of a survey in the field follow surveys.versions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.surveys.models import Question, Survey
from secaction.surveys.services import (
    question_add,
    question_move,
    question_remove,
    question_update,
    survey_close,
    survey_create,
    survey_open,
    survey_reopen,
    survey_update,
    wizard_response_submit,
)

from ._builder_setup import office, open_survey, opts

pytestmark = pytest.mark.django_db


def draft() -> Survey:
    return survey_create(office(), title_ja="調査", mode=Survey.Mode.IDENTIFIED, attributes=["level"])


def test_create_is_staff_only_and_audited(django_user_model):
    outsider = django_user_model.objects.create_user(email="someone@example.jp")
    with pytest.raises(AccessDenied):
        survey_create(outsider, title_ja="調査")
    survey = draft()
    assert survey.status == Survey.Status.DRAFT and survey.attributes == ["level"]
    assert AuditEvent.objects.filter(action="survey.create", object_id=str(survey.pk)).exists()


def test_create_refuses_bad_fields():
    with pytest.raises(ServiceError) as caught:
        survey_create(office(), title_ja=" ", mode="secret", attributes=["email"])
    assert set(caught.value.error_dict) == {"title_ja", "mode", "attributes"}


def test_questions_are_added_in_order_and_a_scale_gets_its_five_points():
    survey = draft()
    first = question_add(office(), survey, key="a", kind="single", text_ja="A", options=opts("x", "y"))
    scale = question_add(office(), survey, key="b", kind="scale", text_ja="B")
    assert first.position < scale.position
    assert [o["key"] for o in scale.options] == ["1", "2", "3", "4", "5"]
    assert survey.questions.count() == 2
    survey.refresh_from_db()
    assert survey.version == 1  # a draft without responses: no version bump


def test_an_invalid_definition_is_refused_by_field():
    survey = draft()
    question_add(office(), survey, key="a", kind="single", text_ja="A", options=opts("x"))
    with pytest.raises(ServiceError) as caught:
        question_add(office(), survey, key="a", kind="multiple", text_ja="", options=opts("x"), max_choices=5)
    assert {"key", "text_ja", "max_choices"} <= set(caught.value.error_dict)


def test_a_condition_on_another_surveys_question_is_refused():
    other = draft()
    foreign = question_add(office(), other, key="a", kind="single", text_ja="A", options=opts("x"))
    with pytest.raises(ServiceError):
        question_add(
            office(), draft(), key="b", kind="text", text_ja="B", show_if=foreign, show_if_options=["x"]
        )


def test_opening_needs_a_question_and_closing_stops_it():
    survey = draft()
    with pytest.raises(ServiceError, match="質問が1つもない"):
        survey_open(office(), survey)
    question_add(office(), survey, key="a", kind="text", text_ja="A")
    survey = survey_open(office(), survey)
    assert survey.status == Survey.Status.OPEN and survey.opens_at is not None
    survey = survey_close(office(), survey)
    assert survey.status == Survey.Status.CLOSED and survey.closed_at is not None
    with pytest.raises(ServiceError):
        survey_close(office(), survey)
    assert list(
        AuditEvent.objects.filter(object_id=str(survey.pk)).values_list("action", flat=True).order_by("id")
    )[-2:] == [
        "survey.open",
        "survey.close",
    ]


def test_reopen_with_a_later_deadline():
    survey = open_survey()
    survey_close(office(), survey)
    later = timezone.now() + datetime.timedelta(days=7)
    survey = survey_reopen(office(), survey, closes_at=later)
    assert survey.status == Survey.Status.OPEN and survey.closes_at == later
    survey_close(office(), survey)
    with pytest.raises(ServiceError, match="締切日時が過ぎています"):
        survey_reopen(office(), survey, closes_at=timezone.now() - datetime.timedelta(days=1))


def test_only_one_wizard_survey_is_open_at_a_time():
    open_survey(kind=Survey.Kind.WIZARD)
    second = survey_create(office(), title_ja="二つ目", kind=Survey.Kind.WIZARD)
    question_add(office(), second, key="a", kind="text", text_ja="A")
    with pytest.raises(ServiceError, match="同時に1つ"):
        survey_open(office(), second)


def test_edits_in_the_field_bump_the_version_and_tightening_is_refused():
    survey = open_survey()
    which = survey.questions.get(key="which")
    question_update(
        office(), which, text_ja="利用しているサービスはどれですか", options=[*which.options, *opts("crm")]
    )
    survey.refresh_from_db()
    assert survey.version == 2
    with pytest.raises(ServiceError, match="上限"):
        question_update(office(), which, max_choices=1)
    with pytest.raises(ServiceError, match="形式"):
        question_update(office(), which, kind="single")
    with pytest.raises(ServiceError, match="任意回答"):
        question_add(office(), survey, key="new", kind="text", text_ja="新しい質問", required=True)
    question_add(office(), survey, key="new", kind="text", text_ja="新しい質問")
    survey.refresh_from_db()
    assert survey.version == 3
    question_update(office(), which, text_ja="利用しているサービスはどれですか")  # no change: no bump
    survey.refresh_from_db()
    assert survey.version == 3


def test_mode_and_attributes_are_fixed_once_in_the_field():
    survey = open_survey()
    with pytest.raises(ServiceError):
        survey_update(office(), survey, mode=Survey.Mode.IDENTIFIED)
    survey = survey_update(office(), survey, title_ja="新しいタイトル")
    assert survey.title_ja == "新しいタイトル"


def test_remove_hides_and_keeps_the_question():
    survey = open_survey()
    uses = survey.questions.get(key="uses")
    with pytest.raises(ServiceError, match="表示の条件"):
        question_remove(office(), uses)  # "which" depends on it
    staff_q = question_remove(office(), survey.questions.get(key="staff"))
    assert staff_q.removed_at is not None and Question.objects.filter(pk=staff_q.pk).exists()
    # The hidden question is no longer asked: the wizard-style submit ignores it.


def test_move_reorders_but_never_before_the_condition():
    survey = open_survey()
    which = survey.questions.get(key="which")
    with pytest.raises(ServiceError, match="前には移動できません"):
        question_move(office(), which, up=True)
    question_move(office(), survey.questions.get(key="staff"), up=True)
    order = list(survey.questions.order_by("position").values_list("key", flat=True))
    assert order == ["uses", "staff", "which"]


def test_a_response_records_the_version_it_saw():
    survey = open_survey(kind=Survey.Kind.WIZARD)
    first = wizard_response_submit(survey=survey, organization_id=1, attributes={}, data={"q.uses": "no"})
    question_update(office(), survey.questions.get(key="uses"), text_en="Do you use the cloud?")
    survey.refresh_from_db()
    second = wizard_response_submit(survey=survey, organization_id=2, attributes={}, data={"q.uses": "no"})
    assert (first.survey_version, second.survey_version) == (1, 2)
