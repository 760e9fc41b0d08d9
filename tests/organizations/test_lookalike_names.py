"""Look-alike names: invisible controls and undrawable characters are refused on the field, names NFKC-folded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from secaction.core.errors import ServiceError
from secaction.organizations.models import Organization
from secaction.organizations.services import organization_register
from secaction.organizations.validation import organization_data_clean

from .conftest import org_data

pytestmark = pytest.mark.django_db

REGISTER = reverse("organizations:register")


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("name", "株式会社\u200bサンプル商事", "U+200B"),  # zero-width space
        ("name", "株式会社\u202eジショルプンサ", "U+202E"),  # right-to-left override
        ("name", "\ufeff株式会社サンプル商事", "U+FEFF"),
        ("name", "株式会社サンプル\u2066商事\u2069", "U+2066"),
        ("name", "株式会社サンプル😀商事", "U+1F600"),  # the declaration document could not print it
        ("name_kana", "サンプル\u200dショウジ", "U+200D"),
        ("representative_name", "山田\u200e太郎", "U+200E"),
        ("address", "千代田区\u00ad霞が関1-2-3", "U+00AD"),
    ],
)
def test_register_refuses_on_the_field(client, owner, field, value, shown):
    client.force_login(owner)
    response = client.post(REGISTER, org_data(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert shown in " ".join(form.errors[field])
    assert not Organization.objects.exists()


def test_the_service_refuses_too(owner):
    with pytest.raises(ServiceError) as caught:
        organization_register(owner, org_data(name="株式会社\u202eサンプル"))
    assert "name" in caught.value.message_dict
    with pytest.raises(ServiceError) as caught:
        organization_data_clean(org_data(name="🍣商店", contact_name="佐藤\u200b花子"))
    assert set(caught.value.message_dict) == {"name", "contact_name"}
    # An emoji is fine where nothing is printed: the contact name is not on the documents.
    assert organization_data_clean(org_data(contact_name="佐藤 花子🍣"))["contact_name"] == "佐藤 花子🍣"


def test_names_are_stored_nfkc_folded(client, owner):
    client.force_login(owner)
    data = org_data(
        name="ＡＢＣ　ｻﾝﾌﾟﾙ商事", representative_name="山田　　太郎", address="千代田区霞が関１－２－３"
    )
    response = client.post(REGISTER, data)
    assert response.status_code == 302
    org = Organization.objects.get()
    assert (org.name, org.representative_name, org.address) == (
        "ABC サンプル商事",
        "山田 太郎",
        "千代田区霞が関1-2-3",
    )
