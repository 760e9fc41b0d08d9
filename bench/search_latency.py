"""Latency of the registry's partial-name search, measured on the database in DATABASE_URL.

Times ``registry_search`` (the selector behind /registry/, which runs the
page query and the capped count) for a set of realistic queries, each several
times, and prints the median and worst time per query plus the query plan of
one of them. Optionally also times the full HTML page over HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench python bench/search_latency.py \
        [--url http://127.0.0.1:8003]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from secaction.registry.models import RegistryEntry  # noqa: E402
from secaction.registry.normalize import search_normalize  # noqa: E402
from secaction.registry.selectors import RegistryQuery, registry_search  # noqa: E402

QUERIES = [
    ("山田", {}),
    ("やまだ", {}),
    ("ヤマダ商事", {}),
    ("長谷川精密", {}),
    ("商事", {}),
    ("テクノ", {}),
    ("ショウジ", {}),
    ("会計事務所", {}),
    ("富士", {"prefecture": "13"}),
    ("デジタル", {"level": "two_star"}),
    ("存在しない名前", {}),
    ("ラ", {}),  # one character: worst case for trigrams
    ("", {"prefecture": "13"}),
    ("", {"industry": "G", "level": "two_star"}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--url", default="", help="also time GET /registry/?name=… on this server")
    args = parser.parse_args()
    print(f"database: {connection.vendor}, entries: {RegistryEntry.objects.count():,}")
    worst_overall = 0.0
    for name, extra in QUERIES:
        q = RegistryQuery(name=name, **extra)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            page = registry_search(q, page=1, per_page=20)
            times.append(1000 * (time.perf_counter() - t0))
        times = times[1:]  # the first run warms the cache
        worst_overall = max(worst_overall, max(times))
        total = f"{page.total}{'+' if page.total_capped else ''}"
        print(
            f"{name or '-':12s} {extra!s:32s} matches {total:>6s}  "
            f"median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms"
        )
    print(f"worst single search: {worst_overall:.1f} ms")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM registry_registryentry WHERE status = 'active' "
                "AND search_text LIKE %s ORDER BY name_kana, declaration_code LIMIT 21",
                [f"%{search_normalize('ヤマダ商事')}%"],
            )
            print("\n".join(r[0] for r in cur.fetchall()))
    if args.url:
        parts = urlsplit(args.url)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
        for name, _extra in QUERIES[:8]:
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                conn.request("GET", f"/registry/?name={quote(name)}")
                resp = conn.getresponse()
                resp.read()
                times.append(1000 * (time.perf_counter() - t0))
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            print(
                f"HTTP /registry/?name={name:10s} status {resp.status} median {statistics.median(times[1:]):6.1f} ms"
            )


if __name__ == "__main__":
    main()
