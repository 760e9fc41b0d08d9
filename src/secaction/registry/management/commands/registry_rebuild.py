"""Recreate the public registry's read model from the declarations."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from secaction.registry.services import registry_rebuild


class Command(BaseCommand):
    help = "公開名簿の検索用テーブル(RegistryEntry)を宣言データから作り直します。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=10000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = registry_rebuild(batch_size=options["batch_size"])
        self.stdout.write(f"{count} entries in {time.monotonic() - started:.1f} s")
