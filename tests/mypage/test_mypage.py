"""My Page: one selector per app feeds each panel; a GET stays within 10 queries and writes nothing."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secaction.declarations.models import ProgrammeSettings, ReviewMode
from secaction.mypage.views import Panel
from secaction.organizations.models import Organization

from . import scenarios

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def finished_owner():
    """A ★★ owner at the end of the path (diagnosis, published policy, handbook adopted and sent)
    whose organisation is also an approved 普及賛同企業等 with a published offer."""
    owner = scenarios.two_star_owner()
    scenarios.supporter_register(Organization.objects.get(memberships__user=owner), owner)
    return owner


def test_mypage_panels_come_from_one_selector_per_app(client, finished_owner):
    client.force_login(finished_owner)
    response = client.get(reverse("mypage:index"))
    panels = response.context["panels"]
    assert all(isinstance(p, Panel) for p in panels)
    assert [p.template for p in panels] == [
        "declarations/_mypage_panel.html",
        "diagnosis/_mypage_panel.html",
        "policies/_mypage_panel.html",
        "supporters/_mypage_panel.html",
        "privacy/_mypage_panel.html",
    ]
    declarations, diagnosis, policies, supporters, privacy = (p.data for p in panels)
    assert privacy.deletion is None
    assert declarations.current.level == "two_star" and declarations.next.key == "complete"
    assert [s.done for s in declarations.stages] == [True] * 5
    assert diagnosis.latest is not None and diagnosis.units == 1
    assert policies.published.number == 1 and policies.handbook_sent and policies.ack_total == 2
    assert supporters.supporter.is_approved and supporters.offers_published == 1
    html = response.content.decode()
    assert "従業員の確認 0/2" in html and "公開中の支援策 1件" in html


def test_mypage_stays_within_ten_queries(client, finished_owner, django_assert_max_num_queries):
    client.force_login(finished_owner)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("mypage:index")).status_code == 200


def test_mypage_get_writes_nothing(client, finished_owner):
    ProgrammeSettings.objects.all().delete()  # as on an install where staff never saved the settings
    client.force_login(finished_owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("mypage:index")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sql, "the capture saw no queries at all"
    assert [s for s in sql if WRITE.match(s)] == []


def test_pending_declaration_shows_the_review_target_without_storing_settings(client):
    """The programme settings row is created on first *write*; My Page only reads (defaults if absent)."""
    owner = scenarios.user_make("pending@example.jp")
    org = scenarios.organization_make(owner)
    settings_row = ProgrammeSettings.load()
    settings_row.review_mode = ReviewMode.REVIEWED
    settings_row.save()
    scenarios.one_star_declare(org, owner)
    ProgrammeSettings.objects.all().delete()  # as on an install where staff never saved the settings
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("mypage:index")).content.decode()
    assert "目安は約7日" in html
    assert "事務局が申込みを確認しています" in html
    assert not ProgrammeSettings.objects.exists()
    assert [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])] == []


def test_the_handbook_stage_completes_once_the_adopted_version_is_sent_to_staff():
    from secaction.declarations.selectors import declarations_panel_get
    from secaction.diagnosis.selectors import diagnosis_panel_get
    from secaction.policies.handbook import handbook_build
    from secaction.policies.selectors import policies_panel_get
    from secaction.policies.services import handbook_adopt, handbook_recipients_add, handbook_version_create

    owner = scenarios.user_make("hb@example.jp")
    org = scenarios.organization_make(owner)
    declaration = scenarios.one_star_declare(org, owner)
    scenarios.diagnosis_take(org, owner)
    scenarios.policy_make_and_publish(org, owner)
    scenarios.two_star_upgrade(declaration, owner)
    membership = owner.memberships.get()

    def handbook_stage():
        panel = declarations_panel_get(
            org, membership, diagnosis=diagnosis_panel_get(org), policies=policies_panel_get(org)
        )
        stage = next(s for s in panel.stages if s.key == "handbook")
        return stage.done, stage.current, panel.next.key

    def version():
        return handbook_version_create(
            organization=org,
            actor=owner,
            title="",
            intro="",
            contact="総務",
            rules=handbook_build(None),
            assessment_ref=None,
        )

    assert handbook_stage() == (False, True, "handbook")
    first = version()
    handbook_adopt(version=first, actor=owner)
    assert handbook_stage() == (False, True, "handbook")  # adopted, not yet sent to anyone
    handbook_recipients_add(version=first, emails=["a@example.jp"], actor=owner)
    assert handbook_stage() == (True, False, "complete")
    handbook_adopt(version=version(), actor=owner)
    assert handbook_stage() == (False, True, "handbook")  # a new version in force: send it too
