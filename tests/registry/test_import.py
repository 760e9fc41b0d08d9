from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from secaction.core.models import AuditEvent
from secaction.declarations.ids import damm_check_digit
from secaction.declarations.models import Declaration
from secaction.organizations.models import Organization
from secaction.registry.importing import ImportFileError, declarations_import, row_clean
from secaction.registry.models import RegistryEntry

from .factories import corporate_number, make_declaration, make_org, new_id

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import-example.csv"
HEADER = "declaration_id,level,declared_at,status,name,name_kana,corporate_number,prefecture,industry\n"


def write(tmp_path: Path, body: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / "in.csv"
    p.write_text(HEADER + body, encoding=encoding)
    return p


@pytest.mark.django_db
def test_example_file_imports(tmp_path):
    report = declarations_import(EXAMPLE)
    assert report.errors == []
    assert report.imported == 4
    assert Declaration.objects.filter(imported=True).count() == 4
    d = Declaration.objects.get(declaration_id="40000000025")
    assert d.level == "two_star" and d.status == "active"
    assert d.organization.prefecture == "27"
    assert d.organization.name_kana == "ゴウドウガイシャアオバセッケイ"  # hiragana turned into katakana
    assert RegistryEntry.objects.get(declaration_code="40000000033").status == "withdrawn"
    assert RegistryEntry.objects.count() == 4
    assert AuditEvent.objects.filter(action="declarations.import").count() == 1


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    report = declarations_import(EXAMPLE, dry_run=True)
    assert report.accepted == 4 and report.imported == 0
    assert Declaration.objects.count() == 0 and Organization.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_row_aborts_everything(tmp_path):
    body = (
        f"{new_id(1)},one_star,2020-01-01,,山田商店,ヤマダショウテン,,13,I\n"
        f"{new_id(2)},three_star,2020-01-01,,佐藤商店,サトウショウテン,,13,I\n"
    )
    report = declarations_import(write(tmp_path, body))
    assert report.aborted and report.imported == 0
    assert [(e.row, e.field) for e in report.errors] == [(3, "level")]
    assert Declaration.objects.count() == 0 and Organization.objects.count() == 0


@pytest.mark.django_db
def test_skip_invalid_imports_the_rest(tmp_path):
    body = (
        f"{new_id(1)},one_star,2020-01-01,,山田商店,ヤマダショウテン,,13,I\n"
        f"{new_id(2)},three_star,2020-01-01,,佐藤商店,サトウショウテン,,13,I\n"
    )
    report = declarations_import(write(tmp_path, body), skip_invalid=True)
    assert report.imported == 1 and report.rejected_rows == 1
    assert Declaration.objects.get().organization.name == "山田商店"


@pytest.mark.django_db
def test_every_rejected_row_is_reported_with_reason(tmp_path):
    # A legacy 4-ID is taken on its format (its old check rule is unknown); a 5-ID carries a Damm digit.
    body5 = "5000000010"
    bad_check = body5 + str((damm_check_digit(body5) + 1) % 10)
    body = "\n".join(
        [
            f"{bad_check},one_star,2020-01-01,,A商店,エーショウテン,,13,I",  # 2: check digit
            "123,one_star,2020-01-01,,B商店,ビーショウテン,,13,I",  # 3: length
            f"{new_id(11)},one_star,2020-13-01,,C商店,シーショウテン,,13,I",  # 4: date
            f"{new_id(12)},one_star,2020-01-01,,D商店,山田,,13,I",  # 5: kana
            f"{new_id(13)},one_star,2020-01-01,,E商店,イーショウテン,123,13,I",  # 6: corporate number
            f"{new_id(14)},one_star,2020-01-01,,F商店,エフショウテン,,48,I",  # 7: prefecture
            f"{new_id(15)},one_star,2020-01-01,,G商店,ジーショウテン,,13,Z",  # 8: industry
            f"{new_id(16)},one_star,2020-01-01,,,ジーショウテン,,13,I",  # 9: name missing
            f"{new_id(17)},one_star,2020-01-01,,H商店,エイチショウテン,,13,I",  # 10: fine
            f"{new_id(17)},one_star,2020-01-01,,I商店,アイショウテン,,13,I",  # 11: duplicate in file
            f"{new_id(18)},one_star,2020-01-01,paused,J商店,ジェイショウテン,,13,I",  # 12: status
        ]
    )
    report = declarations_import(write(tmp_path, body + "\n"), dry_run=True)
    got = [(e.row, e.field) for e in report.errors]
    assert got == [
        (2, "declaration_id"),
        (3, "declaration_id"),
        (4, "declared_at"),
        (5, "name_kana"),
        (6, "corporate_number"),
        (7, "prefecture"),
        (8, "industry"),
        (9, "name"),
        (11, "declaration_id"),
        (12, "status"),
    ]
    messages = {e.row: e.message for e in report.errors}
    assert "チェック用数字" in messages[2]
    assert "10行目と重複" in messages[11]
    assert report.accepted == 1


@pytest.mark.django_db
def test_duplicates_of_existing_ids_and_corporate_numbers_are_reported(tmp_path):
    existing = make_declaration(make_org(corporate_number=corporate_number(900)))
    body = (
        f"{existing.declaration_id},one_star,2020-01-01,,A商店,エーショウテン,,13,I\n"
        f"{new_id(501)},one_star,2020-01-01,,株式会社B,カブシキガイシャビー,{corporate_number(900)},13,I\n"
    )
    report = declarations_import(write(tmp_path, body))
    assert [(e.row, e.field) for e in report.errors] == [(2, "declaration_id"), (3, "corporate_number")]
    assert "既に登録" in report.errors[0].message
    assert Declaration.objects.count() == 1


@pytest.mark.django_db
def test_shift_jis_file_is_read(tmp_path):
    p = write(
        tmp_path,
        f"{new_id(1)},一つ星,2020-01-01,宣言中,山田商店,ヤマダショウテン,,東京都,I\n",
        encoding="cp932",
    )
    report = declarations_import(p)
    assert report.imported == 1
    assert Declaration.objects.get().level == "one_star"


@pytest.mark.django_db
def test_missing_columns_is_a_file_error(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("declaration_id,name\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="prefecture"):
        declarations_import(p)


def test_row_clean_corporation_needs_corporate_number():
    _, errors = row_clean(
        {
            "declaration_id": new_id(1),
            "level": "one_star",
            "declared_at": "2020-01-01",
            "name": "株式会社A",
            "name_kana": "エー",
            "prefecture": "13",
            "industry": "I",
            "entity_type": "corporation",
        }
    )
    assert errors == [("corporate_number", "法人の場合は法人番号(13桁)が必要です。")]


@pytest.mark.django_db
def test_command_dry_run_and_abort(tmp_path, capsys):
    call_command("import_declarations", str(EXAMPLE), "--dry-run")
    assert "DRY RUN" in capsys.readouterr().out
    assert Declaration.objects.count() == 0
    bad = write(tmp_path, "123,one_star,2020-01-01,,A,エー,,13,I\n")
    report_file = tmp_path / "report.csv"
    with pytest.raises(CommandError, match="ABORTED"):
        call_command("import_declarations", str(bad), "--report", str(report_file))
    assert "row 2: declaration_id" in capsys.readouterr().err
    assert "declaration_id" in report_file.read_text(encoding="utf-8-sig")
    call_command("import_declarations", str(EXAMPLE))
    assert Declaration.objects.count() == 4


@pytest.mark.django_db
def test_large_import_path_rebuilds_search_indexes(monkeypatch):
    from django.db import connection

    from secaction.registry import importing

    monkeypatch.setattr(importing, "DEFER_INDEXES_FROM", 1)
    report = declarations_import(EXAMPLE)
    assert report.imported == 4
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_registryentry'")
            names = {r[0] for r in cur.fetchall()}
        assert {"registry_search_trgm", "registry_search_chars"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("online", [False, True])
def test_large_import_locks_the_registry_unless_online(monkeypatch, online):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from secaction.registry import importing

    monkeypatch.setattr(importing, "DEFER_INDEXES_FROM", 1)
    with CaptureQueriesContext(connection) as queries:
        report = declarations_import(EXAMPLE, online=online)
    assert report.imported == 4
    dropped = [q["sql"] for q in queries.captured_queries if "DROP INDEX" in q["sql"]]
    expect_lock = connection.vendor == "postgresql" and not online
    assert report.locks_registry is expect_lock
    assert bool(dropped) is expect_lock


@pytest.mark.django_db
def test_import_locks_registry_only_from_the_threshold_on_postgresql():
    from django.db import connection

    from secaction.registry.importing import DEFER_INDEXES_FROM, import_locks_registry

    on_pg = connection.vendor == "postgresql"
    assert import_locks_registry(DEFER_INDEXES_FROM, online=False) is on_pg
    assert import_locks_registry(DEFER_INDEXES_FROM - 1, online=False) is False
    assert import_locks_registry(DEFER_INDEXES_FROM * 10, online=True) is False


@pytest.mark.django_db
def test_command_warns_before_a_locking_import(monkeypatch, capsys):
    from django.db import connection

    from secaction.registry import importing

    monkeypatch.setattr(importing, "DEFER_INDEXES_FROM", 1)
    call_command("import_declarations", str(EXAMPLE), "--dry-run")
    err = capsys.readouterr().err
    assert ("would rebuild the search indexes" in err) is (connection.vendor == "postgresql")
    call_command("import_declarations", str(EXAMPLE), "--dry-run", "--online")
    assert "search indexes" not in capsys.readouterr().err
