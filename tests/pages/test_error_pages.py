import pytest

from secaction.organizations.models import Membership
from secaction.organizations.services import organization_register
from tests.organizations.conftest import make_user, org_data

pytestmark = pytest.mark.django_db


def test_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_friendly_403(client, django_user_model):
    org = organization_register(make_user(django_user_model, "o@example.jp"), org_data())
    member = make_user(django_user_model, "m@example.jp")
    Membership.objects.create(organization=org, user=member)
    client.force_login(member)
    response = client.post("/org/members/", {"email": "x@example.jp"})
    assert response.status_code == 403
    assert "管理者(オーナー)だけ" in response.content.decode()


def test_500_page_renders_without_context():
    from django.template.loader import render_to_string

    assert "一時的なエラー" in render_to_string("500.html")
