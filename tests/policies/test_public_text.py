"""A published policy's texts: no invisible controls, nothing the PDF font cannot draw (issue 10, finding 10)."""

from __future__ import annotations

import pytest

from secaction.core.errors import ServiceError
from secaction.policies.forms import PolicyForm
from secaction.policies.models import PolicyVersion
from secaction.policies.services import policy_version_create
from secaction.policies.suggest import policy_suggest

from .factories import member_make, organization_make

pytestmark = pytest.mark.django_db


def _data(**over):
    data = policy_suggest(industry="P", employees_band="1-5", organization_name="株式会社みどり")
    data.update(
        organization_name="株式会社みどり", representative_title="院長", representative_name="佐藤 次郎"
    )
    data.update(over)
    return data


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("organization_name", "株式会社\u202eりどみ", "U+202E"),
        ("representative_name", "佐藤\u200b次郎", "U+200B"),
        ("purpose", "お客様の情報を守ります。\u2067\n二行目", "U+2067"),
        ("purpose", "お客様の情報を守ります😀", "U+1F600"),
    ],
)
def test_form_and_service_refuse(field, value, shown):
    form = PolicyForm(data=_data(**{field: value}))
    assert not form.is_valid()
    assert shown in " ".join(form.errors[field])
    org = organization_make()
    owner = member_make(org, role="owner")
    with pytest.raises(ServiceError) as caught:
        policy_version_create(organization=org, actor=owner, data=_data(**{field: value}))
    assert field in caught.value.message_dict
    assert not PolicyVersion.objects.exists()


def test_line_breaks_and_ordinary_text_pass():
    form = PolicyForm(data=_data(purpose="一行目\r\n二行目\n\t三行目(①、ＡＢＣ)"))
    assert form.is_valid(), form.errors
