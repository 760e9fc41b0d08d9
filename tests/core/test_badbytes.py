"""NUL and invalid UTF-8 get a 400 page in Japanese and English, before any view or query runs."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secaction.core.badbytes import bytes_are_clean, form_encoded_is_clean

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (b"", True),
        ("株式会社".encode(), True),
        ("\u202e\u200b".encode(), True),  # valid UTF-8: the forms refuse them where it matters
        (b"a\x00b", False),
        (b"\xc3\x28", False),
        (b"\xff", False),
        (b"\xc0\xaf", False),  # overlong "/"
        (b"\xe0\x80\x80", False),  # overlong NUL
        (b"\xed\xa0\x80", False),  # an encoded lone surrogate (U+D800)
        (b"\xf4\x90\x80\x80", False),  # past U+10FFFF
    ],
)
def test_bytes_are_clean(raw, clean):
    assert bytes_are_clean(raw) is clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (b"a=1&b=%E6%A0%AA", True),
        (b"a=%00", False),
        (b"a=%C3&b=%A9", False),
        (b"a=%FF", False),
        (b"a=+%2B", True),
    ],
)
def test_form_encoded_is_clean(raw, clean):
    assert form_encoded_is_clean(raw) is clean


@pytest.mark.parametrize(
    "path",
    ["/policy/p/%00/", "/policy/h/%00/", "/org/invitation/%00/", "/policy/p/%FF/", "/org/invitation/%C3%28/"],
)
def test_bad_path_is_400_with_a_page_in_both_languages(client, path):
    r = client.get(path)
    assert r.status_code == 400
    html = r.content.decode()
    assert "読み取れない文字が含まれています" in html
    assert "The request contains characters that cannot be read" in html


@pytest.mark.parametrize("query", ["name=%00", "name=%FF", "q=a%C0%AFb", "page=%ED%A0%80"])
def test_bad_query_string_is_400(client, query):
    assert client.get(f"{reverse('registry:search')}?{query}").status_code == 400


def test_good_query_string_passes(client):
    assert client.get(reverse("registry:search"), {"name": "山田\u3000商事"}).status_code == 200


def test_nul_in_the_diagnosis_unit_name_is_400_and_nothing_is_saved(client):
    from secaction.diagnosis.models import Assessment
    from tests.mypage import scenarios

    owner = scenarios.two_star_owner()
    client.force_login(owner)
    before = Assessment.objects.count()
    answers = "&".join(f"q{n}=yes" for n in range(1, 26))
    for unit in ("%00", "%FF", "a%C3%28"):
        r = client.post(reverse("diagnosis:take"), f"{answers}&unit_name={unit}", content_type=FORM)
        assert r.status_code == 400
    assert Assessment.objects.count() == before
    # The same form with a clean unit name saves.
    r = client.post(reverse("diagnosis:take"), f"{answers}&unit_name=%E6%9C%AC%E7%A4%BE", content_type=FORM)
    assert r.status_code == 302
    assert Assessment.objects.latest("taken_at").unit_name == "本社"


def test_multipart_nul_or_replaced_bytes_are_400(client):
    url = reverse("registry:batch")
    assert client.post(url, {"ids": "a\x00b"}).status_code == 400  # the test client sends multipart
    assert client.post(url, {"ids": "a\ufffdb"}).status_code == 400
    # A field name counts as much as its value; file names Django cleans itself (NUL becomes a space).
    assert client.post(url, {"ids": "1", "x\x00": "1"}).status_code == 400
    upload = SimpleUploadedFile("logo\x00.png", b"x", content_type="image/png")
    assert client.post(url, {"ids": "1", "f": upload}).status_code == 200
    assert client.post(url, {"ids": "株式会社"}).status_code == 200


def test_the_api_gets_json_in_both_error_shapes(client):
    from secaction.api.urls import api
    from secaction.core.badbytes import JSON_PATH_PREFIX

    openapi = reverse(f"{api.urls_namespace}:openapi-json")
    assert openapi.startswith(JSON_PATH_PREFIX)  # the prefix the middleware answers JSON under
    api_root = openapi.rsplit("/", 1)[0]
    r = client.post(
        f"{api_root}/diagnosis/score", b'{"answers": {"1": "\xff"}}', content_type="application/json"
    )
    assert r.status_code == 400 and r["Content-Type"] == "application/json; charset=utf-8"
    body = r.json()
    assert body["code"] == "bad_bytes" and "UTF-8" in body["detail"]
    assert body["errors"] == [{"field": "request", "code": "bad_bytes", "message": body["detail"]}]
    assert client.get(f"{api_root}/declarations?q=%00").json()["code"] == "bad_bytes"
