"""Signals get a subject (what, how big, where) apart from the sender, and the caller's contact
details a field of their own: the free-text sender had become the signal's title, e-mail subject
and case name, personal data included. Existing signals get a subject built from what they say."""

from django.db import migrations, models


def _number(value) -> str:
    return f"{int(value):,}".replace(",", "\u00a0")


def subject_of(signal, municipality_name: str) -> str:
    what = (signal.sector or "").strip() or "Etablering"
    parts = [what[:1].upper() + what[1:]]
    if signal.jobs:
        parts.append(f"cirka {_number(signal.jobs)} jobb")
    parts.append(municipality_name)
    return ", ".join(parts)[:120]


def fill_subjects(apps, schema_editor):
    Signal = apps.get_model("establishments", "Signal")
    HistoricalSignal = apps.get_model("establishments", "HistoricalSignal")
    Municipality = apps.get_model("actors", "Municipality")
    names = dict(Municipality.objects.values_list("pk", "name"))
    changed = []
    for signal in Signal.objects.only("pk", "sector", "jobs", "municipality_id").iterator():
        signal.subject = subject_of(signal, names.get(signal.municipality_id, ""))
        changed.append(signal)
    Signal.objects.bulk_update(changed, ["subject"], batch_size=500)
    by_pk = {s.pk: s.subject for s in changed}
    history = []
    for row in HistoricalSignal.objects.only("history_id", "id", "subject").iterator():
        if row.id in by_pk:
            row.subject = by_pk[row.id]
            history.append(row)
    HistoricalSignal.objects.bulk_update(history, ["subject"], batch_size=500)


def subject_field(**extra):
    return models.CharField(
        help_text=(
            "A short line: what, how big, where. For example: Battery factory, about 1 500 jobs, "
            "Skellefteå. No names or phone numbers: they go under contact person."
        ),
        max_length=120,
        verbose_name="subject",
        **extra,
    )


def caller_field():
    return models.CharField(
        blank=True,
        help_text=(
            "Name, phone or e-mail of the person who called or wrote. Personal data: shown only to "
            "those who triage the signal."
        ),
        max_length=200,
        verbose_name="contact person",
    )


def source_text_field():
    return models.CharField(
        blank=True,
        help_text="The company or intermediary when it is not in the registry. Not the caller's name.",
        max_length=200,
        verbose_name="from whom (free text)",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("establishments", "0007_access_changes_and_signal_views"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model, name="subject", field=subject_field(default=""), preserve_default=False
            )
            for model in ("signal", "historicalsignal")
        ),
        *(
            migrations.AddField(model_name=model, name="caller", field=caller_field())
            for model in ("signal", "historicalsignal")
        ),
        *(
            migrations.AlterField(model_name=model, name="source_text", field=source_text_field())
            for model in ("signal", "historicalsignal")
        ),
        migrations.RunPython(fill_subjects, migrations.RunPython.noop),
    ]
