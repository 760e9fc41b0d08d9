"""Synthetic organisations and declarations for benchmarks (development tools only)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secaction.devtools.loadgen import load_data_generate


class Command(BaseCommand):
    help = "ベンチマーク用の架空の事業者と宣言を作成します(本番環境では使わないでください)。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--declarations", type=int, required=True, help="作成する宣言の数")
        parser.add_argument("--seed", type=int, default=1, help="乱数の種(同じ種なら同じデータ)")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["declarations"]
        if n < 1:
            raise CommandError("--declarations must be at least 1")
        started = time.monotonic()
        step = max(options["batch_size"], n // 20)

        def progress(done: int) -> None:
            if done % step < options["batch_size"] or done == n:
                self.stdout.write(f"{done}/{n} ({time.monotonic() - started:.0f} s)")

        made = load_data_generate(
            n, seed=options["seed"], batch_size=options["batch_size"], progress=progress
        )
        self.stdout.write(self.style.SUCCESS(f"{made} declarations in {time.monotonic() - started:.1f} s"))
