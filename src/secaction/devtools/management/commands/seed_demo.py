"""Demo data for trying the portal: a staff user with TOTP, organisations with owners and members.

Idempotent: existing rows are left as they are, so a second run changes nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from secaction.devtools.loadgen import load_data_generate
from secaction.organizations.models import Membership, Organization
from secaction.organizations.services import organization_register
from secaction.organizations.validation import corporate_number_check_digit

# Fixed so that the authenticator app set up once keeps working after a reset of the database.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (public demo value)
DEMO_PASSWORD = "SecAction-demo-2024"  # noqa: S105 (public demo value)
STAFF_EMAIL = "staff@example.jp"
# Enough declarers for a trial mail-out or survey invitation to 1,000 of them (issue 13).
DEMO_DECLARERS = 1200
# DEBUG=1 because the command refuses to run without it; .venv is the one `make run` creates.
DEMO_TOTP_COMMAND = "DEBUG=1 .venv/bin/python manage.py demo_totp_code"


def demo_corporate_number(base12: str) -> str:
    """A 法人番号 with a correct check digit for made-up base digits."""
    return f"{corporate_number_check_digit(base12)}{base12}"


def demo_totp_uri() -> str:
    issuer = settings.MFA_TOTP_ISSUER
    label = quote(f"{issuer}:{STAFF_EMAIL}")
    return f"otpauth://totp/{label}?secret={DEMO_TOTP_SECRET}&issuer={quote(issuer)}"


DEMO_ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "owner": "owner@example.jp",
        "members": ["member@example.jp"],
        "declare": "one_star",
        "data": {
            "entity_type": "corporation",
            "name": "株式会社サンプル商事",
            "name_kana": "サンプルショウジ",
            "corporate_number": demo_corporate_number("010401234567"),
            "representative_name": "山田 太郎",
            "representative_title": "代表取締役",
            "postal_code": "100-0013",
            "prefecture": "13",
            "address": "千代田区霞が関1-2-3 サンプルビル5階",
            "industry": "I",
            "employees": "6-20",
            "capital": "-10m",
            "website": "https://example.jp/",
            "contact_name": "佐藤 花子",
            "contact_email": "owner@example.jp",
            "contact_phone": "03-1234-5678",
        },
    },
    {
        "owner": "midori@example.jp",
        "members": [],
        "data": {
            "entity_type": "corporation",
            "name": "合同会社みどり製作所",
            "name_kana": "ミドリセイサクショ",
            "corporate_number": demo_corporate_number("120003456789"),
            "representative_name": "緑川 一郎",
            "representative_title": "代表社員",
            "postal_code": "530-0001",
            "prefecture": "27",
            "address": "大阪市北区梅田1-1-1",
            "industry": "E",
            "employees": "21-50",
            "capital": "10m-50m",
            "website": "",
            "contact_name": "緑川 一郎",
            "contact_email": "midori@example.jp",
            "contact_phone": "06-1234-5678",
        },
    },
    {
        "owner": "yamada@example.jp",
        "members": [],
        "data": {
            "entity_type": "sole_proprietor",
            "name": "山田デザイン事務所",
            "name_kana": "ヤマダデザインジムショ",
            "corporate_number": "",
            "representative_name": "山田 花子",
            "representative_title": "",
            "postal_code": "810-0001",
            "prefecture": "40",
            "address": "福岡市中央区天神1-1-1",
            "industry": "L",
            "employees": "1-5",
            "capital": "none",
            "website": "",
            "contact_name": "山田 花子",
            "contact_email": "yamada@example.jp",
            "contact_phone": "092-123-4567",
        },
    },
    {
        "owner": "supporter@example.jp",
        "members": [],
        "declare": "one_star",
        "supporter": True,
        "data": {
            "entity_type": "corporation",
            "name": "株式会社サンプルセキュリティ",
            "name_kana": "サンプルセキュリティ",
            "corporate_number": demo_corporate_number("030001234567"),
            "representative_name": "鈴木 次郎",
            "representative_title": "代表取締役",
            "postal_code": "460-0008",
            "prefecture": "23",
            "address": "名古屋市中区栄1-1-1",
            "industry": "G",
            "employees": "51-100",
            "capital": "10m-50m",
            "website": "https://example.jp/security/",
            "contact_name": "鈴木 次郎",
            "contact_email": "supporter@example.jp",
            "contact_phone": "052-123-4567",
        },
    },
]

# The demo supporter's two published offers (titles are the idempotency key).
DEMO_OFFERS: list[dict[str, str]] = [
    {
        "title": "SECURITY ACTION 宣言事業者向け 無料セキュリティ相談",
        "category": "information",
        "description": "宣言した事業者を対象に、情報セキュリティの悩みを1時間まで無料でご相談いただけます(オンライン)。",
        "audience": "declarers",
        "prefecture": "",
        "url": "https://example.jp/security/consult/",
    },
    {
        "title": "二つ星事業者向け UTM 導入費用の割引",
        "category": "preferential",
        "description": "二つ星を宣言した愛知県内の事業者は、UTM(統合脅威管理)機器の導入費用を10%割引します。",
        "audience": "two_star",
        "prefecture": "23",
        "url": "",
    },
]


class Command(BaseCommand):
    help = "Create demo users and organisations (idempotent). Development only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even when DEBUG is off (the demo accounts have public passwords).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("seed_demo creates accounts with public passwords; it runs only with DEBUG=1.")
        created: list[str] = []
        with transaction.atomic():
            staff = self._user(STAFF_EMAIL, created, is_staff=True, is_superuser=True)
            if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(staff, DEMO_TOTP_SECRET)
                created.append(f"TOTP for {STAFF_EMAIL}")
            for spec in DEMO_ORGANIZATIONS:
                owner = self._user(spec["owner"], created)
                data = spec["data"]
                org = self._existing(data)
                if org is None:
                    org = organization_register(owner, data)
                    created.append(f"organisation {org.name}")
                for email in spec["members"]:
                    member = self._user(email, created)
                    _, made = Membership.objects.get_or_create(
                        organization=org, user=member, defaults={"role": Membership.Role.MEMBER}
                    )
                    if made:
                        created.append(f"membership {email} @ {org.name}")
                if spec.get("declare") and not org.declarations.exists():
                    decl = self._declare(org, owner, spec["declare"])
                    created.append(
                        f"{decl.get_level_display()} declaration {decl.declaration_id or ''} of {org.name}"
                    )
                if spec.get("supporter"):  # after declaring: a supporter must have declared first
                    self._supporter(org, owner, staff, created)
            self._wizard_survey(staff, created)
        self._declarers(created)
        self._report(created)

    def _declarers(self, created: list[str]) -> None:
        """Synthetic declarers (``load<n>@example.invalid``, an address that can never be delivered), so the
        office's mail-outs and surveys have an audience of a realistic size (docs/mail-outs.md)."""
        have = Organization.objects.filter(contact_email__endswith="@example.invalid").count()
        if have < DEMO_DECLARERS:
            made = load_data_generate(DEMO_DECLARERS - have, seed=2026)
            created.append(f"{made} synthetic declarers (load…@example.invalid)")

    def _wizard_survey(self, staff: Any, created: list[str]) -> None:
        """The shipped 「宣言のきっかけ」 question, open, so the demo's wizard shows its optional step."""
        from secaction.surveys.models import Survey
        from secaction.surveys.services import survey_from_template, survey_open

        if Survey.objects.filter(template_key="wizard").exists():
            return  # made before: the office may have closed or edited it since
        survey = survey_open(staff, survey_from_template(staff, "wizard"))
        created.append(f"open wizard survey {survey.title_ja}")

    def _declare(self, org: Organization, owner: Any, level: str) -> Any:
        """A declaration made through the real service, so the demo shows a declarer's My Page with an ID."""
        from secaction.declarations.selectors import terms_current
        from secaction.declarations.services import declaration_submit

        return declaration_submit(
            organization=org,
            user=owner,
            level=level,
            pledged_principles=range(1, 6),
            terms_version=terms_current(),
        )

    def _supporter(self, org: Organization, owner: Any, staff: Any, created: list[str]) -> None:
        """An approved 普及賛同企業等 with published offers, made through the real services."""
        from secaction.supporters import services as supporters
        from secaction.supporters.models import Supporter, SupporterStatus

        supporter = Supporter.objects.filter(organization=org).first()
        if supporter is None:
            supporter = supporters.supporter_apply(
                organization=org,
                user=owner,
                data=supporters.SupporterInput(
                    kind="company",
                    description="中小企業向けに SECURITY ACTION の説明会を開き、宣言を呼びかけています。",
                    contact="supporter@example.jp",
                    website="https://example.jp/security/",
                ),
                agreed=True,
            )
            created.append(f"supporter {org.name}")
        if supporter.status == SupporterStatus.PENDING:
            supporter = supporters.supporter_approve(supporter=supporter, staff=staff)
        if supporter.status != SupporterStatus.APPROVED:
            return  # a demo user withdrew it or staff suspended it: leave their choice alone
        existing = set(supporter.offers.values_list("title", flat=True))
        for offer in DEMO_OFFERS:
            if offer["title"] not in existing:
                supporters.offer_create(
                    supporter=supporter, user=owner, data=supporters.OfferInput(**offer), publish=True
                )
                created.append(f"offer {offer['title']}")

    def _existing(self, data: dict[str, Any]) -> Organization | None:
        qs = Organization.objects.filter(is_active=True)
        if data["corporate_number"]:
            return qs.filter(corporate_number=data["corporate_number"]).first()
        return qs.filter(name=data["name"], entity_type=data["entity_type"]).first()

    def _user(self, email: str, created: list[str], **flags: Any) -> Any:
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, **flags)
            created.append(f"user {email}")
        # allauth refuses log-in until the address is verified; demo users are verified already.
        if not EmailAddress.objects.filter(user=user, email__iexact=email).exists():
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _report(self, created: list[str]) -> None:
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                "Demo data ready" + (f" (created: {', '.join(created)})" if created else " (nothing new)")
            )
        )
        out("")
        out(f"Site:          {settings.SITE_URL}/")
        out(f"Password for every demo account: {DEMO_PASSWORD}")
        out(
            "Declarers:     owner@example.jp (owner of 株式会社サンプル商事, declared ★), member@example.jp (member),"
        )
        out(
            "               midori@example.jp (合同会社みどり製作所), yamada@example.jp (個人事業主 山田デザイン事務所)"
        )
        out(
            "Supporter:     supporter@example.jp (株式会社サンプルセキュリティ, 普及賛同企業等 with two offers)"
        )
        out(f"Back office:   {settings.SITE_URL}/{settings.BACKOFFICE_PATH}  as {STAFF_EMAIL}")
        out(f"  TOTP secret: {DEMO_TOTP_SECRET}")
        out(f"  otpauth URI: {demo_totp_uri()}")
        # The exact command a developer can paste into the shell `make run` was started from.
        out(f"  Add it to an authenticator app, or print the current code with: {DEMO_TOTP_COMMAND}")
        out(
            "Mail sent by the site (e.g. sign-up verification) is shown at /dev/outbox/ and printed by the worker."
        )
