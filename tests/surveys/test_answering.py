"""Answering services: drafts, one response per link, anonymity, closing, the wizard's submit."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from secaction.core.errors import ServiceError
from secaction.surveys.models import Answer, Invitation, Response, Survey
from secaction.surveys.services import (
    invitation_answer_submit,
    invitation_draft_save,
    survey_close,
    survey_update,
    wizard_response_submit,
)

from ._builder_setup import invite, office, open_survey

pytestmark = pytest.mark.django_db


def test_a_draft_is_kept_and_marks_the_invitation_started():
    survey = open_survey()
    token = invite(survey)
    invitation = invitation_draft_save(token, {"q.uses": "yes", "q.which": ["mail"], "q.staff": "abc"})
    assert invitation.status == Invitation.Status.STARTED and invitation.started_at is not None
    assert invitation.draft == {"uses": "yes", "which": ["mail"], "staff": "abc"}


def test_anonymous_submission_keeps_no_link_to_the_organisation():
    survey = open_survey(attributes=["level", "prefecture"])
    token = invite(survey)
    invitation_draft_save(token, {"q.uses": "yes"})
    response = invitation_answer_submit(
        token, {"q.uses": "yes", "q.which": ["mail", "files"], "q.staff": "12"}
    )
    assert response.organization_id is None and response.invitation_id is None
    assert (response.level, response.prefecture, response.industry, response.size) == (
        "two_star",
        "13",
        "",
        "",
    )
    assert response.submitted_on == timezone.localdate() and response.source == Response.Source.INVITATION
    invitation = Invitation.objects.get(survey=survey)
    assert invitation.status == Invitation.Status.ANSWERED and invitation.draft is None
    # Only the day is kept, so the invitation cannot be matched with the response by the time of answering.
    answered = timezone.localtime(invitation.answered_at)
    assert answered.date() == response.submitted_on and answered.time() == datetime.time(0, 0)
    stored = sorted(Answer.objects.filter(response=response).values_list("question__key", "option", "number"))
    assert stored == [
        ("staff", "", 12),
        ("uses", "yes", None),
        ("which", "files", None),
        ("which", "mail", None),
    ]


def test_identified_submission_links_organisation_and_invitation():
    survey = open_survey(mode=Survey.Mode.IDENTIFIED)
    token = invite(survey, organization_id=77)
    response = invitation_answer_submit(token, {"q.uses": "no"})
    assert response.organization_id == 77 and response.invitation.email == "taro@example.jp"


def test_one_response_per_link():
    survey = open_survey()
    token = invite(survey)
    invitation_answer_submit(token, {"q.uses": "no"})
    with pytest.raises(ServiceError, match="回答済み"):
        invitation_answer_submit(token, {"q.uses": "yes"})
    with pytest.raises(ServiceError, match="回答済み"):
        invitation_draft_save(token, {"q.uses": "yes"})
    assert Response.objects.filter(survey=survey).count() == 1


def test_wrong_answers_are_refused_by_field_and_nothing_is_stored():
    survey = open_survey()
    token = invite(survey)
    with pytest.raises(ServiceError) as caught:
        invitation_answer_submit(token, {"q.uses": "yes", "q.which": ["mail", "files", "accounting"]})
    assert set(caught.value.error_dict) == {"q.which"}
    assert not Response.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.INVITED


def test_hidden_answers_are_dropped():
    survey = open_survey()
    response = invitation_answer_submit(invite(survey), {"q.uses": "no", "q.which": ["mail"]})
    assert list(response.answers.values_list("question__key", flat=True)) == ["uses"]


def test_a_closed_or_expired_survey_accepts_nothing():
    survey = open_survey()
    token = invite(survey)
    survey_update(office(), survey, closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ServiceError, match="終了しました"):
        invitation_answer_submit(token, {"q.uses": "no"})
    survey_update(office(), survey, closes_at=None)
    survey_close(office(), survey)
    with pytest.raises(ServiceError, match="終了しました"):
        invitation_draft_save(token, {"q.uses": "no"})


def test_an_unknown_token_is_refused():
    with pytest.raises(ServiceError, match="無効"):
        invitation_answer_submit("nope", {})


def test_wizard_submit_follows_the_surveys_mode():
    anonymous = open_survey(kind=Survey.Kind.WIZARD, attributes=["industry"])
    response = wizard_response_submit(
        survey=anonymous,
        organization_id=5,
        attributes={"industry": "E", "level": "one_star"},
        data={"q.uses": "no"},
    )
    assert response.source == Response.Source.WIZARD and response.organization_id is None
    assert (response.industry, response.level) == ("E", "")
    with pytest.raises(ServiceError) as caught:
        wizard_response_submit(survey=anonymous, organization_id=5, attributes={}, data={})
    assert "q.uses" in caught.value.error_dict
    survey_close(office(), anonymous)
    identified = open_survey(kind=Survey.Kind.WIZARD, mode=Survey.Mode.IDENTIFIED)
    response = wizard_response_submit(
        survey=identified, organization_id=5, attributes={}, data={"q.uses": "no"}
    )
    assert response.organization_id == 5


def test_wizard_submit_accepts_answers_keyed_by_question():
    # The declaration wizard keeps the answers in its session by question key, not by form field name.
    survey = open_survey(kind=Survey.Kind.WIZARD, mode=Survey.Mode.IDENTIFIED)
    response = wizard_response_submit(
        survey=survey,
        organization_id=8,
        attributes={},
        data={"uses": "yes", "which": ["files", "mail"], "staff": 30},
    )
    stored = sorted(response.answers.values_list("question__key", "option", "number"))
    assert stored == [
        ("staff", "", 30),
        ("uses", "yes", None),
        ("which", "files", None),
        ("which", "mail", None),
    ]
    with pytest.raises(ServiceError) as caught:
        wizard_response_submit(survey=survey, organization_id=9, attributes={}, data={"uses": "maybe"})
    assert "q.uses" in caught.value.error_dict


def test_wizard_submit_refuses_an_invitation_survey():
    with pytest.raises(ServiceError):
        wizard_response_submit(survey=open_survey(), organization_id=5, attributes={}, data={"q.uses": "no"})


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real row locks: run with DATABASE_URL=postgres"
)
@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_make_one_response():
    survey = open_survey()
    token = invite(survey)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        barrier.wait()
        try:
            invitation_answer_submit(token, {"q.uses": "no"})
            outcomes.append("ok")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(survey=survey).count() == 1
