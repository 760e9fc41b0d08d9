"""The people My Page and the crawler are tried as, each at a stage of the path, built through services.

Each builder returns the user to log in as. Records are made the way the site
makes them (the services), so the pages see what a real declarer would have.
"""

from __future__ import annotations

import itertools
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from secaction.accounts.models import User
from secaction.declarations.models import Declaration, Level, TermsVersion
from secaction.declarations.rules import TwoStarInput
from secaction.declarations.services import declaration_submit, declaration_upgrade
from secaction.diagnosis.services import assessment_save
from secaction.organizations.models import Membership, Organization
from secaction.organizations.services import organization_register
from secaction.organizations.validation import corporate_number_check_digit
from secaction.policies.handbook import handbook_build
from secaction.policies.services import (
    handbook_adopt,
    handbook_recipients_add,
    handbook_version_create,
    policy_publish,
    policy_version_create,
)
from secaction.policies.suggest import policy_suggest
from secaction.supporters.models import Supporter
from secaction.supporters.services import (
    OfferInput,
    SupporterInput,
    offer_create,
    supporter_apply,
    supporter_approve,
)

PASSWORD = "pw-Crawl-12345!"
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"
_seq = itertools.count(1)


def user_make(email: str = "", *, staff: bool = False) -> User:
    email = email or f"person{next(_seq)}@example.jp"
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=staff, is_superuser=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def corporate_number(n: int) -> str:
    """The ``n``-th valid 法人番号 (check digit first, as the National Tax Agency computes it)."""
    base = f"{100000000000 + n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


def organization_make(owner: User, *, name: str = "株式会社みどり商店", number: int = 0) -> Organization:
    return organization_register(
        owner,
        {
            "entity_type": "corporation",
            "name": name,
            "name_kana": "ミドリショウテン",
            "corporate_number": corporate_number(number),
            "representative_name": "緑川 一郎",
            "representative_title": "代表取締役",
            "postal_code": "100-0001",
            "prefecture": "13",
            "address": "千代田区千代田1-1",
            "industry": "I",
            "employees": "6-20",
            "capital": "-10m",
            "website": "https://midori.example.jp/",
            "contact_name": "緑川 花子",
            "contact_email": f"contact{next(_seq)}@example.jp",
            "contact_phone": "03-1234-5678",
        },
    )


def one_star_declare(organization: Organization, user: User) -> Declaration:
    return declaration_submit(
        organization=organization,
        user=user,
        level=Level.ONE_STAR,
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True),
    )


def diagnosis_take(organization: Organization, user: User) -> None:
    answers = {n: ("yes", "partial", "no", "unknown")[n % 4] for n in range(1, 26)}
    assessment_save(organization=organization, user=user, answers=answers)


def policy_make_and_publish(organization: Organization, user: User) -> None:
    data: dict[str, Any] = policy_suggest(
        industry=organization.industry,
        employees_band=organization.employees,
        organization_name=organization.name,
    )
    data.update(
        established_on="2026-04-01",
        organization_name=organization.name,
        representative_title="代表取締役",
        representative_name="緑川 一郎",
    )
    version = policy_version_create(organization=organization, actor=user, data=data)
    policy_publish(version=version, actor=user)


def two_star_upgrade(declaration: Declaration, user: User) -> Declaration:
    return declaration_upgrade(
        declaration=declaration,
        user=user,
        two_star=TwoStarInput(
            publication_method="website",
            publication_url="https://midori.example.jp/security-policy",
            diagnosis_stated=True,
            policy_stated=True,
        ),
        terms_version=TermsVersion.objects.get(is_current=True),
    )


def handbook_adopt_and_send(organization: Organization, user: User) -> None:
    version = handbook_version_create(
        organization=organization,
        actor=user,
        title="情報セキュリティハンドブック",
        intro="はじめに",
        contact="総務 緑川",
        rules=handbook_build(None),
        assessment_ref=None,
    )
    handbook_adopt(version=version, actor=user)
    handbook_recipients_add(version=version, emails=["staff1@example.jp", "staff2@example.jp"], actor=user)


def new_owner() -> User:
    """Signed up and verified, no organisation yet."""
    return user_make("new@example.jp")


def one_star_owner() -> User:
    owner = user_make("one@example.jp")
    one_star_declare(organization_make(owner, name="株式会社ひとつ星", number=3), owner)
    return owner


def two_star_owner() -> User:
    """Every stage done: ★, diagnosis, published policy, ★★, handbook adopted and sent to two staff."""
    owner = user_make("two@example.jp")
    org = organization_make(owner, name="株式会社ふたつ星", number=0)
    declaration = one_star_declare(org, owner)
    diagnosis_take(org, owner)
    policy_make_and_publish(org, owner)
    two_star_upgrade(declaration, owner)
    handbook_adopt_and_send(org, owner)
    return owner


def member_of(owner: User) -> User:
    """A member (not the owner) of ``owner``'s organisation."""
    member = user_make("member@example.jp")
    organization = Organization.objects.get(memberships__user=owner)
    Membership.objects.create(organization=organization, user=member, role="member")
    return member


def supporter_register(organization: Organization, owner: User, staff: User | None = None) -> Supporter:
    """Apply as a 普及賛同企業等, be approved by staff and publish one offer."""
    supporter = supporter_apply(
        organization=organization,
        user=owner,
        data=SupporterInput(
            kind="company",
            description="セキュリティ勉強会を開いています。",
            contact="info@support.example.jp",
        ),
        agreed=True,
    )
    supporter = supporter_approve(supporter=supporter, staff=staff or user_make(staff=True))
    offer_create(
        supporter=supporter,
        user=owner,
        data=OfferInput(
            title="無料のセキュリティ勉強会",
            category="information",
            description="毎月、宣言事業者向けに勉強会を開きます。",
            audience="declarers",
        ),
        publish=True,
    )
    return supporter


def supporter_owner(staff: User | None = None) -> User:
    """The owner of a ★ organisation approved as a 普及賛同企業等 with one published offer."""
    owner = user_make("supporter@example.jp")
    org = organization_make(owner, name="株式会社さぽーと", number=2)
    one_star_declare(org, owner)
    supporter_register(org, owner, staff)
    return owner


def staff_with_totp() -> User:
    """Staff who set up TOTP: the back office lets them in (BACKOFFICE_REQUIRE_MFA)."""
    staff = user_make("staff@example.jp", staff=True)
    TOTP.activate(staff, STAFF_TOTP_SECRET)
    return staff
