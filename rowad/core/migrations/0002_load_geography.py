from django.db import migrations


def load(apps, schema_editor):
    from rowad.core.geography import sync_geography

    sync_geography(
        apps.get_model("core", "Country"),
        apps.get_model("core", "Region"),
        apps.get_model("core", "Province"),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
