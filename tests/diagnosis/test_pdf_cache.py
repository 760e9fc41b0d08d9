"""The result PDF is rendered once per result and language, then served from the cache."""

import io

import pytest
from pypdf import PdfReader

from secaction.diagnosis import outputs
from secaction.diagnosis.services import assessment_save

from .factories import answers_all, member_make, organization_make, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The templates WeasyPrint was asked to render, in order (it still renders them)."""
    calls: list[str] = []
    real = outputs.pdf_render

    def counting(template, context, **kwargs):
        calls.append(template)
        return real(template, context, **kwargs)

    monkeypatch.setattr(outputs, "pdf_render", counting)
    return calls


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_saved_result_is_rendered_once_then_served_from_the_cache(client, renders):
    org = organization_make("株式会社さくら商店")
    user = member_make(org)
    first_result = assessment_save(organization=org, user=user, answers=answers_all("yes"))
    other_result = assessment_save(organization=org, user=user, answers=answers_all("no"))
    client.force_login(user)
    url = f"/diagnosis/{first_result.pk}/pdf/"

    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert len(renders) == 1

    other = client.get(f"/diagnosis/{other_result.pk}/pdf/")
    assert len(renders) == 2
    assert other.content != first.content
    assert "100" in _text(first.content) and "-25" in _text(other.content)


def test_each_language_and_a_renamed_organisation_get_their_own_pdf(client, renders, settings):
    org = organization_make("株式会社さくら商店")
    user = member_make(org)
    result = assessment_save(organization=org, user=user, answers=answers_all("partial"))
    client.force_login(user)
    url = f"/diagnosis/{result.pk}/pdf/"

    japanese = client.get(url).content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content
    assert len(renders) == 2
    assert "自社診断の結果" in _text(japanese) and "自社診断の結果" not in _text(english)

    org.name = "株式会社さくら商事"
    org.save()
    renamed = client.get(url).content
    assert len(renders) == 3
    assert "株式会社さくら商事" in _text(renamed)
    assert client.get(url).content == renamed and len(renders) == 3


def test_unsaved_result_pdf_is_cached_by_its_answers(client, renders):
    client.post("/diagnosis/", post_data(answers_all("yes")))
    first = client.get("/diagnosis/result/pdf/")
    second = client.get("/diagnosis/result/pdf/")
    assert first.content == second.content and len(renders) == 1

    answers = answers_all("yes")
    answers[3] = "no"
    client.post("/diagnosis/", post_data(answers))
    changed = client.get("/diagnosis/result/pdf/")
    assert len(renders) == 2 and changed.content != first.content
