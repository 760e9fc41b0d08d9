"""Staff changes to someone's account: checked, audited, and the old address stops working."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from secaction.accounts.services import user_email_change, user_staff_set
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from tests.organizations.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-12345678!"


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_superuser(email="office@example.jp", password="pw-office-123!")


@pytest.fixture
def person(django_user_model):
    return make_user(django_user_model, "old@example.jp", password=PASSWORD)


def test_after_an_email_change_only_the_new_address_logs_in(client, office, person):
    user_email_change(office, person, " New@Example.jp ", reason="電話で本人確認")
    assert not client.login(email="old@example.jp", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "old@example.jp", "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    response = client.post("/accounts/login/", {"login": "new@example.jp", "password": PASSWORD})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=person).verified is False


@pytest.mark.parametrize(
    ("email", "reason", "field"),
    [("not-an-address", "理由", "email"), ("fine@example.jp", "", "reason")],
)
def test_email_change_reports_the_wrong_field(office, person, email, reason, field):
    with pytest.raises(ServiceError) as exc:
        user_email_change(office, person, email, reason=reason)
    assert field in exc.value.message_dict
    person.refresh_from_db()
    assert person.email == "old@example.jp"
    assert not AuditEvent.objects.filter(action="account.email_change").exists()


def test_staff_role_only_from_a_superuser_and_never_on_oneself(office, person, django_user_model):
    clerk = django_user_model.objects.create_user(email="clerk@example.jp", is_staff=True)
    with pytest.raises(AccessDenied):
        user_staff_set(clerk, person, is_staff=True)
    with pytest.raises(AccessDenied):
        user_staff_set(office, office, is_staff=False)
    user_staff_set(office, clerk, is_staff=False)
    clerk.refresh_from_db()
    assert not clerk.is_staff and not clerk.is_superuser
    event = AuditEvent.objects.get(action="account.staff_set")
    assert event.actor == office and event.after == {"is_staff": False}
