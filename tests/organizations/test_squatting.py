"""The squatting scenario (issue 11): someone registered the 法人番号 X first without GビズID and declared; the
real company arrives through GビズID, declares too, the squatter is flagged, staff deactivate it in the
back office with a reason, and the public record shows the right company.

The verified organisation is built as the GビズID registration builds it (``conflicts_setup.verified_build``:
verified date and source, owner membership, ``identity_conflict_detect``).
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.declarations.models import ProgrammeSettings, ReviewMode, TermsVersion
from secaction.declarations.services import declaration_submit
from secaction.organizations.models import IdentityConflict, Organization
from secaction.organizations.services import VERIFIED_CORPORATE_NUMBER, organization_register
from tests.organizations.conflicts_setup import open_conflict, squatter_build, staff_build, verified_build
from tests.organizations.conftest import VALID_NUMBER, make_user, org_data

pytestmark = pytest.mark.django_db

REASON = "同じ法人番号でGビズIDにより確認された事業者があり、登録内容を確認したため"


def _declare(organization: Organization, user) -> str:
    terms = TermsVersion.objects.filter(is_current=True).first() or TermsVersion.objects.create(
        version="1.0", title="規約", body="本文", published_at=timezone.now(), is_current=True
    )
    declaration = declaration_submit(
        organization=organization,
        user=user,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=terms,
    )
    assert declaration.status == "active" and declaration.declaration_id
    return declaration.declaration_id


def _search(client, **params) -> str:
    response = client.get(reverse("registry:search"), params)
    assert response.status_code == 200
    return response.content.decode()


@override_settings(BACKOFFICE_REQUIRE_MFA=False)
def test_the_real_company_wins_and_the_squatter_is_resolved_by_staff(client, django_user_model):
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": ReviewMode.IMMEDIATE})

    # 1. The squatter signs up by e-mail, registers X and declares ★.
    squatter_owner, squatter = squatter_build(django_user_model)
    squatter_id = _declare(squatter, squatter_owner)
    assert f"{squatter.name}" in _search(client, corporate_number=VALID_NUMBER)

    # 2. The real company arrives through GビズID: verified, it declares ★ too; the squatter is flagged.
    real_owner, real = verified_build(django_user_model)
    real_id = _declare(real, real_owner)
    conflict = open_conflict(squatter)
    assert conflict.verified == real and conflict.corporate_number == VALID_NUMBER

    # Searching by 法人番号 already shows the company of record only.
    by_number = _search(client, corporate_number=VALID_NUMBER)
    assert real_id in by_number and squatter_id not in by_number

    # 3. Registering X again without GビズID is refused with the clear message.
    third = make_user(django_user_model, "third@example.jp")
    client.force_login(third)
    response = client.post(reverse("organizations:register"), org_data(name="第三の会社"))
    assert response.status_code == 200
    assert str(VERIFIED_CORPORATE_NUMBER) in response.content.decode()
    assert Organization.objects.filter(corporate_number=VALID_NUMBER).count() == 2
    with pytest.raises(Exception, match="GビズIDで確認済み"):
        organization_register(third, org_data(name="第三の会社"))

    # 4. Staff see the open conflict in the back office, side by side, and deactivate the squatter.
    office = staff_build(django_user_model)
    client.force_login(office)
    listing = client.get(reverse("admin:organizations_identityconflict_changelist")).content.decode()
    assert VALID_NUMBER in listing
    page = client.get(
        reverse("admin:organizations_identityconflict_change", args=[conflict.pk])
    ).content.decode()
    for shown in (squatter.name, real.name, squatter_id, real_id, "squatter@example.jp", "real@example.jp"):
        assert shown in page
    org_page = client.get(
        reverse("admin:organizations_organization_change", args=[squatter.pk])
    ).content.decode()
    assert "事務局の対応が必要です" in org_page
    resolve = reverse("admin:organizations_identityconflict_resolve", args=[conflict.pk, "deactivate"])
    refused = client.post(resolve, {"reason": ""})
    assert refused.status_code == 200 and Organization.objects.get(pk=squatter.pk).is_active
    done = client.post(resolve, {"reason": REASON})
    assert done.status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == IdentityConflict.Status.DEACTIVATED and conflict.resolved_by == office

    # 5. The public record: the squatter's declaration has ended, the real company's is active.
    client.logout()
    squatter_api = client.get(f"/api/v1/declarations/{squatter_id}").json()
    real_api = client.get(f"/api/v1/declarations/{real_id}").json()
    assert squatter_api["status"] == "cancelled"
    assert real_api["status"] == "active" and real_api["organization"]["name"] == real.name
    verify_page = client.get(reverse("registry:verify", args=[squatter_id])).content.decode()
    assert "この宣言は事務局により取り消されています" in verify_page
    by_name = _search(client, name="サンプル商事")
    assert real_id in by_name and squatter_id not in by_name
    by_number = _search(client, corporate_number=VALID_NUMBER)
    assert real_id in by_number and squatter_id not in by_number
    assert not Organization.objects.get(pk=squatter.pk).is_active  # deactivated, not deleted

    # 6. Both owners were told; each step is in the audit log.
    to_squatter = set(
        OutgoingMail.objects.filter(to="squatter@example.jp").values_list("template", flat=True)
    )
    assert {"organizations/mail/conflict_unverified", "declarations/email/cancelled"} <= to_squatter
    assert OutgoingMail.objects.filter(
        to="real@example.jp", template="organizations/mail/conflict_verified"
    ).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "organization.register",
        "declaration.submit",
        "organization.identity_conflict",
        "declaration.cancel",
        "organization.deactivate",
        "identity_conflict.deactivated",
    } <= actions
    cancel = AuditEvent.objects.get(action="declaration.cancel")
    assert cancel.message == REASON and cancel.actor == office
