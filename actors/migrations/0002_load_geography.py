from django.db import migrations

from actors.reference import load_geography


def forwards(apps, schema_editor):
    load_geography(apps.get_model("actors", "Region"), apps.get_model("actors", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
