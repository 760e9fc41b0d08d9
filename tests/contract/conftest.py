from __future__ import annotations

import pytest

from tests.organizations.conftest import make_user, org_data


@pytest.fixture
def outsider(django_user_model):
    """A verified user who owns an organisation of their own: not a member of anyone else's, not staff."""
    from secaction.organizations.services import organization_register

    user = make_user(django_user_model, "outsider@example.jp")
    organization_register(
        user,
        org_data(
            name="株式会社アウトサイダー", corporate_number="4000012090001", contact_email="o@example.jp"
        ),
    )
    return user
