from django.db import migrations


class Migration(migrations.Migration):
    """ApiKey moved to the institutions app; its table (api_apikey) stays where it is."""

    dependencies = [
        ("api", "0001_initial"),
        ("institutions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ApiKey")]),
    ]
