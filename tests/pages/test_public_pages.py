import pytest

from secaction.core import programme
from secaction.declarations.models import ProgrammeSettings, ReviewMode

pytestmark = pytest.mark.django_db


def test_home_explains_both_levels_steps_benefits_and_supporters(client):
    html = client.get("/").content.decode()
    assert programme.ONE_STAR_GOAL in html
    for principle in programme.FIVE_PRINCIPLES:
        assert principle.title in html
    for step in programme.LOGO_STEPS:
        assert step.title in html
    for benefit in programme.BENEFITS:
        assert benefit[0] in html
    for example, _en in programme.SUPPORT_EXAMPLES:
        assert example in html
    assert "認定を受けました" not in html


def test_faq_has_every_question_and_answer(client):
    # In reviewed mode every answer is the seed's; immediate mode replaces the one on timing
    # (tests/pages/test_timing_by_mode.py).
    ProgrammeSettings.objects.create(pk=1, review_mode=ReviewMode.REVIEWED)
    html = client.get("/faq/").content.decode()
    assert len(programme.FAQ) == 10
    for entry in programme.FAQ:
        assert entry.question in html
        for paragraph in entry.answer:
            assert paragraph in html


def test_faq_in_english_after_switching_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/faq/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert programme.FAQ[0].question_en in html
    assert programme.FAQ[0].question not in html


def test_japanese_is_the_default_even_for_an_english_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in html
