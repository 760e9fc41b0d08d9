"""Benchmark of the bulk CSV verification: a 50,000-row upload checked by one worker process.

Builds a realistic 50,000-row CSV from the database in DATABASE_URL (the 1,000,000-declaration load data,
bench/README.md): IDs that exist (with the applicant's name written in another notation, or another name),
mistyped IDs (last digit changed), 法人番号-only rows, withdrawn and cancelled declarations, rows with an
as-of date, and a few malformed ones. It uploads the file through ``bulk_upload_create`` (the same check
as the page and the API), then runs the task's body ``bulk_upload_process`` in a fresh worker process
(``--worker``), which reports its wall time and its peak RSS (``VmHWM`` in ``/proc/self/status``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench python bench/bulk_upload.py

Targets (issue 12): under 60 s, peak RSS of the worker under 200 MB. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
TARGET_RSS_MB = 200.0


def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def _rss_mb() -> float:
    """Peak RSS of this process so far, in MB: VmHWM from /proc (the high-water mark of this process's
    memory map; ``ru_maxrss`` would carry the parent's peak over ``fork``/``exec``), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _sample(cur, where: str, n: int) -> list[tuple[str, str, str]]:
    cur.execute(
        "SELECT declaration_code, corporate_number, name FROM registry_registryentry TABLESAMPLE SYSTEM (10) "
        f"WHERE {where} LIMIT %s",
        [n],
    )
    return list(cur.fetchall())


def _renotate(name: str, rng: random.Random) -> str:
    """The registry's name as an applicant might type it: another notation of the company type, spaces."""
    for long, shorts in (("株式会社", ("(株)", "㈱", "(株)")), ("有限会社", ("(有)", "㈲"))):
        if long in name and rng.random() < 0.7:
            return name.replace(long, rng.choice(shorts))
    return name.replace("", " ").strip() if rng.random() < 0.1 else name


def build_csv(rows: int, seed: int) -> bytes:
    """The CSV to upload (UTF-8 with BOM, Japanese headers), in a shuffled realistic mix."""
    from django.db import connection

    rng = random.Random(seed)
    with connection.cursor() as cur:
        active = _sample(cur, "status = 'active'", int(rows * 0.60))
        ended = _sample(cur, "status IN ('withdrawn', 'cancelled')", int(rows * 0.08))
        numbered = _sample(cur, "corporate_number <> ''", int(rows * 0.15))
        typo_base = _sample(cur, "declaration_code LIKE '4%%'", int(rows * 0.12))
    if not active:
        raise SystemExit("no declarations in the database: run generate_load_data first (bench/README.md)")
    lines: list[list[str]] = []
    for code, _number, name in active:
        applicant = _renotate(name, rng) if rng.random() < 0.8 else "株式会社別名商事"
        as_of = "2026/03/31" if rng.random() < 0.1 else ""
        lines.append([code, "", applicant, as_of])
    for code, _number, name in ended:
        lines.append([code, "", name, ""])
    for _code, number, name in numbered:
        lines.append(["", number, _renotate(name, rng), ""])
    for code, _number, _name in typo_base:
        lines.append([code[:-1] + str((int(code[-1]) + 1) % 10), "", "", ""])
    while len(lines) < rows:  # malformed rows: too short an ID, a bad date, nothing to look up
        lines.append(
            rng.choice([["123", "", "", ""], [active[0][0], "", "", "2026-02-30"], ["", "", "名前だけ", ""]])
        )
    lines = lines[:rows]
    rng.shuffle(lines)
    text = "宣言ID,法人番号,申請者名,基準日\r\n" + "".join(",".join(line) + "\r\n" for line in lines)
    return ("\ufeff" + text).encode()


def upload(data: bytes) -> int:
    """Store the upload as the API would (a key held by a benchmark institution); returns its pk."""
    from django.db import transaction

    from secaction.institutions.models import ApiKey, Institution, api_key_hash, api_key_new
    from secaction.institutions.services import bulk_upload_create

    institution, _ = Institution.objects.get_or_create(name="ベンチマーク用の機関")
    key = api_key_new()
    row = ApiKey.objects.create(
        holder=institution, institution=institution.name, contact="bench@example.jp",
        key_prefix=key[:10], key_hash=api_key_hash(key),
    )  # fmt: skip
    with transaction.atomic():  # the task is queued on commit; the worker below runs it instead
        created = bulk_upload_create(institution=institution, filename="bench.csv", data=data, api_key=row)
    return created.pk


def worker(upload_id: int) -> None:
    """One worker: run the task's body once and print its figures as JSON."""
    _django()
    from secaction.institutions.models import BulkUpload
    from secaction.institutions.services import bulk_upload_process

    rss_before = _rss_mb()
    start = time.perf_counter()
    status = bulk_upload_process(upload_id)
    seconds = time.perf_counter() - start
    upload = BulkUpload.objects.defer("source", "result").get(pk=upload_id)
    print(
        json.dumps(
            {
                "status": status,
                "rows": upload.rows_done,
                "seconds": round(seconds, 2),
                "rss_mb_before": round(rss_before, 1),
                "rss_mb_peak": round(_rss_mb(), 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    _django()
    from django.db import connection

    from secaction.institutions.models import BulkUpload

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_registryentry")
        entries = cur.fetchone()[0]
    start = time.perf_counter()
    data = build_csv(args.rows, args.seed)
    built = time.perf_counter() - start
    start = time.perf_counter()
    upload_id = upload(data)
    accepted = time.perf_counter() - start
    print(
        f"registry entries: {entries:,}; CSV: {args.rows:,} rows, {len(data) / 2**20:.1f} MB (built in {built:.1f} s)"
    )
    print(f"upload accepted (file checked and stored) in {accepted:.2f} s")
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(upload_id)], capture_output=True, text=True, check=True
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    result = BulkUpload.objects.values_list("result", flat=True).get(pk=upload_id)
    counts: dict[str, int] = {}
    for line in bytes(result).decode("utf-8-sig").splitlines()[1:]:
        kind = line.split(",")[5]
        counts[kind] = counts.get(kind, 0) + 1
    print(f"worker: {figures['rows']:,} rows {figures['status']} in {figures['seconds']:.1f} s; "
          f"peak RSS {figures['rss_mb_peak']:.0f} MB (after Django set-up: {figures['rss_mb_before']:.0f} MB)")  # fmt: skip
    print(f"results: {counts}; result file {len(bytes(result)) / 2**20:.1f} MB")
    ok = figures["seconds"] < TARGET_SECONDS and figures["rss_mb_peak"] < TARGET_RSS_MB
    print(f"{'PASS' if ok else 'FAIL'} (targets: < {TARGET_SECONDS:.0f} s, < {TARGET_RSS_MB:.0f} MB)")


if __name__ == "__main__":
    main()
