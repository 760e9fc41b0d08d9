import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from secaction.core.models import AuditEvent
from secaction.core.services import audit_record
from secaction.organizations.services import organization_register
from tests.organizations.conftest import org_data

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"
PASSWORD = "staff-pass-1234!"


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user(
        email="staff@example.jp", password=PASSWORD, is_staff=True, is_superuser=True
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_staff_without_totp_is_sent_to_set_it_up_and_then_gets_in(
    client, staff, django_capture_on_commit_callbacks, totp_code
):
    assert client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD}).status_code == 302
    for path in ("/backoffice/", "/backoffice/core/auditevent/", "/backoffice/organizations/organization/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before adding an authenticator.
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/")
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "二要素認証" in page.content.decode()
    code = totp_code(client.session["mfa.totp.secret"])
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.mfa_add", actor=staff).exists()
    assert client.get("/backoffice/").status_code == 200


def test_non_staff_cannot_use_the_back_office(client, django_user_model):
    user = django_user_model.objects.create_user(email="u@example.jp", password=PASSWORD)
    client.force_login(user)
    response = client.get("/backoffice/")
    assert response.status_code == 302
    assert "/2fa/" not in response["Location"]


def test_staff_with_totp_logs_in_with_the_code_and_reaches_the_back_office(client, staff, totp_code):
    TOTP.activate(staff, SECRET)
    code = totp_code(SECRET)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/backoffice/").status_code == 302  # not logged in until the code is given
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    page = client.get("/backoffice/")
    assert page.status_code == 200
    assert "SECURITY ACTION 事務局" in page.content.decode()


def test_staff_reads_audit_log_and_searches_organisations(client, staff, django_user_model):
    TOTP.activate(staff, SECRET)
    client.force_login(staff)
    owner = django_user_model.objects.create_user(email="o@example.jp", password="x")
    org = organization_register(owner, org_data())
    audit_record(actor=owner, action="x.y", target=org)
    assert client.get("/backoffice/core/auditevent/").status_code == 200
    html = client.get("/backoffice/core/auditevent/?action=organization.register").content.decode()
    assert "organization.register" in html
    html = client.get("/backoffice/organizations/organization/?q=7000012050002").content.decode()
    assert "株式会社サンプル商事" in html
    assert client.get(f"/backoffice/organizations/organization/{org.pk}/change/").status_code == 200
    assert client.get("/backoffice/organizations/membership/?role__exact=owner").status_code == 200
    assert client.get("/backoffice/organizations/invitation/?accepted_at__isempty=1").status_code == 200
    # Audit events cannot be changed or deleted, organisations cannot be deleted.
    assert client.get(f"/backoffice/organizations/organization/{org.pk}/delete/").status_code == 403


def test_back_office_sections_have_distinct_names(rf, staff):
    """Two sections both called 「アカウント」 left staff guessing where users were."""
    from django.contrib import admin

    request = rf.get("/backoffice/")
    request.user = staff
    names = [app["name"] for app in admin.site.get_app_list(request)]
    assert len(names) == len(set(names)), names
