"""``manage.py retention_apply [--dry-run]``: apply the retention periods (docs/privacy-and-retention.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from secaction.privacy.retention import RULES, retention_apply
from secaction.privacy.services import deletions_due_apply


class Command(BaseCommand):
    help = "Apply the retention periods; with --dry-run, only say what is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what is due, change nothing")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if not dry_run:
            self.stdout.write(f"deletions_due: anonymised {deletions_due_apply()}")
        run = retention_apply(dry_run=dry_run)
        for rule in RULES:
            result = run.results[rule.name]
            period = getattr(settings, rule.setting)
            verb = "would apply to" if dry_run else "applied to"
            if rule.apply is None:
                verb = "reported"
            done = result["due"] if dry_run or rule.apply is None else result["done"]
            self.stdout.write(f"{rule.name} ({rule.setting}={period} days): {verb} {done} — {rule.does}")
