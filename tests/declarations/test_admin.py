"""The back office: review queue with automatic checks, accept/return, cancel, terms and settings."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone

from secaction.core.models import AuditEvent
from secaction.declarations import services
from secaction.declarations.models import Declaration, ProgrammeSettings, Status, TermsVersion

from .conftest import add_member, make_org

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]
QUEUE = "/backoffice/declarations/reviewqueueitem/"


@pytest.fixture
def staff_client(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client


def submit(org, user, terms):
    return services.declaration_submit(
        organization=org, user=user, level="one_star", pledged_principles=ALL, terms_version=terms
    )


def test_queue_shows_age_target_and_flags(staff_client, org, owner, terms, reviewed_mode):
    decl = submit(org, owner, terms)
    Declaration.objects.filter(pk=decl.pk).update(submitted_at=timezone.now() - dt.timedelta(days=9))
    # the duplicate is an old, deactivated registration that still has a live declaration
    fake = make_org("テスト株式会社", corporate_number=org.corporate_number, is_active=False)
    fake_owner = add_member(fake, role="owner")
    fake_owner.memberships.update(is_active=True)
    Declaration.objects.create(
        organization=fake, level="one_star", status=Status.ACTIVE, declaration_id="50000000009"
    )
    html = staff_client.get(QUEUE).content.decode()
    assert "株式会社みどり商店" in html
    assert "経過 9 日" in html and "期限超過" in html
    assert f"法人番号 {org.corporate_number} は別の事業者「テスト株式会社」" in html


def test_queue_flags_suspicious_names(staff_client, terms, reviewed_mode):
    org = make_org("株式会社ＡＡＡＡ")
    owner = add_member(org, role="owner")
    submit(org, owner, terms)
    html = staff_client.get(QUEUE).content.decode()
    assert "同じ文字の繰り返し" in html


def test_accept_and_return_from_the_queue(staff_client, staff, org, owner, terms, reviewed_mode):
    decl = submit(org, owner, terms)
    other = make_org("株式会社あおい")
    other_owner = add_member(other, role="owner")
    decl2 = submit(other, other_owner, terms)
    r = staff_client.post(QUEUE, {"declaration": decl.pk, "action": "accept"}, follow=True)
    decl.refresh_from_db()
    assert decl.status == Status.ACTIVE and decl.declaration_id in r.content.decode()
    r = staff_client.post(QUEUE, {"declaration": decl2.pk, "action": "return", "message": ""}, follow=True)
    assert "入力してください" in r.content.decode()
    staff_client.post(
        QUEUE, {"declaration": decl2.pk, "action": "return", "message": "法人番号を確認してください"}
    )
    decl2.refresh_from_db()
    assert decl2.status == Status.RETURNED and decl2.status_reason == "法人番号を確認してください"
    assert AuditEvent.objects.filter(action="declaration.accept", actor=staff).exists()


def test_staff_without_totp_cannot_reach_the_queue(client, staff):
    client.force_login(staff)
    r = client.get(QUEUE)
    assert r.status_code == 302 and "/accounts/2fa/totp/activate" in r["Location"]


def test_non_staff_cannot_reach_the_queue(client, owner):
    client.force_login(owner)
    assert client.get(QUEUE).status_code == 302  # to the admin login


def test_cancel_from_the_back_office(staff_client, org, owner, terms, django_capture_on_commit_callbacks):
    decl = submit(org, owner, terms)
    url = f"/backoffice/declarations/declaration/{decl.pk}/cancel/"
    assert "取消しの理由" in staff_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"reason": "認定を受けたと表示していた"})
    decl.refresh_from_db()
    assert decl.status == Status.CANCELLED
    assert "認定を受けたと表示していた" in mail.outbox[-1].body
    page = staff_client.get(f"/backoffice/declarations/declaration/{decl.pk}/change/")
    assert page.status_code == 200


def test_declarations_cannot_be_deleted_or_added(staff_client, org, owner, terms):
    decl = submit(org, owner, terms)
    assert staff_client.get(f"/backoffice/declarations/declaration/{decl.pk}/delete/").status_code in (
        302,
        403,
    )
    assert staff_client.get("/backoffice/declarations/declaration/add/").status_code == 403
    assert Declaration.objects.filter(pk=decl.pk).exists()


def test_settings_change_is_audited(staff_client):
    pk = ProgrammeSettings.load().pk
    url = f"/backoffice/declarations/programmesettings/{pk}/change/"
    r = staff_client.post(
        url, {"review_mode": "reviewed", "review_target_days": 5, "logo_mail_delay_days": 10}
    )
    assert r.status_code == 302
    assert ProgrammeSettings.load().review_mode == "reviewed"
    assert ProgrammeSettings.load().logo_mail_delay_days == 10
    assert AuditEvent.objects.filter(action="programme_settings.update").exists()
    assert staff_client.get("/backoffice/declarations/programmesettings/")["Location"].endswith(
        f"/{pk}/change/"
    )


def test_terms_versions_are_immutable_and_published_by_action(staff_client, terms):
    r = staff_client.post(
        "/backoffice/declarations/termsversion/add/",
        {
            "version": "2.0",
            "title": "第2版",
            "body": "本文",
            "published_at_0": "2026-12-01",
            "published_at_1": "00:00:00",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    new = TermsVersion.objects.get(version="2.0")
    assert not new.is_current
    staff_client.post(
        "/backoffice/declarations/termsversion/",
        {"action": "make_current", "_selected_action": [new.pk]},
    )
    new.refresh_from_db()
    terms.refresh_from_db()
    assert new.is_current and not terms.is_current
    r = staff_client.post(f"/backoffice/declarations/termsversion/{terms.pk}/change/", {"body": "書き換え"})
    terms.refresh_from_db()
    assert "書き換え" not in terms.body


def test_declaration_change_view_is_read_only_and_queue_survives_bad_input(staff_client, org, owner, terms):
    decl = submit(org, owner, terms)
    url = f"/backoffice/declarations/declaration/{decl.pk}/change/"
    html = staff_client.get(url).content.decode()
    assert 'name="_save"' not in html
    staff_client.post(url, {"level": "two_star", "status": "withdrawn"})
    decl.refresh_from_db()
    assert (decl.level, decl.status) == ("one_star", "active")
    assert staff_client.post(QUEUE, {"declaration": "abc", "action": "accept"}).status_code == 404


def test_settings_form_rejects_an_impossible_target(staff_client):
    pk = ProgrammeSettings.load().pk
    r = staff_client.post(
        f"/backoffice/declarations/programmesettings/{pk}/change/",
        {"review_mode": "reviewed", "review_target_days": 0, "logo_mail_delay_days": 7},
    )
    assert r.status_code == 200 and "1〜60日" in r.content.decode()
    assert ProgrammeSettings.load().review_mode == "immediate"


def test_settings_form_edits_the_logo_mail_delay_next_to_the_review_mode(staff_client):
    pk = ProgrammeSettings.load().pk
    url = f"/backoffice/declarations/programmesettings/{pk}/change/"
    html = staff_client.get(url).content.decode()
    assert 'name="logo_mail_delay_days"' in html and "事務局確認ありのときだけ使います" in html
    r = staff_client.post(
        url, {"review_mode": "reviewed", "review_target_days": 7, "logo_mail_delay_days": 61}
    )
    assert r.status_code == 200 and "0〜60日" in r.content.decode()
    r = staff_client.post(
        url, {"review_mode": "reviewed", "review_target_days": 7, "logo_mail_delay_days": 0}
    )
    assert r.status_code == 302
    assert ProgrammeSettings.load().logo_mail_delay_days == 0
    assert "受理のご連絡と同時に送ります" in staff_client.get(QUEUE).content.decode()


def test_no_back_office_page_writes_a_declaration_around_the_services(staff_client, org, owner, terms):
    decl = submit(org, owner, terms)
    forged = {"level": "two_star", "status": "withdrawn", "declaration_id": "50000000009"}
    for url in (
        f"{QUEUE}{decl.pk}/change/",  # the review queue is a proxy of the declarations
        f"/backoffice/declarations/declaration/{decl.pk}/change/",
        f"/backoffice/declarations/declaration/{decl.pk}/delete/",
    ):
        staff_client.post(url, {**forged, "post": "yes"})
    decl.refresh_from_db()
    assert (decl.level, decl.status) == ("one_star", "active") and decl.declaration_id != "50000000009"
    assert staff_client.get(f"{QUEUE}{decl.pk}/change/")["Location"].endswith(
        f"/declarations/declaration/{decl.pk}/change/"
    )


def test_adding_terms_in_the_back_office_goes_through_the_service(staff_client, staff, terms):
    form = {
        "version": "3.0",
        "title": "第3版",
        "body": "本文",
        "published_at_0": "2026-12-01",
        "published_at_1": "00:00:00",
    }
    assert staff_client.post("/backoffice/declarations/termsversion/add/", form).status_code == 302
    new = TermsVersion.objects.get(version="3.0")
    event = AuditEvent.objects.get(action="terms.create")
    assert (event.actor, event.object_id) == (staff, str(new.pk))
    r = staff_client.post("/backoffice/declarations/termsversion/add/", form)  # the same version again
    assert r.status_code == 200 and TermsVersion.objects.filter(version="3.0").count() == 1
