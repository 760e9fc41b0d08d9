"""Record the writing transaction on each registry change (PostgreSQL), so the change feed can order by
(txid, id) and never serve a change after a lower-id one that commits later (docs/api.md, "変更フィード").

The column is added without a default, the rows already there get 0 (they are all committed, so they
sort before everything written later), and only then does the column get its default (the writing
transaction's id, filled by the database): adding it with the default at once would stamp every old row
with this migration's transaction. The backfill only touches NULLs, so it is safe to run again and
covers rows another migration recorded before this one. SQLite keeps NULL (the feed pages by id there).
"""

from django.db import migrations, models

import secaction.registry.models


def backfill_committed(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    change = apps.get_model("registry", "RegistryChange")
    change.objects.filter(txid__isnull=True).update(txid=0)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_backfill_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrychange",
            name="txid",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(backfill_committed, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registrychange",
            name="txid",
            field=models.BigIntegerField(
                db_default=secaction.registry.models.CurrentTransactionId(), editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="registrychange",
            index=models.Index(fields=["txid", "id"], name="registry_change_feed"),
        ),
    ]
