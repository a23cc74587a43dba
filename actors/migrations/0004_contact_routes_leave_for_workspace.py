from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0003_contact_routes'),
    ]

    # Contact routes (moment 4) now belong to the workspace app, which takes over their tables
    # (workspace 0001 renames them); here they only leave this app's state.
    # Models that point at others leave first.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalRouteStep'),
                migrations.DeleteModel(name='HistoricalContactRoute'),
                migrations.DeleteModel(name='RouteStep'),
                migrations.DeleteModel(name='ContactRoute'),
            ],
            database_operations=[],
        ),
    ]
