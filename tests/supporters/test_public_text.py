"""The public directory's texts: invisible controls refused on the field (issue 10, finding 10)."""

from __future__ import annotations

import pytest

from secaction.core.errors import ServiceError
from secaction.supporters.validation import (
    OfferInput,
    SupporterInput,
    offer_input_clean,
    supporter_input_clean,
)

OFFER = OfferInput(
    title="無料の勉強会", category="information", description="毎月開きます。", audience="declarers"
)
SUPPORTER = SupporterInput(kind="company", description="勉強会を開いています。", contact="info@example.jp")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "無料の\u200b勉強会"}, "title"),
        ({"title": "無料の勉強会\u202e"}, "title"),
        ({"description": "毎月\ufeff開きます。"}, "description"),
    ],
)
def test_offer_refused(changes, field):
    with pytest.raises(ServiceError) as caught:
        offer_input_clean(OfferInput(**{**OFFER.__dict__, **changes}))
    assert list(caught.value.message_dict) == [field]
    assert "U+" in caught.value.message_dict[field][0]


def test_supporter_refused_and_multiline_kept():
    with pytest.raises(ServiceError) as caught:
        supporter_input_clean(SupporterInput(**{**SUPPORTER.__dict__, "description": "勉強会\u2066を開く"}))
    assert list(caught.value.message_dict) == ["description"]
    ok = supporter_input_clean(SupporterInput(**{**SUPPORTER.__dict__, "description": "一行目\n二行目🍣"}))
    assert ok.description == "一行目\n二行目🍣"  # web only: an emoji is shown as typed
    assert offer_input_clean(OFFER) == OFFER
