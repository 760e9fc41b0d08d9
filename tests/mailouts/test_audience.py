"""Who a mail-out reaches: the count shown before sending equals the rows the build inserts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secaction.mailouts.filters import RecipientFilter
from secaction.mailouts.models import Suppression
from secaction.mailouts.selectors import mailout_audience_count, mailout_audience_rows
from secaction.registry.models import RegistryEntry
from secaction.supporters.models import SupporterStatus

from .factories import declarer, supporter

pytestmark = pytest.mark.django_db


def _emails(**filters):
    flt = RecipientFilter.from_dict(filters)
    rows = list(mailout_audience_rows(flt, chunk_size=2))
    assert mailout_audience_count(flt) == len(rows)  # the number shown is the number built
    return sorted(row.email for row in rows)


def test_each_condition_narrows_the_audience():
    tokyo_two = declarer(
        contact_email="a@example.jp", level="two_star", prefecture="13", industry="E", employees="6-20"
    )
    osaka_one = declarer(contact_email="b@example.jp", prefecture="27", owner_language="en")
    declarer(contact_email="c@example.jp", status="withdrawn")
    verified = declarer(contact_email="d@example.jp", identity_verified_at=timezone.now(), employees="301-")
    supporter(osaka_one, SupporterStatus.APPROVED)
    supporter(verified, SupporterStatus.PENDING)

    assert _emails() == ["a@example.jp", "b@example.jp", "d@example.jp"]
    assert _emails(statuses=[]) == ["a@example.jp", "b@example.jp", "c@example.jp", "d@example.jp"]
    assert _emails(statuses=["withdrawn"]) == ["c@example.jp"]
    assert _emails(levels=["two_star"]) == ["a@example.jp"]
    assert _emails(levels=["two_star"], prefectures=["13"]) == ["a@example.jp"]
    assert _emails(prefectures=["27"]) == ["b@example.jp"]
    assert _emails(industries=["E"]) == ["a@example.jp"]
    assert _emails(sizes=["6-20", "301-"]) == ["a@example.jp", "d@example.jp"]
    assert _emails(identity_verified="yes") == ["d@example.jp"]
    assert _emails(identity_verified="no") == ["a@example.jp", "b@example.jp"]
    assert _emails(supporter="yes") == ["b@example.jp"]  # only an approved supporter counts
    assert _emails(supporter="no") == ["a@example.jp", "d@example.jp"]
    assert _emails(language="en") == ["b@example.jp"]
    assert _emails(language="ja") == ["a@example.jp", "d@example.jp"]  # no owner: Japanese
    assert tokyo_two.pk


def test_declared_date_range_is_inclusive_in_japan_time():
    early = declarer(contact_email="early@example.jp")
    late = declarer(contact_email="late@example.jp")
    jst = dt.timezone(dt.timedelta(hours=9))
    RegistryEntry.objects.filter(organization_id=early.pk).update(
        declared_at=dt.datetime(2026, 4, 1, 0, 30, tzinfo=jst)
    )
    RegistryEntry.objects.filter(organization_id=late.pk).update(
        declared_at=dt.datetime(2026, 4, 30, 23, 30, tzinfo=jst)
    )
    assert _emails(declared_from="2026-04-01", declared_to="2026-04-30") == [
        "early@example.jp",
        "late@example.jp",
    ]
    assert _emails(declared_from="2026-04-02") == ["late@example.jp"]
    assert _emails(declared_to="2026-04-29") == ["early@example.jp"]


def test_one_message_per_address_and_suppressed_addresses_are_left_out():
    first = declarer(contact_email="Shared@Example.jp", name="株式会社いち")
    declarer(contact_email="shared@example.jp", name="株式会社に")
    declarer(contact_email="gone@example.jp")
    declarer(contact_email="bounced@example.jp")
    declarer(contact_email="inactive@example.jp", is_active=False)
    Suppression.objects.create(email="gone@example.jp", reason=Suppression.Reason.UNSUBSCRIBED)
    Suppression.objects.create(email="bounced@example.jp", reason=Suppression.Reason.BOUNCED)

    rows = list(mailout_audience_rows(RecipientFilter()))
    assert [(r.organization_id, r.email, r.name) for r in rows] == [
        (first.pk, "Shared@Example.jp", "株式会社いち")
    ]
    assert mailout_audience_count(RecipientFilter()) == 1


def test_rows_carry_the_attributes_an_invitation_keeps():
    org = declarer(
        contact_email="x@example.jp",
        level="two_star",
        prefecture="01",
        industry="A",
        employees="21-50",
        owner_language="en",
    )
    [row] = mailout_audience_rows(RecipientFilter())
    assert (row.organization_id, row.language, row.level, row.prefecture, row.industry, row.size) == (
        org.pk,
        "en",
        "two_star",
        "01",
        "A",
        "21-50",
    )
