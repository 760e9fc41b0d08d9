import re

import pytest

from secaction.accounts.models import User
from secaction.core.models import OutgoingMail
from secaction.diagnosis.models import Assessment
from secaction.diagnosis.views import SESSION_KEY
from secaction.organizations.models import Membership

from .factories import answers_all, organization_make, post_data

pytestmark = pytest.mark.django_db


def test_signup_keeps_the_anonymous_result_until_it_can_be_saved(client):
    client.post("/diagnosis/", post_data(answers_all("partial")))
    response = client.post(
        "/accounts/signup/?next=/diagnosis/save/",
        {
            "email": "new@example.jp",
            "password1": "pw-Secure-12345",
            "password2": "pw-Secure-12345",
            "legal_agree": "on",
            "next": "/diagnosis/save/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The sendable copy: the stored body_text has the key redacted (staff read it, issue 10).
    link = re.search(
        r"https?://\S+/accounts/confirm-email/\S+", OutgoingMail.objects.get(to="new@example.jp").send_text
    ).group(0)
    path = "/" + link.split("/", 3)[3]
    client.get(path)
    client.post(path)  # confirming logs the new user in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION)
    assert SESSION_KEY in client.session
    page = client.get("/diagnosis/save/").content.decode()
    assert "先にマイページで事業者を登録してください" in page  # no organisation yet: nothing is lost
    user = User.objects.get(email="new@example.jp")
    org = organization_make("新規登録の会社")
    Membership.objects.create(user=user, organization=org, role="owner")
    response = client.post("/diagnosis/save/", {"organization": org.pk})
    assert response.status_code == 302
    assert Assessment.objects.get().organization == org
