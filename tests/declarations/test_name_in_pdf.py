"""What the declaration document prints of a name is what was accepted: nothing dropped, nothing undrawable.

The rule (``core.public_text``, ``pdf=True``) refuses at input the characters the embedded
font has no glyph for; WeasyPrint would otherwise draw them with whatever other font the
server happens to have, or as a blank box. A name the rules accept comes out whole.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from secaction.core.fonts import font_missing_characters
from secaction.declarations import services
from tests.organizations.conftest import VALID_NUMBER, org_data

pytestmark = pytest.mark.django_db


def _pdf_text(client) -> str:
    response = client.get(reverse("declarations:certificate"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _edit(client, name: str):
    data = org_data(name=name, name_kana="ミドリショウテン", corporate_number=VALID_NUMBER)
    return client.post(reverse("organizations:edit"), data)


@pytest.mark.parametrize("name", ["株式会社みどり😀商店", "株式会社🍣みどり", "𠮷田商店"])
def test_a_name_the_pdf_cannot_print_is_refused_on_the_field(client, org, owner, name):
    client.force_login(owner)
    response = _edit(client, name)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["name"])
    assert all(c in message for c in font_missing_characters(name))
    org.refresh_from_db()
    assert org.name == "株式会社みどり商店"


def test_an_accepted_name_is_printed_whole(client, org, owner, terms):
    client.force_login(owner)
    assert _edit(client, "ＡＢＣ　ｻﾝﾌﾟﾙ髙橋商店(株)").status_code == 302
    org.refresh_from_db()
    assert org.name == "ABC サンプル髙橋商店(株)"
    assert font_missing_characters(org.name) == []
    services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=terms,
    )
    assert "".join(org.name.split()) in _pdf_text(client)
