"""The answering page in a browser: conditional questions hide and show live, then the answers are sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from secaction.surveys.models import Response

from ._builder_setup import invite, open_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_conditional_question_appears_when_its_condition_is_met(page, live_server, shots):
    survey = open_survey()
    page.goto(live_server.url + reverse("surveys:respond", args=[invite(survey)]))
    follow_up = page.locator("#sv-which")
    assert page.get_by_text("この調査は匿名です").is_visible()
    assert not follow_up.is_visible()  # the script hid it: 問1 is not answered yet
    page.get_by_label("はい").check()
    assert follow_up.is_visible()
    assert not page.get_by_text(
        "問1で「はい」と答えた方だけお答えください。"
    ).is_visible()  # the note is for no-JS
    shots("follow-up-shown")
    page.get_by_label("いいえ").check()
    assert not follow_up.is_visible()
    page.get_by_label("はい").check()
    page.get_by_label("選択肢mail").check()
    page.get_by_role("button", name="回答を送信").click()
    page.get_by_text("回答を受け付けました").wait_for()
    shots("thanks")
    response = Response.objects.get(survey=survey)
    assert sorted(response.answers.values_list("question__key", "option")) == [
        ("uses", "yes"),
        ("which", "mail"),
    ]
