"""Time of ``GET /api/v1/changes`` pages of 10,000 changes against a large PostgreSQL registry.

Runs in-process through Django's test client (the whole middleware stack, key authentication, the rate limiter
and the renderer; no network), inside a transaction that is rolled back at the end: the API key it issues
to itself leaves no trace, so it can run against any load-data database, read-only in effect.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench DEBUG=1 \\
        PYTHONPATH=src python bench/change_feed.py --pages 20 --limit 10000

It walks ``--pages`` consecutive pages from the beginning (cursor after cursor, as a mirroring client does),
then reads ``--pages`` pages at random positions, and prints per-request times (target: under 1 s), the answer
size and the plan of the page's one query.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--limit", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client

    from secaction.accounts.models import User
    from secaction.api.changes import feed_cursor_make
    from secaction.institutions.services import api_key_issue
    from secaction.registry.models import RegistryChange
    from secaction.registry.selectors.changes import _PAGE_SQL_POSTGRESQL

    settings.API_RATE_LIMITS = {"address": "100000000/m", "key": "100000000/m"}
    settings.ALLOWED_HOSTS = ["*"]
    last = RegistryChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    print(f"database {connection.settings_dict['NAME']} ({connection.vendor}); {last:,} changes recorded")

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            office = User.objects.create_user(email="bench-office@example.invalid", is_staff=True)
            _row, key = api_key_issue(institution="bench", contact="bench", actor=office)
            client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

            cpu: list[float] = []

            def timed(params: dict[str, object]) -> tuple[float, dict, int]:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get("/api/v1/changes", params)
                elapsed = time.perf_counter() - start
                cpu.append(time.process_time() - start_cpu)
                assert response.status_code == 200, response.content[:300]
                return elapsed, response.json(), len(response.content)

            client.get("/api/v1/changes", {"limit": 1})  # warm the code paths, not the data
            walk, sizes, since = [], [], None
            for _ in range(args.pages):
                elapsed, body, size = timed({"limit": args.limit, **({"since": since} if since else {})})
                walk.append(elapsed)
                sizes.append(size)
                assert len(body["changes"]) == args.limit or not body["has_more"]
                since = body["next"]
                if not body["has_more"]:
                    break
            rng = random.Random(args.seed)
            scattered = []
            for _ in range(args.pages):
                # Changes recorded before registry migration 0005 have transaction 0; later ones their own.
                change_id = rng.randrange(0, max(1, last - args.limit))
                txid = (
                    RegistryChange.objects.filter(pk__lte=change_id)
                    .order_by("-pk")
                    .values_list("txid", flat=True)
                )
                position = (txid.first() or 0, change_id)
                elapsed, body, size = timed({"limit": args.limit, "since": feed_cursor_make(position)})
                scattered.append(elapsed)
            with connection.cursor() as cursor:
                middle, n = (0, last // 2), args.limit + 1
                cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS) " + _PAGE_SQL_POSTGRESQL, [*middle, n, *middle, n, n]
                )
                plan = [row[0] for row in cursor.fetchall()]
            raise Rollback
    except Rollback:
        pass

    def report(name: str, times: list[float]) -> None:
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(
            f"{name}: {len(times)} requests of {args.limit:,} changes — "
            f"min {ordered[0] * 1000:.0f} ms, median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"
        )

    report("walk from the beginning", walk)
    report("random positions", scattered)
    print(f"answer size: median {statistics.median(sizes) / 1e6:.2f} MB")
    print(
        f"CPU time of this process per request (Python: fetch, shape, render): median "
        f"{statistics.median(cpu) * 1000:.0f} ms, max {max(cpu) * 1000:.0f} ms"
    )
    print("plan of one page:")
    for line in plan:
        print("   ", line)
    slowest = max(walk + scattered)
    print(
        "target < 1 s per request:",
        "met" if slowest < 1.0 else "NOT met",
        "(load average before/after: see uptime)",
    )
    return 0 if slowest < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
