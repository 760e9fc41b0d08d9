"""Import declarations from the older system's CSV export (owned by the registry app).

The format and the all-or-nothing rule are in docs/import.md; the logic is in
``secaction.registry.importing``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secaction.documents.csvwriter import csv_writer
from secaction.registry.importing import ImportFileError, declarations_import


class Command(BaseCommand):
    help = "旧システムの宣言データ(CSV)を取り込みます。1行でも不備があれば何も取り込みません(--skip-invalid で変更可)。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="検査だけ行い、何も書き込まない")
        parser.add_argument("--skip-invalid", action="store_true", help="不備のある行を除いて取り込む")
        parser.add_argument("--encoding", default=None, help="文字コード(既定: UTF-8、だめなら Shift_JIS)")
        parser.add_argument("--report", type=Path, default=None, help="不備の一覧をCSVで書き出すファイル")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--online",
            action="store_true",
            help="公開検索と宣言確認を止めずに取り込む(大量の行では遅くなる)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"file not found: {path}")
        try:
            report = declarations_import(
                path,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                encoding=options["encoding"],
                batch_size=options["batch_size"],
                online=options["online"],
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for e in report.errors[:200]:
            self.stderr.write(f"row {e.row}: {e.field}: {e.message}")
        if len(report.errors) > 200:
            self.stderr.write(f"... {len(report.errors) - 200} more (use --report FILE for all)")
        if options["report"]:
            with options["report"].open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv_writer(fh)
                writer.writerow(["row", "field", "message"])
                writer.writerows([e.row, e.field, e.message] for e in report.errors)
        summary = (
            f"rows={report.rows} accepted={report.accepted} rejected_rows={report.rejected_rows} "
            f"imported={report.imported} seconds={report.seconds:.1f}"
        )
        if report.locks_registry:
            self.stderr.write(
                f"note: {'this import would rebuild' if report.dry_run else 'this import rebuilt'} the search "
                "indexes inside its transaction; public search and verification wait until it commits "
                "(use --online to keep them available, at the cost of a slower import)"
            )
        if report.dry_run:
            self.stdout.write(f"DRY RUN (nothing written): {summary}")
        elif report.aborted:
            raise CommandError(
                f"ABORTED, nothing imported (rejected rows; use --skip-invalid to import the rest): {summary}"
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"IMPORTED: {summary}"))
