"""Time building a mail-out's recipient list (``mailouts.services.mailout_build``) on the database in DATABASE_URL.

With ``--generate N`` it first adds N declaring organisations (each with an owner, a declaration and its
registry entry; 1 in 10 owners reads mail in English, 1 in 50 addresses is on the suppression list),
set-based in SQL (``generate_series``), not timed. It then counts the audience of a notice to every active
declarer (the number staff see before sending), builds it, and checks the count equals the rows built.
Helper A's ``mailout_deliveries_start`` is replaced by a no-op: only the build is timed.

    createdb mailout_bench && DATABASE_URL=postgres://postgres@127.0.0.1:5432/mailout_bench \\
        python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mailout_bench python bench/mailout_build.py --generate 50000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from secaction.mailouts.filters import RecipientFilter  # noqa: E402
from secaction.mailouts.models import Mailout, Recipient  # noqa: E402
from secaction.mailouts.selectors import mailout_audience_count  # noqa: E402
from secaction.mailouts.services import build  # noqa: E402
from secaction.surveys.models import Invitation, Survey  # noqa: E402

GENERATE = """
WITH base AS (SELECT COALESCE(MAX(id), 0) AS o FROM organizations_organization)
INSERT INTO organizations_organization (id, entity_type, name, name_kana, corporate_number, representative_name,
    representative_title, postal_code, prefecture, address, industry, employees, capital, website, contact_name,
    contact_email, contact_phone, is_active, created_at, updated_at, identity_source)
SELECT base.o + i, 'corporation', '株式会社ベンチ' || (base.o + i), 'ベンチ', '', '代表 太郎', '', '100-0001',
    lpad((1 + (base.o + i) %% 47)::text, 2, '0'), '千代田区1-1', chr((65 + (base.o + i) %% 20)::int),
    (ARRAY['1-5','6-20','21-50','51-100','101-300','301-'])[1 + (base.o + i) %% 6], '-10m', '', '担当',
    'bench' || (base.o + i) || '@example.jp', '03-0000-0000', true, now(), now(), ''
FROM base, generate_series(1, %(n)s) AS i;

INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active, date_joined,
    email, language)
SELECT '!', false, '', '', false, true, now(), 'owner' || o.id || '@example.jp',
    CASE WHEN o.id %% 10 = 0 THEN 'en' ELSE 'ja' END
FROM organizations_organization o WHERE o.contact_email LIKE 'bench%%'
    AND NOT EXISTS (SELECT 1 FROM accounts_user u WHERE u.email = 'owner' || o.id || '@example.jp');

INSERT INTO organizations_membership (role, is_active, created_at, user_id, organization_id)
SELECT 'owner', true, now(), u.id, o.id FROM organizations_organization o
JOIN accounts_user u ON u.email = 'owner' || o.id || '@example.jp'
WHERE NOT EXISTS (SELECT 1 FROM organizations_membership m WHERE m.organization_id = o.id);

INSERT INTO declarations_declaration (level, status, status_reason, updated_at, publication_method,
    publication_url, publication_note, imported, organization_id, diagnosis_stated, pledged_principles,
    policy_stated, declared_at, last_confirmed_at, suspension_reason)
SELECT CASE WHEN o.id %% 3 = 0 THEN 'two_star' ELSE 'one_star' END, 'active', '', now(), '', '', '', true, o.id,
    false, '[]', false, now() - (o.id %% 2000) * interval '1 day', now() - (o.id %% 2000) * interval '1 day', ''
FROM organizations_organization o
WHERE NOT EXISTS (SELECT 1 FROM declarations_declaration d WHERE d.organization_id = o.id);

INSERT INTO registry_registryentry (declaration_id, declaration_code, organization_id, name, name_kana,
    corporate_number, prefecture, industry, level, status, updated_at, search_text, declared_at)
SELECT d.id, '5' || lpad(d.id::text, 10, '0'), o.id, o.name, o.name_kana, '', o.prefecture, o.industry, d.level,
    d.status, now(), o.name, d.declared_at
FROM declarations_declaration d JOIN organizations_organization o ON o.id = d.organization_id
WHERE NOT EXISTS (SELECT 1 FROM registry_registryentry r WHERE r.declaration_id = d.id);

INSERT INTO mailouts_suppression (email, reason, detail, created_at)
SELECT lower(o.contact_email), 'unsubscribed', 'bench', now() FROM organizations_organization o
WHERE o.id %% 50 = 0 ON CONFLICT (email) DO NOTHING;
ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, help="add this many declaring organisations first")
    parser.add_argument(
        "--invitation", action="store_true", help="build a survey invitation (also creates the invitations)"
    )
    args = parser.parse_args()
    if args.generate:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(GENERATE, {"n": args.generate})
        print(
            f"generated {args.generate:,} organisations (not timed in the build): {time.monotonic() - started:.1f} s"
        )

    staff, _created = get_user_model().objects.get_or_create(
        email="bench-office@example.jp", defaults={"is_staff": True}
    )
    flt = RecipientFilter()
    started = time.monotonic()
    count = mailout_audience_count(flt)
    print(f"audience count (shown before sending): {count:,} in {time.monotonic() - started:.2f} s")

    survey = None
    if args.invitation:
        survey = Survey.objects.create(title_ja="ベンチ調査", status=Survey.Status.OPEN, created_by=staff)
    mailout = Mailout.objects.create(
        kind=Mailout.Kind.SURVEY_INVITATION if survey else Mailout.Kind.NOTICE,
        survey=survey,
        subject_ja="ベンチ",
        body_ja="{name} 御中",
        filters=flt.as_dict(),
        created_by=staff,
        status=Mailout.Status.BUILDING,
    )
    build.mailout_deliveries_start = lambda mailout_id: 0  # type: ignore[assignment]  # only the build is timed
    started = time.monotonic()
    built = build.mailout_build(mailout.pk)
    elapsed = time.monotonic() - started
    rows = Recipient.objects.filter(mailout=mailout).count()
    assert built == rows == count, (built, rows, count)
    if survey is not None:
        invited = Invitation.objects.filter(survey=survey).count()
        assert invited == built, (invited, built)
        print(f"with {invited:,} survey invitations")
    print(
        f"built {built:,} recipients in {elapsed:.2f} s ({built / elapsed:,.0f} rows/s); "
        f"300,000 would take about {300_000 / (built / elapsed):.1f} s"
    )


if __name__ == "__main__":
    main()
