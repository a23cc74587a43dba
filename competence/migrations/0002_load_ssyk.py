from django.db import migrations

from competence.reference import load_ssyk


def forwards(apps, schema_editor):
    load_ssyk(apps.get_model("competence", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("competence", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
