
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0003_contact_routes'),
    ]

    # Contact routes (moment 4) now belong to the workspace app, which takes over their tables
    # (workspace 0001 renames them); here they only leave this app's state.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalroutestep',
                    name='route',
                ),
                migrations.RemoveField(
                    model_name='routestep',
                    name='route',
                ),
                migrations.RemoveField(
                    model_name='historicalcontactroute',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='historicalcontactroute',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalcontactroute',
                    name='first_contact',
                ),
                migrations.RemoveField(
                    model_name='historicalcontactroute',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalroutestep',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='historicalroutestep',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalroutestep',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalroutestep',
                    name='person',
                ),
                migrations.RemoveField(
                    model_name='routestep',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='routestep',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='routestep',
                    name='person',
                ),
                migrations.DeleteModel(
                    name='ContactRoute',
                ),
                migrations.DeleteModel(
                    name='HistoricalContactRoute',
                ),
                migrations.DeleteModel(
                    name='HistoricalRouteStep',
                ),
                migrations.DeleteModel(
                    name='RouteStep',
                ),
            ],
            database_operations=[],
        ),
    ]
