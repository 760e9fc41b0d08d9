"""The declarations services called by an outsider (tests/contract/test_outsider.py).

Every call is otherwise valid (complete input, a declaration in the state the service needs), so the
only reason left to refuse is who is acting: a user with an organisation of their own, not staff.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from secaction.declarations import services
from secaction.declarations.models import Declaration, Level, ReviewFinding, Status, TermsVersion
from tests.contract.cases import OutsiderCase

from .conftest import GOOD_TWO_STAR, add_member, make_org

ALL = [1, 2, 3, 4, 5]


def _declaration(status: str = Status.ACTIVE, level: str = Level.ONE_STAR) -> Declaration:
    """A declaration of another organisation (with its own owner), in ``status``."""
    org = make_org("株式会社よその商店")
    owner = add_member(org, role="owner")
    return Declaration.objects.create(
        organization=org,
        level=level,
        status=status,
        submitted_by=owner,
        submitted_at=timezone.now(),
        declared_at=timezone.now() if status == Status.ACTIVE else None,
        pledged_principles=ALL,
        terms_version=_terms() if status == Status.ACTIVE else None,
    )


def _suspended() -> Declaration:
    decl = _declaration()
    Declaration.objects.filter(pk=decl.pk).update(suspended_at=timezone.now(), suspension_reason="調査中")
    decl.refresh_from_db()
    return decl


def _terms() -> TermsVersion:
    return TermsVersion.objects.get(is_current=True)


def _finding() -> ReviewFinding:
    return ReviewFinding.objects.create(declaration=_declaration(), kind="suspicious_name", message="…")


def _declaring(user: Any) -> dict[str, Any]:
    return {"user": user, "level": Level.ONE_STAR, "pledged_principles": ALL, "terms_version": _terms()}


CASES = [
    OutsiderCase(
        "declarations.declaration_submit",
        lambda user: services.declaration_submit(organization=make_org("株式会社よそ"), **_declaring(user)),
    ),
    OutsiderCase(
        "declarations.declaration_resubmit",
        lambda user: services.declaration_resubmit(
            declaration=_declaration(Status.RETURNED), **_declaring(user)
        ),
    ),
    OutsiderCase(
        "declarations.declaration_upgrade",
        lambda user: services.declaration_upgrade(
            declaration=_declaration(), user=user, two_star=GOOD_TWO_STAR, terms_version=_terms()
        ),
    ),
    OutsiderCase(
        "declarations.declaration_downgrade",
        lambda user: services.declaration_downgrade(
            declaration=_declaration(level=Level.TWO_STAR), user=user, reason="公開をやめた"
        ),
    ),
    OutsiderCase(
        "declarations.declaration_withdraw",
        lambda user: services.declaration_withdraw(declaration=_declaration(), user=user, reason="廃業"),
    ),
    OutsiderCase(
        "declarations.declaration_terms_accept",
        lambda user: services.declaration_terms_accept(
            declaration=_declaration(), user=user, terms_version=_terms()
        ),
    ),
    OutsiderCase(
        "declarations.logo_download_record",
        lambda user: services.logo_download_record(declaration=_declaration(), user=user, file_format="svg"),
    ),
    OutsiderCase(
        "declarations.declaration_accept",
        lambda user: services.declaration_accept(declaration=_declaration(Status.PENDING), staff=user),
    ),
    OutsiderCase(
        "declarations.declaration_return",
        lambda user: services.declaration_return(
            declaration=_declaration(Status.PENDING), staff=user, message="住所を直してください"
        ),
    ),
    OutsiderCase(
        "declarations.declaration_cancel",
        lambda user: services.declaration_cancel(declaration=_declaration(), staff=user, reason="不正利用"),
    ),
    OutsiderCase(
        "declarations.declaration_confirm_unchanged",
        lambda user: services.declaration_confirm_unchanged(_declaration(), by=user, via="mypage"),
    ),
    OutsiderCase(
        "declarations.declaration_suspend",
        lambda user: services.declaration_suspend(user, _declaration(), reason="ロゴの不適切な使用"),
    ),
    OutsiderCase(
        "declarations.declaration_unsuspend",
        lambda user: services.declaration_unsuspend(user, _suspended(), note="是正を確認"),
    ),
    OutsiderCase(
        "declarations.review_finding_resolve",
        lambda user: services.review_finding_resolve(finding=_finding(), staff=user, note="確認済み"),
    ),
    OutsiderCase(
        "declarations.programme_settings_update",
        lambda user: services.programme_settings_update(
            staff=user, review_mode="reviewed", review_target_days=7, logo_mail_delay_days=7
        ),
    ),
    OutsiderCase(
        "declarations.terms_create",
        lambda user: services.terms_create(staff=user, version="9.0", title="規約", body="第1条 ……"),
    ),
    OutsiderCase(
        "declarations.terms_publish",
        lambda user: services.terms_publish(staff=user, terms=_terms()),
    ),
]

EXEMPT = {
    "declarations.declaration_logo_mail_send": (
        "the task declaration_logo_mail's delivery step: no actor, it takes a declaration id and "
        "sends only to that declaration's own people"
    ),
    "declarations.declaration_checks_record": (
        "the task declaration_checks' step: no actor, it only records the automatic checks' findings "
        "for staff about a declaration id"
    ),
}
