from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('establishments', '0005_establishmentcase_is_drill_and_more'),
    ]

    # Moment 1, the journal and the action plan now belong to the workspace app, which takes over
    # their tables (workspace 0001 renames them); here they only leave this app's state.
    # Models that point at others leave first.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalAction'),
                migrations.DeleteModel(name='HistoricalExpectation'),
                migrations.DeleteModel(name='HistoricalFollowUp'),
                migrations.DeleteModel(name='HistoricalJournalEntry'),
                migrations.DeleteModel(name='HistoricalMilestone'),
                migrations.DeleteModel(name='HistoricalResourceCommitment'),
                migrations.DeleteModel(name='FollowUp'),
                migrations.DeleteModel(name='Action'),
                migrations.DeleteModel(name='CalendarFeed'),
                migrations.DeleteModel(name='Expectation'),
                migrations.DeleteModel(name='JournalEntry'),
                migrations.DeleteModel(name='Milestone'),
                migrations.DeleteModel(name='ResourceCommitment'),
            ],
            database_operations=[],
        ),
    ]
