"""The survey builder's pages in English: no Japanese but what staff typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from secaction.surveys.services import question_add, survey_create
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings: Any) -> None:
    settings.BACKOFFICE_REQUIRE_MFA = False  # the 2FA gate has its own tests (backoffice)


def test_the_builder_pages_are_english(client):
    office = get_user_model().objects.create_user(email="office@example.jp", is_staff=True, is_superuser=True)
    client.force_login(office)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    survey = survey_create(office, title_ja="調査", title_en="Survey")
    question_add(
        office,
        survey,
        key="q1",
        kind="single",
        text_ja="質問",
        text_en="Question",
        options=[{"key": "a", "ja": "はい", "en": "Yes"}, {"key": "b", "ja": "いいえ", "en": "No"}],
    )
    typed = ("調査", "質問", "はい", "いいえ")
    pages = {
        "add": reverse("admin:surveys_survey_add"),
        "change": reverse("admin:surveys_survey_change", args=[survey.pk]),
        "edit": reverse("admin:surveys_survey_edit", args=[survey.pk]),
        "question_add": reverse("admin:surveys_survey_question_add", args=[survey.pk]) + "?kind=matrix",
        "preview": reverse("admin:surveys_survey_preview", args=[survey.pk]),
        "list": reverse("admin:surveys_survey_changelist"),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        left = japanese_left(response.content.decode(), typed)
        assert left == [], (name, left)


def test_the_reopen_form_of_a_closed_survey_is_english(client):
    office = get_user_model().objects.create_user(email="office@example.jp", is_staff=True, is_superuser=True)
    client.force_login(office)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    survey = survey_create(office, title_ja="調査", title_en="Survey")
    question_add(office, survey, key="q1", kind="text", text_ja="質問", text_en="Question")
    from secaction.surveys.services import survey_close, survey_open

    survey_close(office, survey_open(office, survey))
    html = client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).content.decode()
    assert "Accept answers again" in html
    assert japanese_left(html, ("調査", "質問")) == []
