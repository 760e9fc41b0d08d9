"""Name the django.contrib.sites row after the portal: allauth's mails say "Hello from <site name>"."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def site_name(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=getattr(settings, "SITE_ID", 1), defaults={"domain": domain, "name": "SECURITY ACTION Portal"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(site_name, migrations.RunPython.noop)]
