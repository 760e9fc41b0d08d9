"""The answering page /surveys/r/<token>/ through the test client."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secaction.surveys.models import Invitation, Response, Survey
from secaction.surveys.services import question_remove, survey_close, survey_update

from ._builder_setup import invite, office, open_survey

pytestmark = pytest.mark.django_db


def url(token: str) -> str:
    return reverse("surveys:respond", args=[token])


def test_an_unknown_link_is_a_clear_404(client):
    page = client.get(url("not-a-token"))
    assert page.status_code == 404
    assert "アンケートのリンクが見つかりません" in page.content.decode()


def test_the_page_shows_title_intro_anonymity_deadline_and_questions(client):
    deadline = timezone.now() + datetime.timedelta(days=10)
    survey = open_survey(closes_at=deadline)
    page = client.get(url(invite(survey))).content.decode()
    assert "クラウド利用の調査" in page and "ご協力ください。" in page
    assert "この調査は匿名です。回答は貴社と結び付けずに集計します" in page
    local = timezone.localtime(deadline)
    assert f"回答の締切:{local.year}年{local.month}月{local.day}日 {local:%H:%M}" in page
    assert 'name="q.uses"' in page and 'name="q.which"' in page and 'name="q.staff"' in page
    # Without JavaScript the conditional question is shown with a note saying when to answer it.
    assert "問1で「はい」と答えた方だけお答えください。" in page
    assert 'data-show-if="q.uses"' in page and "surveys/conditions.js" in page


def test_an_identified_survey_says_so(client):
    survey = open_survey(mode=Survey.Mode.IDENTIFIED)
    page = client.get(url(invite(survey))).content.decode()
    assert "この調査は記名式です" in page and "匿名" not in page.split("<main")[1].split("</main>")[
        0
    ].replace("記名", "")


def test_save_a_draft_then_resume_with_answers_filled_in(client):
    token = invite(open_survey())
    saved = client.post(
        url(token), {"action": "save", "q.uses": "yes", "q.which": ["files"], "q.staff": "25"}
    )
    assert saved.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.STARTED
    page = client.get(saved["Location"]).content.decode()
    assert "途中まで保存しました" in page
    assert 'value="yes" checked' in page and 'value="files" checked' in page and 'value="25"' in page
    again = client.get(url(token)).content.decode()  # the same link, later
    assert 'value="files" checked' in again


def test_submit_then_a_second_visit_says_already_answered(client):
    survey = open_survey()
    token = invite(survey)
    done = client.post(url(token), {"action": "submit", "q.uses": "yes", "q.which": ["mail"]})
    assert done.status_code == 302
    assert "回答を受け付けました" in client.get(done["Location"]).content.decode()
    again = client.get(url(token)).content.decode()
    assert "このアンケートには回答済みです" in again and '<form method="post" action="/surveys' not in again
    resubmit = client.post(url(token), {"action": "submit", "q.uses": "no"})
    assert "回答済み" in resubmit.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_anonymous_response_has_no_link_to_the_invitation(client):
    survey = open_survey()
    token = invite(survey, organization_id=99)
    client.post(url(token), {"action": "save", "q.uses": "no"})
    client.post(url(token), {"action": "submit", "q.uses": "no"})
    response = Response.objects.get(survey=survey)
    assert response.organization_id is None and response.invitation_id is None
    assert Invitation.objects.get().draft is None


def test_errors_are_shown_next_to_questions_and_answers_kept(client):
    token = invite(open_survey())
    page = client.post(url(token), {"action": "submit", "q.uses": "yes", "q.staff": "5000"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "回答に確認が必要な箇所があります" in html
    assert "1から1000までの数で入力してください。" in html
    assert 'value="5000"' in html and 'value="yes" checked' in html
    assert not Response.objects.exists()


def test_answers_to_hidden_questions_are_dropped(client):
    survey = open_survey()
    client.post(url(invite(survey)), {"action": "submit", "q.uses": "no", "q.which": ["mail", "files"]})
    assert list(Response.objects.get().answers.values_list("question__key", flat=True)) == ["uses"]


def test_a_removed_question_is_not_asked(client):
    survey = open_survey()
    question_remove(office(), survey.questions.get(key="staff"))
    assert 'name="q.staff"' not in client.get(url(invite(survey))).content.decode()


def test_closed_and_expired_surveys_say_so(client):
    survey = open_survey()
    token = invite(survey)
    survey_update(office(), survey, closes_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(url(token)).content.decode()
    assert "このアンケートの回答受付は終了しました。" in page and 'name="q.uses"' not in page
    post = client.post(url(token), {"action": "submit", "q.uses": "no"})
    assert "回答受付は終了しました" in post.content.decode() and not Response.objects.exists()
    survey_update(office(), survey, closes_at=None)
    survey_close(office(), survey)
    assert "回答受付は終了しました" in client.get(url(token)).content.decode()


def test_the_page_follows_the_invitations_language(client):
    token = invite(open_survey(), language="en")
    page = client.get(url(token)).content.decode()
    assert "Cloud use survey" in page and "Do you use cloud services?" in page
    main = page.split("<main")[1].split("</main>")[0]
    assert not any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in main), main


def test_the_language_switch_wins_over_the_invitation(client):
    token = invite(open_survey(), language="en")
    client.post(reverse("set_language"), {"language": "ja"})
    assert "クラウド利用の調査" in client.get(url(token)).content.decode()
