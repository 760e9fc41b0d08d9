"""Fixtures shared by the browser tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def current_terms():
    """A logo-terms version in force. Transactional tests flush the tables, including the terms row the
    data migration seeded, so a browser test that declares puts one back."""
    from django.utils import timezone

    from secaction.declarations.models import TermsVersion

    if not TermsVersion.objects.filter(is_current=True).exists():
        TermsVersion.objects.create(
            version="1.0",
            title="ロゴマーク使用規約",
            body="第1条 ……",
            published_at=timezone.now(),
            is_current=True,
        )
