"""Publishing versions, recording acceptances and what a person still has to accept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.legal import selectors, services
from secaction.legal.models import Acceptance, How, Kind, LegalDocument
from tests.declarations.conftest import make_user

pytestmark = pytest.mark.django_db


def _publish(staff, kind=Kind.TERMS, version="2.0", material=True, summary="第3条を改めました", at=None):
    return services.legal_document_publish(
        staff,
        kind=kind,
        version=version,
        title="利用規約",
        body="本文",
        material=material,
        change_summary=summary,
        published_at=at or timezone.now() + dt.timedelta(seconds=1),
    )


def test_the_first_versions_are_seeded_and_cover_the_issue():
    current = selectors.legal_documents_current()
    assert set(current) == {Kind.PRIVACY, Kind.TERMS, Kind.API_TERMS}
    privacy = current[Kind.PRIVACY].body
    for point in (
        "利用目的",
        "公開する情報と公開しない情報",
        "補助金等の申請窓口",
        "保存期間",
        "開示",
        "利用停止",
    ):
        assert point in privacy
    assert "【事務局の名称】" in privacy and "認定" not in privacy.replace("「認定」", "")


def test_publish_makes_the_new_version_current_and_keeps_the_old_one():
    staff = make_user(staff=True)
    old = selectors.legal_document_current(Kind.TERMS)
    new = _publish(staff)
    old.refresh_from_db()
    assert new.is_current and not old.is_current
    assert LegalDocument.objects.filter(kind=Kind.TERMS).count() == 2
    event = AuditEvent.objects.get(action="legal.publish", object_id=str(new.pk))
    assert event.after["current"] == "2.0"


def test_publish_refuses_a_duplicate_version_and_a_missing_summary():
    staff = make_user(staff=True)
    with pytest.raises(ServiceError) as exc:
        _publish(staff, version="1.0")
    assert "version" in exc.value.message_dict
    with pytest.raises(ServiceError) as exc:
        _publish(staff, summary="")
    assert "change_summary" in exc.value.message_dict


def test_publish_is_staff_only():
    with pytest.raises(AccessDenied):
        _publish(make_user())


def test_a_new_user_has_both_pending_and_accepting_clears_them():
    user = make_user()
    pending = selectors.acceptances_pending(user)
    assert {doc.kind for doc in pending} == {Kind.PRIVACY, Kind.TERMS}  # the API terms are accepted elsewhere
    services.acceptance_record(user, pending, How.SIGNUP)
    assert selectors.acceptances_pending(user) == []
    # Accepting twice records nothing new.
    assert services.acceptance_record(user, pending, How.LOGIN) == []
    assert Acceptance.objects.filter(user=user).count() == 2


def test_a_material_version_asks_again_and_a_minor_one_does_not():
    staff, user = make_user(staff=True), make_user()
    services.acceptance_record(user, selectors.acceptances_pending(user), How.SIGNUP)
    _publish(staff, version="1.1", material=False, summary="誤字の修正")
    assert selectors.acceptances_pending(user) == []
    material = _publish(staff, version="2.0", material=True, at=timezone.now() + dt.timedelta(minutes=1))
    assert selectors.acceptances_pending(user) == [material]
    # A minor version after the material one still asks for the material change, showing the version in force.
    minor = _publish(
        staff, version="2.1", material=False, summary="表記", at=timezone.now() + dt.timedelta(minutes=2)
    )
    assert selectors.acceptances_pending(user) == [minor]
    services.acceptance_record(user, [minor], How.LOGIN)
    assert selectors.acceptances_pending(user) == []


def test_staff_and_anonymous_have_nothing_pending():
    from django.contrib.auth.models import AnonymousUser

    assert selectors.acceptances_pending(make_user(staff=True)) == []
    assert selectors.acceptances_pending(AnonymousUser()) == []


def test_an_outdated_version_cannot_be_accepted():
    staff, user = make_user(staff=True), make_user()
    old = selectors.legal_document_current(Kind.TERMS)
    _publish(staff)
    old.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.acceptance_record(user, [old], How.LOGIN)
    assert exc.value.code == "legal_changed"


def test_only_a_signed_in_person_accepts():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(AccessDenied):
        services.acceptance_record(AnonymousUser(), [], How.LOGIN)
