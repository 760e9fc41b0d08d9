"""The wizard's optional 「申込みのきっかけ」 step: shown only while the office has a wizard survey open,
skippable with one button, answers kept in the session draft and submitted only after the declaration
succeeded (through the surveys services' ``wizard_response_submit``), never blocking the declaration."""

from __future__ import annotations

import pytest

from secaction.core.errors import ServiceError
from secaction.declarations.models import Declaration, Status
from secaction.surveys import services as survey_services
from secaction.surveys.models import Survey
from tests.i18n.japanese import japanese_left

from .conftest import add_member, make_user

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]
WHY = "/declarations/new/why/"


@pytest.fixture
def wizard_survey():
    survey = survey_services.survey_from_template(make_user(staff=True), "wizard")
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)  # survey_open is helper C's service
    survey.refresh_from_db()
    return survey


@pytest.fixture
def submitted(monkeypatch):
    """Records each call of ``wizard_response_submit`` and whether the declaration existed by then."""
    calls: list[dict] = []

    def record(**kwargs):
        calls.append({**kwargs, "declared": Declaration.objects.filter(status=Status.ACTIVE).exists()})

    monkeypatch.setattr(survey_services, "wizard_response_submit", record, raising=False)
    return calls


def _to_terms(client):
    assert client.post("/declarations/new/", {"level": "one_star"}).status_code == 302
    assert client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL}).status_code == 302
    return client.post("/declarations/new/terms/", {"agree": "on"})


def test_without_a_wizard_survey_the_wizard_goes_straight_to_confirmation(client, org, owner, submitted):
    client.force_login(owner)
    assert _to_terms(client)["Location"] == "/declarations/new/confirm/"
    assert client.get(WHY)["Location"] == "/declarations/new/"  # not a step of this draft
    assert "申込みのきっかけ" not in client.get("/declarations/new/confirm/").content.decode()
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    assert Declaration.objects.get().status == Status.ACTIVE
    assert submitted == []


def test_answers_are_submitted_after_the_declaration_with_the_attributes(
    client, org, owner, wizard_survey, submitted
):
    client.force_login(owner)
    assert _to_terms(client)["Location"] == WHY
    assert client.get("/declarations/new/confirm/")["Location"] == WHY  # answer or skip first
    html = client.get(WHY).content.decode()
    assert "申込みのきっかけ(任意・1分)" in html and "回答しないで次へ" in html
    assert "補助金を申請する際の要件となっていた" in html and "取引先から宣言を求められた" in html
    r = client.post(WHY, {"reason": ["subsidy", "partner_request"]})
    assert r["Location"] == "/declarations/new/confirm/"
    assert submitted == []  # kept in the session until the declaration is made
    r = client.post("/declarations/new/confirm/", {"public_ok": "1"})
    decl = Declaration.objects.get()
    assert r["Location"] == f"/declarations/done/{decl.pk}/"
    assert submitted == [
        {
            "survey": wizard_survey,
            "organization_id": org.pk,
            "attributes": {"level": "one_star", "prefecture": "13", "industry": "I", "size": "1-5"},
            "data": {"reason": ["subsidy", "partner_request"]},
            "declared": True,
        }
    ]


def test_one_button_skips_the_question(client, org, owner, wizard_survey, submitted):
    client.force_login(owner)
    _to_terms(client)
    assert client.post(WHY, {"reason": ["subsidy"], "skip": ""})["Location"] == "/declarations/new/confirm/"
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    assert Declaration.objects.get().status == Status.ACTIVE
    assert submitted == []


def test_a_refused_response_never_blocks_the_declaration(client, org, owner, wizard_survey, monkeypatch):
    def refuse(**_kwargs):
        raise ServiceError("回答を受け付けられません。")

    monkeypatch.setattr(survey_services, "wizard_response_submit", refuse, raising=False)
    client.force_login(owner)
    _to_terms(client)
    client.post(WHY, {"reason": ["improve"]})
    r = client.post("/declarations/new/confirm/", {"public_ok": "1"})
    decl = Declaration.objects.get()
    assert r["Location"] == f"/declarations/done/{decl.pk}/" and decl.status == Status.ACTIVE


def test_a_survey_closed_meanwhile_is_skipped_and_its_answers_dropped(
    client, org, owner, wizard_survey, submitted
):
    client.force_login(owner)
    _to_terms(client)
    client.post(WHY, {"reason": ["subsidy"]})
    Survey.objects.filter(pk=wizard_survey.pk).update(status=Survey.Status.CLOSED)
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    assert Declaration.objects.get().status == Status.ACTIVE
    assert submitted == []


def test_a_survey_closed_before_the_step_lets_the_wizard_through(
    client, org, owner, wizard_survey, submitted
):
    client.force_login(owner)
    client.post("/declarations/new/", {"level": "one_star"})
    Survey.objects.filter(pk=wizard_survey.pk).update(status=Survey.Status.CLOSED)
    client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL})
    client.post("/declarations/new/terms/", {"agree": "on"})
    assert client.get(WHY)["Location"] == "/declarations/new/confirm/"
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    assert Declaration.objects.get().status == Status.ACTIVE and submitted == []


def test_maximum_choices_is_enforced_with_a_clear_message(client, org, owner, wizard_survey, submitted):
    wizard_survey.questions.update(max_choices=1)
    client.force_login(owner)
    _to_terms(client)
    r = client.post(WHY, {"reason": ["subsidy", "improve"]})
    assert r.status_code == 200 and "選べるのは1個までです。" in r.content.decode()


def test_english_page_shows_the_english_question_and_no_japanese(client, org, wizard_survey, submitted):
    user = add_member(org, make_user(language="en"), role="owner")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _to_terms(client)
    html = client.get(WHY).content.decode()
    assert '<html lang="en">' in html
    assert "It was a requirement when applying for a subsidy" in html and "Skip and continue" in html
    assert japanese_left(html) == []
