"""The upgrade to ★★ asks for the logo terms again only when the version in force changed since the
declaration agreed; creating a terms version is a staff service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.declarations import services
from secaction.declarations.models import Declaration, TermsVersion

from .conftest import GOOD_TWO_STAR, error_codes

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]
TWO_STAR_POST = {
    "publication_method": "website",
    "publication_url": "https://midori.example.jp/p",
    "diagnosis_stated": "on",
    "policy_stated": "on",
    "privacy_ack": "on",
}


@pytest.fixture
def one_star(org, owner, terms):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    # Agreed some time ago, so a re-stamp by the upgrade would show.
    agreed = timezone.now() - dt.timedelta(minutes=5)
    Declaration.objects.filter(pk=decl.pk).update(terms_accepted_at=agreed)
    decl.refresh_from_db()
    return decl


def _new_terms(staff) -> TermsVersion:
    return services.terms_publish(
        staff=staff,
        terms=services.terms_create(staff=staff, version="2.0", title="第2版", body="改定した本文"),
    )


def test_upgrade_keeps_the_agreement_to_the_terms_in_force(one_star, owner, terms):
    agreed_at = one_star.terms_accepted_at
    decl = services.declaration_upgrade(declaration=one_star, user=owner, two_star=GOOD_TWO_STAR)
    assert decl.level == "two_star"
    assert (decl.terms_version, decl.terms_accepted_at) == (terms, agreed_at)


def test_upgrade_after_a_terms_change_needs_the_new_version(one_star, owner, staff, terms):
    new = _new_terms(staff)
    for given in (None, terms):
        with pytest.raises(ServiceError) as err:
            services.declaration_upgrade(
                declaration=one_star, user=owner, two_star=GOOD_TWO_STAR, terms_version=given
            )
        assert error_codes(err.value) == {"terms_changed"}
    decl = services.declaration_upgrade(
        declaration=one_star, user=owner, two_star=GOOD_TWO_STAR, terms_version=new
    )
    assert decl.terms_version == new and decl.terms_accepted_at > one_star.terms_accepted_at


def test_upgrade_wizard_skips_the_terms_step_when_nothing_changed(client, one_star, owner, terms):
    client.force_login(owner)
    assert client.get("/declarations/upgrade/")["Location"] == "/declarations/new/two-star/"
    r = client.post("/declarations/new/two-star/", TWO_STAR_POST)
    assert r["Location"] == "/declarations/new/confirm/"
    # the terms step is not part of this upgrade
    assert client.get("/declarations/new/terms/")["Location"] == "/declarations/new/two-star/"
    page = client.get("/declarations/new/confirm/").content.decode()
    assert f"第{terms.version}版に同意済み" in page
    assert client.post("/declarations/new/confirm/", {"public_ok": "1"}).status_code == 302
    one_star.refresh_from_db()
    assert one_star.level == "two_star" and one_star.terms_version == terms
    assert one_star.terms_accepted_at < timezone.now() - dt.timedelta(minutes=4)


def test_upgrade_wizard_asks_for_the_terms_when_the_version_changed(client, one_star, owner, staff):
    new = _new_terms(staff)
    client.force_login(owner)
    client.get("/declarations/upgrade/")
    assert client.post("/declarations/new/two-star/", TWO_STAR_POST)["Location"] == "/declarations/new/terms/"
    assert client.get("/declarations/new/confirm/")["Location"] == "/declarations/new/terms/"
    client.post("/declarations/new/terms/", {"agree": "on"})
    assert client.post("/declarations/new/confirm/", {"public_ok": "1"}).status_code == 302
    one_star.refresh_from_db()
    assert one_star.level == "two_star" and one_star.terms_version == new


def test_terms_changed_during_the_upgrade_sends_the_declarer_to_the_terms(client, one_star, owner, staff):
    client.force_login(owner)
    client.get("/declarations/upgrade/")
    client.post("/declarations/new/two-star/", TWO_STAR_POST)
    _new_terms(staff)  # published while the declarer was on the confirmation page
    r = client.post("/declarations/new/confirm/", {"public_ok": "1"}, follow=True)
    assert r.redirect_chain[-1][0] == "/declarations/new/terms/"
    assert "ロゴマーク使用規約が改定されました" in r.content.decode()
    one_star.refresh_from_db()
    assert one_star.level == "one_star"


def test_terms_create_is_staff_only_audited_and_not_in_force_until_published(staff, owner, terms):
    with pytest.raises(AccessDenied):
        services.terms_create(staff=owner, version="2.0", title="第2版", body="本文")
    new = services.terms_create(staff=staff, version=" 2.0 ", title="第2版", body="本文")
    assert new.version == "2.0" and not new.is_current
    assert TermsVersion.objects.get(is_current=True) == terms
    event = AuditEvent.objects.get(action="terms.create")
    assert event.actor == staff and event.after["version"] == "2.0"
    with pytest.raises(ServiceError) as err:
        services.terms_create(staff=staff, version="2.0", title="", body="本文")
    assert set(err.value.error_dict) == {"version", "title"}
