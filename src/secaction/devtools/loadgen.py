"""Synthetic organisations and declarations for benchmarks and demos (``generate_load_data``).

Names are built from real-looking parts so that partial-name search has a
realistic spread of selectivity (a common surname matches thousands of
rows, a full name a handful). Everything is written with ``bulk_create`` in
batches; one batch is one transaction, so an interrupted run keeps what it made.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from secaction.declarations.ids import LEGACY_PREFIX, declaration_id_generate
from secaction.declarations.models import Declaration
from secaction.organizations.models import Organization
from secaction.organizations.validation import corporate_number_check_digit
from secaction.registry.services import registry_entries_create_bulk, search_indexes_deferred

_PLACES = [
    ("山田", "ヤマダ"),
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山本", "ヤマモト"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("阿部", "アベ"),
    ("石川", "イシカワ"),
    ("前田", "マエダ"),
    ("藤田", "フジタ"),
    ("岡田", "オカダ"),
    ("後藤", "ゴトウ"),
    ("長谷川", "ハセガワ"),
    ("村上", "ムラカミ"),
    ("近藤", "コンドウ"),
    ("北海", "ホッカイ"),
    ("東北", "トウホク"),
    ("関東", "カントウ"),
    ("東海", "トウカイ"),
    ("北陸", "ホクリク"),
    ("近畿", "キンキ"),
    ("中国", "チュウゴク"),
    ("四国", "シコク"),
    ("九州", "キュウシュウ"),
    ("南海", "ナンカイ"),
    ("富士", "フジ"),
    ("大和", "ヤマト"),
    ("日本", "ニホン"),
    ("旭", "アサヒ"),
    ("朝日", "アサヒ"),
    ("三葉", "ミツバ"),
    ("若葉", "ワカバ"),
    ("青空", "アオゾラ"),
    ("桜", "サクラ"),
    ("松竹", "ショウチク"),
    ("城南", "ジョウナン"),
    ("城北", "ジョウホク"),
    ("湘南", "ショウナン"),
    ("浪速", "ナニワ"),
    ("瀬戸", "セト"),
    ("信州", "シンシュウ"),
    ("甲斐", "カイ"),
    ("紀州", "キシュウ"),
    ("出雲", "イズモ"),
    ("筑紫", "ツクシ"),
    ("みどり", "ミドリ"),
    ("ひかり", "ヒカリ"),
    ("こだま", "コダマ"),
    ("あおば", "アオバ"),
    ("はなまる", "ハナマル"),
    ("アルファ", "アルファ"),
    ("ネクスト", "ネクスト"),
    ("グローバル", "グローバル"),
    ("テクノ", "テクノ"),
    ("サン", "サン"),
]
_MIDDLES = [
    ("", ""),
    ("", ""),
    ("", ""),
    ("第一", "ダイイチ"),
    ("中央", "チュウオウ"),
    ("総合", "ソウゴウ"),
    ("精密", "セイミツ"),
    ("国際", "コクサイ"),
    ("共同", "キョウドウ"),
    ("新", "シン"),
    ("丸", "マル"),
    ("ライフ", "ライフ"),
    ("メディカル", "メディカル"),
    ("エコ", "エコ"),
    ("デジタル", "デジタル"),
]
_TRADES = [
    ("商事", "ショウジ"),
    ("工業", "コウギョウ"),
    ("建設", "ケンセツ"),
    ("製作所", "セイサクショ"),
    ("電機", "デンキ"),
    ("運輸", "ウンユ"),
    ("食品", "ショクヒン"),
    ("印刷", "インサツ"),
    ("システム", "システム"),
    ("ソフト", "ソフト"),
    ("設計", "セッケイ"),
    ("不動産", "フドウサン"),
    ("物産", "ブッサン"),
    ("技研", "ギケン"),
    ("産業", "サンギョウ"),
    ("興業", "コウギョウ"),
    ("精機", "セイキ"),
    ("化学", "カガク"),
    ("薬局", "ヤッキョク"),
    ("会計事務所", "カイケイジムショ"),
    ("歯科医院", "シカイイン"),
    ("工務店", "コウムテン"),
    ("商店", "ショウテン"),
    ("農園", "ノウエン"),
    ("水産", "スイサン"),
    ("観光", "カンコウ"),
    ("ホテル", "ホテル"),
    ("通信", "ツウシン"),
    ("保険サービス", "ホケンサービス"),
    ("デザイン", "デザイン"),
    ("ラボ", "ラボ"),
    ("クリニック", "クリニック"),
    ("ファーム", "ファーム"),
    ("電設", "デンセツ"),
    ("塗装", "トソウ"),
    ("自動車", "ジドウシャ"),
    ("酒造", "シュゾウ"),
    ("製菓", "セイカ"),
    ("繊維", "センイ"),
    ("物流", "ブツリュウ"),
]
_FORMS = [
    ("株式会社", "カブシキガイシャ", True, "corporation"),
    ("有限会社", "ユウゲンガイシャ", True, "corporation"),
    ("合同会社", "ゴウドウガイシャ", False, "corporation"),
    ("", "", False, "sole_proprietor"),
    ("一般社団法人", "イッパンシャダンホウジン", True, "other"),
]
_EMPLOYEES = ["1-5", "6-20", "21-50", "51-100", "101-300", "301-"]
_CAPITALS = ["none", "-10m", "10m-50m", "50m-100m", "100m-300m", "300m-"]
_INDUSTRIES = "ABCDEFGHIJKLMNOPQRST"
# Rough weights so Tokyo, Osaka and Aichi hold more declarers, as in life.
_PREF_WEIGHTS = [3 if p in (13, 27, 23, 14, 11, 12, 40, 1) else 1 for p in range(1, 48)]
_STATUSES = ["active"] * 85 + ["withdrawn"] * 5 + ["cancelled"] * 2 + ["pending"] * 5 + ["returned"] * 3
_START = dt.datetime(2017, 4, 1, tzinfo=dt.UTC)


def synthetic_name(rng: random.Random) -> tuple[str, str, bool, str]:
    """(name, kana, form comes first, entity type) of a plausible business."""
    place, place_kana = rng.choice(_PLACES)
    mid, mid_kana = rng.choice(_MIDDLES)
    trade, trade_kana = rng.choice(_TRADES)
    form, form_kana, first, entity = rng.choice(_FORMS)
    core, core_kana = f"{place}{mid}{trade}", f"{place_kana}{mid_kana}{trade_kana}"
    if not form:
        return core, core_kana, False, entity
    if first:
        return f"{form}{core}", f"{form_kana}{core_kana}", True, entity
    return f"{core}{form}", f"{core_kana}{form_kana}", False, entity


def synthetic_declaration_id(rng: random.Random, legacy: bool) -> str:
    """A well-formed ID: new ones are 4 + 9 digits + a Damm check digit; legacy ones are 4 + 10 digits.

    Both share one namespace, so the caller redraws on a duplicate.
    """
    if legacy:
        return LEGACY_PREFIX + "".join(str(rng.randrange(10)) for _ in range(10))
    return declaration_id_generate(rng.randrange)


def _corporate_number(serial: int) -> str:
    base = f"{700000000000 + serial:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


def load_data_generate(
    declarations: int,
    *,
    seed: int = 1,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
) -> int:
    """Create ``declarations`` organisations, each with one declaration; returns the number made.

    IDs are unique against what is already in the database. Corporate numbers
    are drawn from a range (7000…) real numbers are unlikely to use, offset by
    the number of organisations already present.
    """
    rng = random.Random(seed)
    taken: set[str] = {
        i
        for i in Declaration.objects.exclude(declaration_id=None).values_list("declaration_id", flat=True)
        if i
    }
    serial = Organization.objects.count()
    now = timezone.now()
    span = int((now - _START).total_seconds())
    if defer_indexes is None:
        defer_indexes = declarations >= 50_000
    with search_indexes_deferred(defer_indexes):
        made = _generate(rng, declarations, taken, serial, now, span, batch_size, progress)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE organizations_organization")
            cursor.execute("ANALYZE declarations_declaration")
            cursor.execute("ANALYZE registry_registryentry")
    return made


def _generate(
    rng: random.Random,
    declarations: int,
    taken: set[str],
    serial: int,
    now: dt.datetime,
    span: int,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> int:
    made = 0
    while made < declarations:
        n = min(batch_size, declarations - made)
        orgs: list[Organization] = []
        for _ in range(n):
            name, kana, _first, entity = synthetic_name(rng)
            serial += 1
            pref = rng.choices(range(1, 48), weights=_PREF_WEIGHTS)[0]
            orgs.append(
                Organization(
                    entity_type=entity,
                    name=name,
                    name_kana=kana,
                    corporate_number=_corporate_number(serial) if entity != "sole_proprietor" else "",
                    representative_name="代表 太郎",
                    postal_code=f"{rng.randrange(1000000, 9999999):07d}"[:3] + "-0001",
                    prefecture=f"{pref:02d}",
                    address="1-2-3",
                    industry=rng.choice(_INDUSTRIES),
                    employees=rng.choice(_EMPLOYEES),
                    capital=rng.choice(_CAPITALS),
                    contact_name="担当 花子",
                    contact_email=f"load{serial}@example.invalid",
                    contact_phone="03-0000-0000",
                )
            )
        with transaction.atomic():
            Organization.objects.bulk_create(orgs, batch_size=batch_size)
            decls: list[Declaration] = []
            for org in orgs:
                status = rng.choice(_STATUSES)
                legacy = rng.random() < 0.35
                declared = _START + dt.timedelta(seconds=rng.randrange(span))
                has_id = status != "pending" or rng.random() < 0.5  # reviewed mode: no ID before acceptance
                code = None
                if has_id:
                    code = synthetic_declaration_id(rng, legacy)
                    while code in taken:
                        code = synthetic_declaration_id(rng, legacy)
                    taken.add(code)
                decls.append(
                    Declaration(
                        organization=org,
                        declaration_id=code,
                        level="two_star" if rng.random() < 0.3 else "one_star",
                        status=status,
                        submitted_at=declared,
                        declared_at=declared if has_id else None,
                        ended_at=declared + dt.timedelta(days=400)
                        if status in ("withdrawn", "cancelled")
                        else None,
                        imported=legacy,
                    )
                )
            Declaration.objects.bulk_create(decls, batch_size=batch_size)
            registry_entries_create_bulk(
                zip(decls, orgs, strict=True), batch_size=batch_size, record_changes=True
            )
        made += n
        if progress:
            progress(made)
    return made
