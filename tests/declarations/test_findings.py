"""Automatic review checks in both modes: before acceptance in reviewed mode (the review queue),
after the ID is issued in immediate mode (ReviewFinding rows in the staff's findings queue)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.declarations import services
from secaction.declarations.models import Declaration, FindingKind, ReviewFinding, Status
from secaction.declarations.selectors import review_queue

from .conftest import GOOD_TWO_STAR, add_member, error_codes, make_org, make_user

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]
FINDINGS = "/backoffice/declarations/reviewfinding/"


def submit(org, user, terms, **extra):
    return services.declaration_submit(
        organization=org, user=user, level="one_star", pledged_principles=ALL, terms_version=terms, **extra
    )


@pytest.fixture
def test_org():
    return make_org("テスト株式会社")


@pytest.fixture
def test_owner(test_org):
    return add_member(test_org, role="owner")


def test_immediate_mode_issues_first_and_records_findings_after_commit(
    test_org, test_owner, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(test_org, test_owner, terms)
        # The declarer has the ID before any check ran: the checks wait for the commit.
        assert decl.status == Status.ACTIVE and decl.declaration_id
        assert not ReviewFinding.objects.exists()
    finding = ReviewFinding.objects.get()
    assert (finding.declaration_id, finding.kind) == (decl.pk, FindingKind.SUSPICIOUS_NAME)
    assert "テスト" in finding.message and finding.is_open
    assert AuditEvent.objects.filter(action="declaration.finding", object_id=str(decl.pk)).count() == 1


def test_immediate_mode_records_a_duplicate_corporate_number(
    org, owner, terms, django_capture_on_commit_callbacks
):
    other = make_org("株式会社あおば", corporate_number=org.corporate_number, is_active=False)
    Declaration.objects.create(
        organization=other, level="one_star", status=Status.ACTIVE, declaration_id="50000000009"
    )
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(org, owner, terms)
    kinds = set(ReviewFinding.objects.filter(declaration=decl).values_list("kind", flat=True))
    assert kinds == {FindingKind.DUPLICATE_NUMBER}


def test_a_clean_immediate_declaration_has_no_findings(org, owner, terms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(org, owner, terms)
    assert not ReviewFinding.objects.exists()


def test_reviewed_mode_shows_checks_before_acceptance_and_records_none(
    test_org, test_owner, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(test_org, test_owner, terms)
    assert decl.status == Status.PENDING
    assert any("テスト" in flag for flag in review_queue()[0].flags)
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_accept(declaration=decl, staff=staff)
    assert not ReviewFinding.objects.exists()  # staff saw the checks before they accepted


def test_a_repeated_run_and_an_upgrade_do_not_raise_the_same_finding_again(
    test_org, test_owner, staff, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(test_org, test_owner, terms)
    assert services.declaration_checks_record(decl.pk) == []
    services.review_finding_resolve(finding=ReviewFinding.objects.get(), staff=staff, note="実在を確認")
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_upgrade(declaration=decl, user=test_owner, two_star=GOOD_TWO_STAR)
    assert ReviewFinding.objects.count() == 1 and not ReviewFinding.objects.get().is_open


def test_no_findings_for_a_declaration_ended_before_the_checks_ran(test_org, test_owner, terms):
    decl = submit(test_org, test_owner, terms)  # on-commit callbacks are not run: the task has not run yet
    services.declaration_withdraw(declaration=decl, user=test_owner, reason="間違えて申し込んだ")
    assert services.declaration_checks_record(decl.pk) == []
    assert not ReviewFinding.objects.exists()


def test_staff_resolve_a_finding_once_audited(
    test_org, test_owner, staff, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(test_org, test_owner, terms)
    finding = ReviewFinding.objects.get()
    with pytest.raises(AccessDenied):  # the declarer is not staff
        services.review_finding_resolve(finding=finding, staff=test_owner)
    resolved = services.review_finding_resolve(finding=finding, staff=staff, note=" 電話で実在を確認 ")
    assert resolved.resolved_by == staff and resolved.resolved_at is not None
    assert resolved.resolution_note == "電話で実在を確認"
    event = AuditEvent.objects.get(action="declaration.finding_resolve")
    assert event.actor == staff and event.after["resolution_note"] == "電話で実在を確認"
    with pytest.raises(ServiceError) as err:
        services.review_finding_resolve(finding=finding, staff=staff)
    assert error_codes(err.value) == {"state"}


@pytest.fixture
def staff_client(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client


def test_back_office_queue_lists_open_findings_and_resolves_through_the_service(
    staff_client, staff, test_org, test_owner, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(test_org, test_owner, terms)
    finding = ReviewFinding.objects.get()
    html = staff_client.get(FINDINGS).content.decode()
    assert decl.declaration_id in html and "テスト株式会社" in html
    assert FINDINGS in staff_client.get("/backoffice/declarations/reviewqueueitem/").content.decode()
    declaration_page = staff_client.get(f"/backoffice/declarations/declaration/{decl.pk}/change/")
    assert finding.message in declaration_page.content.decode()
    assert staff_client.get(f"{FINDINGS}add/").status_code == 403
    r = staff_client.post(FINDINGS, {"action": "resolve_selected", "_selected_action": [finding.pk]})
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.resolved_by == staff
    assert AuditEvent.objects.filter(action="declaration.finding_resolve", actor=staff).exists()
    assert decl.declaration_id not in staff_client.get(FINDINGS).content.decode()  # open ones by default
    assert decl.declaration_id in staff_client.get(f"{FINDINGS}?state=resolved").content.decode()
    # the change form does not save: fields change only through the service
    staff_client.post(f"{FINDINGS}{finding.pk}/change/", {"message": "書き換え", "resolution_note": "x"})
    finding.refresh_from_db()
    assert "書き換え" not in finding.message


def test_staff_with_the_review_permission_work_the_findings_queue(client, test_org, test_owner):
    reviewer = make_user("reviewer@example.jp")
    reviewer.is_staff = True
    reviewer.save()
    TOTP.activate(reviewer, generate_totp_secret())
    client.force_login(reviewer)
    assert client.get(FINDINGS).status_code == 403  # staff, but not a reviewer
    reviewer.user_permissions.add(Permission.objects.get(codename="change_declaration"))
    assert client.get(FINDINGS).status_code == 200
    client.force_login(test_owner)
    assert client.get(FINDINGS).status_code == 302  # not staff: sent to the back office's log-in
