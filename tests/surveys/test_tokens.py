"""Personal survey tokens (``surveys.tokens``): derived from the survey and the address under SECRET_KEY."""

from __future__ import annotations

import base64

from django.utils.crypto import salted_hmac

from secaction.surveys.tokens import SALT, invitation_token, token_hash


def _reference(survey_id: int, email: str) -> str:
    digest = salted_hmac(SALT, f"{survey_id}:{email.strip().lower()}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_the_token_is_djangos_salted_hmac_of_the_survey_and_the_folded_address():
    # Links already mailed must keep working: the key kept across calls derives the same tokens.
    assert invitation_token(7, " Owner@Example.JP ") == _reference(7, "owner@example.jp")
    assert invitation_token(7, "owner@example.jp") == invitation_token(7, "OWNER@example.jp")
    assert len(invitation_token(7, "owner@example.jp")) == 43


def test_tokens_differ_by_survey_address_and_secret(settings):
    base = invitation_token(7, "owner@example.jp")
    assert invitation_token(8, "owner@example.jp") != base
    assert invitation_token(7, "other@example.jp") != base
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert invitation_token(7, "owner@example.jp") != base
    assert invitation_token(7, "owner@example.jp") == _reference(7, "owner@example.jp")


def test_only_a_hash_of_the_token_is_stored():
    token = invitation_token(7, "owner@example.jp")
    assert token_hash(token) != token and len(token_hash(token)) == 64
