"""Every public policies service refuses an outsider (see tests/contract/cases.py).

Each case builds what the service needs in another organisation, by that organisation's
owner, then calls the service with the outsider as the actor.
"""

from __future__ import annotations

from typing import Any

from secaction.policies import services
from secaction.policies.handbook import handbook_build
from secaction.policies.models import HandbookRecipient
from tests.contract.cases import OutsiderCase

from .factories import member_make, organization_make

POLICY = {
    "purpose": "目的",
    "management": "管理",
    "structure": "体制",
    "staff": "従業員",
    "compliance": "法令",
    "incident": "事故",
    "established_on": "2026-04-01",
    "organization_name": "株式会社よそ",
    "representative_title": "代表取締役",
    "representative_name": "余所 太郎",
}


def _owned() -> tuple[Any, Any]:
    org = organization_make(name="株式会社よそ")
    return org, member_make(org, role="owner")


def _policy() -> Any:
    org, owner = _owned()
    return services.policy_version_create(organization=org, actor=owner, data=POLICY)


def _handbook(*, adopted: bool = False, sent: bool = False) -> Any:
    org, owner = _owned()
    version = services.handbook_version_create(
        organization=org,
        actor=owner,
        title="情報セキュリティハンドブック",
        intro="はじめに",
        contact="代表",
        rules=handbook_build(None),
        assessment_ref=None,
    )
    if adopted or sent:
        services.handbook_adopt(version=version, actor=owner)
    if sent:
        services.handbook_recipients_add(version=version, emails=["staff@example.jp"], actor=owner)
    return version


def _publish_then_unpublish(outsider: Any) -> object:
    version = _policy()
    services.policy_publish(version=version, actor=member_make(version.organization, role="owner"))
    return services.policy_unpublish(organization=version.organization, actor=outsider)


def _remind(outsider: Any) -> object:
    version = _handbook(sent=True)
    recipients = list(HandbookRecipient.objects.filter(version=version))
    return services.handbook_remind(version=version, recipients=recipients, actor=outsider)


CASES = [
    OutsiderCase(
        "policies.policy_version_create",
        lambda outsider: services.policy_version_create(
            organization=_owned()[0], actor=outsider, data=POLICY
        ),
    ),
    OutsiderCase(
        "policies.policy_publish", lambda outsider: services.policy_publish(version=_policy(), actor=outsider)
    ),
    OutsiderCase("policies.policy_unpublish", _publish_then_unpublish),
    OutsiderCase(
        "policies.handbook_version_create",
        lambda outsider: services.handbook_version_create(
            organization=_owned()[0],
            actor=outsider,
            title="ハンドブック",
            intro="",
            contact="",
            rules=handbook_build(None),
            assessment_ref=None,
        ),
    ),
    OutsiderCase(
        "policies.handbook_adopt",
        lambda outsider: services.handbook_adopt(version=_handbook(), actor=outsider),
    ),
    OutsiderCase(
        "policies.handbook_recipients_add",
        lambda outsider: services.handbook_recipients_add(
            version=_handbook(adopted=True), emails=["x@example.jp"], actor=outsider
        ),
    ),
    OutsiderCase("policies.handbook_remind", _remind),
]

EXEMPT = {
    "policies.handbook_acknowledge": (
        "no account acts: the staff member confirms through their personal link, and its token is the permission"
    ),
    "policies.handbook_mail_deliver": (
        "the task's delivery step, with no actor: it mails a recipient an owner already added"
    ),
}
