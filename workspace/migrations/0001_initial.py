import config.fields
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The records of moments 1, 3 (no table of its own), 4 and 5 and of the journal moved here from
# establishments and actors. Their rows stay where they are: the tables are renamed to this app's
# names, with their history tables and the action plan's links to gaps and needs, and the content
# types follow, so permissions and admin log entries keep pointing at the same records.
TABLES = [
    ("establishments_expectation", "workspace_expectation"),
    ("establishments_historicalexpectation", "workspace_historicalexpectation"),
    ("establishments_milestone", "workspace_milestone"),
    ("establishments_historicalmilestone", "workspace_historicalmilestone"),
    ("establishments_resourcecommitment", "workspace_resourcecommitment"),
    ("establishments_historicalresourcecommitment", "workspace_historicalresourcecommitment"),
    ("establishments_journalentry", "workspace_journalentry"),
    ("establishments_historicaljournalentry", "workspace_historicaljournalentry"),
    ("establishments_followup", "workspace_followup"),
    ("establishments_historicalfollowup", "workspace_historicalfollowup"),
    ("establishments_action", "workspace_action"),
    ("establishments_historicalaction", "workspace_historicalaction"),
    ("establishments_action_gaps", "workspace_action_gaps"),
    ("establishments_action_living_needs", "workspace_action_living_needs"),
    ("establishments_calendarfeed", "workspace_calendarfeed"),
    ("actors_contactroute", "workspace_contactroute"),
    ("actors_historicalcontactroute", "workspace_historicalcontactroute"),
    ("actors_routestep", "workspace_routestep"),
    ("actors_historicalroutestep", "workspace_historicalroutestep"),
]


def _rename(schema_editor, pairs):
    for old, new in pairs:
        schema_editor.alter_db_table(None, old, new)


def rename_tables(apps, schema_editor):
    _rename(schema_editor, TABLES)


def rename_tables_back(apps, schema_editor):
    _rename(schema_editor, [(new, old) for old, new in TABLES])


def _move_content_types(apps, forward: bool):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in TABLES:
        if "_action_" in old:
            continue  # a link table has no content type of its own
        old_app, model = old.split("_", 1)
        new_app = "workspace"
        source, target = (old_app, new_app) if forward else (new_app, old_app)
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _move_content_types(apps, forward=True)


def move_content_types_back(apps, schema_editor):
    _move_content_types(apps, forward=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('actors', '0004_contact_routes_leave_for_workspace'),
        ('competence', '0003_competence_mapping'),
        ('establishments', '0006_workspace_leaves_for_its_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalendarFeed',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(editable=False, max_length=64, unique=True, verbose_name='token')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feeds', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'calendar feed',
                        'verbose_name_plural': 'calendar feeds',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ContactRoute',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('topic', models.CharField(choices=[('kompetensforsorjning', 'Skills supply'), ('mark_tillstand', 'Land and permits'), ('el_vatten', 'Power and water'), ('bostader', 'Housing'), ('kommunikation', 'Communication and media'), ('skola', 'School and preschool'), ('transporter', 'Transport'), ('ovrigt', 'Other')], max_length=24, verbose_name='topic')),
                        ('answers', config.fields.BoundedTextField(max_length=2000, verbose_name='what this person can answer')),
                        ('last_verified', models.DateField(blank=True, null=True, verbose_name='last verified')),
                        ('note', config.fields.BoundedTextField(blank=True, help_text="Never shown to the company, whatever the route's sharing.", max_length=2000, verbose_name='internal note')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('first_contact', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actors.person', verbose_name='first contact')),
                    ],
                    options={
                        'verbose_name': 'contact route',
                        'verbose_name_plural': 'contact routes',
                        'ordering': ['topic', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Expectation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('forvantan', 'Expectation'), ('farhaga', 'Fear')], max_length=12, verbose_name='kind')),
                        ('text', config.fields.BoundedTextField(max_length=2000, verbose_name='text')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actors.organisation', verbose_name='whose')),
                    ],
                    options={
                        'verbose_name': 'expectation or fear',
                        'verbose_name_plural': 'expectations and fears',
                        'ordering': ['kind', 'created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAction',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('theme', models.CharField(choices=[('myndighetssamverkan', 'Cooperation between authorities'), ('mottagarkapacitet', 'Receiving capacity and preparedness'), ('flernivasamverkan', 'Multi-level cooperation'), ('larmsystem', 'Alarm system'), ('kompetensforsorjning', 'Skills supply'), ('mark', 'Land and property'), ('el_vatten', 'Power and water supply'), ('bostader', 'Housing construction'), ('transport', 'Transport infrastructure and public transport'), ('tillstand', 'Permits and planning'), ('kommunikation', 'Communication')], max_length=32, verbose_name='theme')),
                        ('title', models.CharField(max_length=200, verbose_name='action')),
                        ('current_state', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='today (nuläge)')),
                        ('target_state', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='target (börläge)')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('status', models.CharField(choices=[('planerad', 'Planned'), ('pagar', 'In progress'), ('klar', 'Done'), ('forsenad', 'Delayed'), ('stoppad', 'Stopped')], default='planerad', max_length=16, verbose_name='status')),
                        ('commitment', models.CharField(choices=[('ej_foreslagen', 'Not proposed'), ('foreslagen', 'Proposed'), ('accepterad', 'Accepted'), ('avbojd', 'Declined')], default='ej_foreslagen', max_length=16, verbose_name='commitment')),
                        ('proposed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='proposed')),
                        ('responded_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answered')),
                        ('decline_reason', config.fields.BoundedTextField(blank=True, editable=False, max_length=2000, verbose_name='reason for declining')),
                        ('reminder_sent_for_due_date', models.DateField(blank=True, editable=False, null=True, verbose_name='reminder sent for due date')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner_organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.organisation', verbose_name='owning organisation')),
                        ('owner_person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.person', verbose_name='owning person')),
                        ('proposed_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                        ('responded_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                    ],
                    options={
                        'verbose_name': 'historical action',
                        'verbose_name_plural': 'historical actions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalContactRoute',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('topic', models.CharField(choices=[('kompetensforsorjning', 'Skills supply'), ('mark_tillstand', 'Land and permits'), ('el_vatten', 'Power and water'), ('bostader', 'Housing'), ('kommunikation', 'Communication and media'), ('skola', 'School and preschool'), ('transporter', 'Transport'), ('ovrigt', 'Other')], max_length=24, verbose_name='topic')),
                        ('answers', config.fields.BoundedTextField(max_length=2000, verbose_name='what this person can answer')),
                        ('last_verified', models.DateField(blank=True, null=True, verbose_name='last verified')),
                        ('note', config.fields.BoundedTextField(blank=True, help_text="Never shown to the company, whatever the route's sharing.", max_length=2000, verbose_name='internal note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('first_contact', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.person', verbose_name='first contact')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical contact route',
                        'verbose_name_plural': 'historical contact routes',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalExpectation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('forvantan', 'Expectation'), ('farhaga', 'Fear')], max_length=12, verbose_name='kind')),
                        ('text', config.fields.BoundedTextField(max_length=2000, verbose_name='text')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.organisation', verbose_name='whose')),
                    ],
                    options={
                        'verbose_name': 'historical expectation or fear',
                        'verbose_name_plural': 'historical expectations and fears',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalJournalEntry',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('mote', 'Meeting'), ('beslut', 'Decision')], default='mote', max_length=8, verbose_name='kind')),
                        ('date', models.DateField(verbose_name='date')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('participants', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='participants')),
                        ('notes', config.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='notes')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical journal entry',
                        'verbose_name_plural': 'historical journal entries',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalMilestone',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('beslut', 'Decision'), ('byggstart', 'Construction start'), ('produktion', 'First production'), ('rekrytering', 'Recruitment target'), ('ovrigt', 'Other')], default='ovrigt', max_length=12, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('date', models.DateField(verbose_name='date')),
                        ('note', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical milestone',
                        'verbose_name_plural': 'historical milestones',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalResourceCommitment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('description', models.CharField(max_length=300, verbose_name='what')),
                        ('people', models.DecimalField(blank=True, decimal_places=1, max_digits=6, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='people (full-time)')),
                        ('amount_sek', models.PositiveBigIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(1000000000000)], verbose_name='money (SEK)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.organisation', verbose_name='committed by')),
                    ],
                    options={
                        'verbose_name': 'historical committed resource',
                        'verbose_name_plural': 'historical committed resources',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalRouteStep',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('order', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='order')),
                        ('handles', models.CharField(max_length=300, verbose_name='what they handle')),
                        ('is_fallback', models.BooleanField(default=False, help_text='Takes over when the people before cannot be reached.', verbose_name='fallback')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.person', verbose_name='person')),
                        ('route', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workspace.contactroute', verbose_name='contact route')),
                    ],
                    options={
                        'verbose_name': 'historical referral step',
                        'verbose_name_plural': 'historical referral steps',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='JournalEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('mote', 'Meeting'), ('beslut', 'Decision')], default='mote', max_length=8, verbose_name='kind')),
                        ('date', models.DateField(verbose_name='date')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('participants', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='participants')),
                        ('notes', config.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='notes')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'journal entry',
                        'verbose_name_plural': 'journal entries',
                        'ordering': ['-date', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalFollowUp',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('text', models.CharField(max_length=300, verbose_name='follow-up')),
                        ('due', models.DateField(blank=True, null=True, verbose_name='due')),
                        ('done', models.BooleanField(default=False, verbose_name='done')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.organisation', verbose_name='owner')),
                        ('owner_person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.person', verbose_name='person')),
                        ('entry', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workspace.journalentry', verbose_name='journal entry')),
                    ],
                    options={
                        'verbose_name': 'historical follow-up',
                        'verbose_name_plural': 'historical follow-ups',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='FollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('text', models.CharField(max_length=300, verbose_name='follow-up')),
                        ('due', models.DateField(blank=True, null=True, verbose_name='due')),
                        ('done', models.BooleanField(default=False, verbose_name='done')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actors.organisation', verbose_name='owner')),
                        ('owner_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actors.person', verbose_name='person')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='workspace.journalentry', verbose_name='journal entry')),
                    ],
                    options={
                        'verbose_name': 'follow-up',
                        'verbose_name_plural': 'follow-ups',
                        'ordering': ['done', 'due', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Milestone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('beslut', 'Decision'), ('byggstart', 'Construction start'), ('produktion', 'First production'), ('rekrytering', 'Recruitment target'), ('ovrigt', 'Other')], default='ovrigt', max_length=12, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('date', models.DateField(verbose_name='date')),
                        ('note', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='note')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'milestone',
                        'verbose_name_plural': 'milestones',
                        'ordering': ['date', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ResourceCommitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('description', models.CharField(max_length=300, verbose_name='what')),
                        ('people', models.DecimalField(blank=True, decimal_places=1, max_digits=6, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='people (full-time)')),
                        ('amount_sek', models.PositiveBigIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(1000000000000)], verbose_name='money (SEK)')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actors.organisation', verbose_name='committed by')),
                    ],
                    options={
                        'verbose_name': 'committed resource',
                        'verbose_name_plural': 'committed resources',
                        'ordering': ['organisation__name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RouteStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('order', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='order')),
                        ('handles', models.CharField(max_length=300, verbose_name='what they handle')),
                        ('is_fallback', models.BooleanField(default=False, help_text='Takes over when the people before cannot be reached.', verbose_name='fallback')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actors.person', verbose_name='person')),
                        ('route', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='workspace.contactroute', verbose_name='contact route')),
                    ],
                    options={
                        'verbose_name': 'referral step',
                        'verbose_name_plural': 'referral steps',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Action',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sharing', models.CharField(choices=[('intern', "Internal: the case's coordinators and officials"), ('medlemmar', 'Case members'), ('etableraren', 'Also the establishing company')], default='medlemmar', max_length=16, verbose_name='may be shared with')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('theme', models.CharField(choices=[('myndighetssamverkan', 'Cooperation between authorities'), ('mottagarkapacitet', 'Receiving capacity and preparedness'), ('flernivasamverkan', 'Multi-level cooperation'), ('larmsystem', 'Alarm system'), ('kompetensforsorjning', 'Skills supply'), ('mark', 'Land and property'), ('el_vatten', 'Power and water supply'), ('bostader', 'Housing construction'), ('transport', 'Transport infrastructure and public transport'), ('tillstand', 'Permits and planning'), ('kommunikation', 'Communication')], max_length=32, verbose_name='theme')),
                        ('title', models.CharField(max_length=200, verbose_name='action')),
                        ('current_state', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='today (nuläge)')),
                        ('target_state', config.fields.BoundedTextField(blank=True, max_length=2000, verbose_name='target (börläge)')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('status', models.CharField(choices=[('planerad', 'Planned'), ('pagar', 'In progress'), ('klar', 'Done'), ('forsenad', 'Delayed'), ('stoppad', 'Stopped')], default='planerad', max_length=16, verbose_name='status')),
                        ('commitment', models.CharField(choices=[('ej_foreslagen', 'Not proposed'), ('foreslagen', 'Proposed'), ('accepterad', 'Accepted'), ('avbojd', 'Declined')], default='ej_foreslagen', max_length=16, verbose_name='commitment')),
                        ('proposed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='proposed')),
                        ('responded_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answered')),
                        ('decline_reason', config.fields.BoundedTextField(blank=True, editable=False, max_length=2000, verbose_name='reason for declining')),
                        ('reminder_sent_for_due_date', models.DateField(blank=True, editable=False, null=True, verbose_name='reminder sent for due date')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='establishments.establishmentcase', verbose_name='case')),
                        ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('gaps', models.ManyToManyField(blank=True, related_name='actions', to='competence.competencegap', verbose_name='competence gaps')),
                        ('living_needs', models.ManyToManyField(blank=True, related_name='actions', to='competence.livingneed', verbose_name='living-environment needs')),
                        ('owner_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_owned', to='actors.organisation', verbose_name='owning organisation')),
                        ('owner_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(app_label)s_%(class)s_owned', to='actors.person', verbose_name='owning person')),
                        ('proposed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                        ('responded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                    ],
                    options={
                        'verbose_name': 'action',
                        'verbose_name_plural': 'actions',
                        'ordering': ['theme', 'due_date', 'pk'],
                        'indexes': [models.Index(fields=['case', 'theme'], name='establishme_case_id_64448a_idx'), models.Index(fields=['due_date'], name='establishme_due_dat_bb9c87_idx')],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(rename_tables, rename_tables_back)],
        ),
        migrations.RenameIndex(
            model_name='action', new_name='workspace_a_case_id_927801_idx', old_name='establishme_case_id_64448a_idx'
        ),
        migrations.RenameIndex(
            model_name='action', new_name='workspace_a_due_dat_3e5b24_idx', old_name='establishme_due_dat_bb9c87_idx'
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
