"""The read model's copy of a declaration's continuation fields: last confirmation and suspension.

Nullable columns (added without rewriting the table), then filled from the declarations in one
set-based UPDATE (only ``last_confirmed_at``: nothing is suspended before this release).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_last_confirmed(apps, schema_editor):
    entry = apps.get_model("registry", "RegistryEntry")
    declaration = apps.get_model("declarations", "Declaration")
    confirmed = declaration.objects.filter(pk=OuterRef("declaration_id")).values("last_confirmed_at")[:1]
    entry.objects.update(last_confirmed_at=Subquery(confirmed))


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0007_change_txid"),
        ("declarations", "0007_continuation_and_suspension"),
    ]

    operations = [
        migrations.AddField(
            model_name="registryentry",
            name="last_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="最終確認日時"),
        ),
        migrations.AddField(
            model_name="registryentry",
            name="suspended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="一時停止日時"),
        ),
        migrations.RunPython(copy_last_confirmed, migrations.RunPython.noop, elidable=True),
    ]
