"""Declarations flagged for staff: a hard-bounced contact address or no confirmation for 3 years. Read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from secaction.continuation.selectors import declarations_flagged
from secaction.declarations.models import Declaration
from secaction.declarations.selectors import continuation_stale_cutoff
from secaction.mailouts.models import Suppression

from .factories import NOW, confirmed

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


def test_bounced_and_stale_are_flagged_with_their_reasons() -> None:
    three_years = NOW - continuation_stale_cutoff(NOW)  # the setting: 3 years
    stale = confirmed(three_years)  # exactly three years: flagged
    fresh = confirmed(three_years - SECOND)
    bounced = confirmed(dt.timedelta(days=10), contact_email="Gone@Example.jp")
    unsubscribed = confirmed(dt.timedelta(days=10), contact_email="quiet@example.jp")
    Suppression.objects.create(email="gone@example.jp", reason=Suppression.Reason.BOUNCED)
    Suppression.objects.create(email="quiet@example.jp", reason=Suppression.Reason.UNSUBSCRIBED)
    withdrawn = confirmed(three_years * 2)
    Declaration.objects.filter(pk=withdrawn.pk).update(status="withdrawn")

    flagged = {d.pk: (d.bounced, d.stale) for d in declarations_flagged(NOW)}
    assert flagged == {stale.pk: (False, True), bounced.pk: (True, False)}
    assert fresh.pk not in flagged and unsubscribed.pk not in flagged  # unsubscribing is not a problem


def test_years_before_keeps_the_calendar_date() -> None:
    leap = dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)
    assert continuation_stale_cutoff(leap) == dt.datetime(2025, 2, 28, 12, tzinfo=dt.UTC)


def test_the_admin_list_shows_why_and_changes_nothing(admin_client: Client, settings: Any) -> None:
    settings.BACKOFFICE_REQUIRE_MFA = False  # the 2FA gate has its own tests (backoffice)
    # Four years before the tests' NOW is still more than three years before the real clock the page uses.
    stale = confirmed(dt.timedelta(days=4 * 365))
    before = Declaration.objects.values().get(pk=stale.pk)
    url = reverse("admin:continuation_flaggeddeclaration_changelist")
    page = admin_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "継続確認が必要な宣言" in html and stale.declaration_id in html and "3年以上確認がない" in html
    assert reverse("admin:continuation_flaggeddeclaration_add") not in html
    assert Declaration.objects.values().get(pk=stale.pk) == before
    bad = admin_client.get(reverse("admin:continuation_flaggeddeclaration_change", args=["abc"]))
    assert bad.status_code == 404
