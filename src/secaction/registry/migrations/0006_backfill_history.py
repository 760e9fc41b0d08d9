"""Record the public changes of the declarations made before the change log existed, and their histories.

Idempotent (declarations that already have changes are left alone) and set-based (ranges of 50,000
declarations, a few statements each): see ``registry/backfill.py``. Nothing to undo: reversing keeps
the rows (the change log is append-only).
"""

from django.db import migrations

from secaction.registry.backfill import registry_changes_backfill, registry_histories_refresh


def backfill(apps, schema_editor):
    registry_changes_backfill(schema_editor.connection)
    registry_histories_refresh(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_entry_history"),
        ("declarations", "0006_review_finding"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
