"""The public record says whether an organisation's 法人番号 and name came from GビズID."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_organizations(apps, schema_editor):
    # Entries are derived data: fill the new column the way registry_rebuild would.
    entry = apps.get_model("registry", "RegistryEntry")
    organization = apps.get_model("organizations", "Organization")
    verified = organization.objects.filter(pk=OuterRef("organization_id"), identity_verified_at__isnull=False)
    verified_ids = organization.objects.filter(identity_verified_at__isnull=False).values("pk")
    entry.objects.filter(organization_id__in=verified_ids).update(
        identity_verified_at=Subquery(verified.values("identity_verified_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_search_indexes"),
        ("organizations", "0002_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="registryentry",
            name="identity_verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="GビズIDで確認した日時"),
        ),
        migrations.RunPython(copy_from_organizations, migrations.RunPython.noop, elidable=True),
    ]
