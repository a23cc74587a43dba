"""The guide's ten routines, word for word (seed 000, "En stor etablering blir till")."""

from django.db import migrations

ROUTINES = [
    (1, "Rollen ”regional samordning av etablering”",
     'The role of "regional coordination of establishments"'),
    (2, "Att guiden är känd och användbar för berörda aktörer",
     "That the guide is known and usable for the actors concerned"),
    (3, "Ansvarsfördelning och överenskommelser om ägarskap",
     "Division of responsibility and agreements on ownership"),
    (4, "Gemensamt system för dokumentation av var signalerna om etablering kommer in",
     "A shared system for recording where the signals about establishments come in"),
    (5, "Hänvisning – att kunna lämna över bollen om man inte kan svara ”den som ringer” "
        "(omdöme, mod, prestigelöshet, förtroende, tydliga kontaktvägar)",
     'Referral – being able to pass the ball on when you cannot answer "the one who calls" '
     "(judgement, courage, no prestige, trust, clear contact routes)"),
    (6, "Rätt person på rätt plats med rätt info (utifrån hur processen för hantering av "
        "etablering har beskrivits)",
     "The right person in the right place with the right information (based on how the process "
     "for handling an establishment has been described)"),
    (7, "Kunskap (även hos befintliga arbetsgivare) om kringeffekter av etableringen och hur de "
        "behöver hanteras",
     "Knowledge (also among existing employers) of the side effects of the establishment and how "
     "they need to be handled"),
    (8, "Tydliga mandat för vilken information som får/bör spridas och inte",
     "Clear mandates for which information may/should be shared and which not"),
    (9, "Processen hos etableraren och dess ekosystem av ex.vis underleverantörer (nyetablering alt. "
        "duplicering från annat land/ort kan avgöra stödbehov resp. eget ansvar)",
     "The process at the establisher and its ecosystem of e.g. suppliers (a new establishment or a "
     "duplication from another country/site can decide the need for support and own responsibility)"),
    (10, "Att fånga upp resultat och lärande av etableringsprocessen",
     "Capturing the results and lessons of the establishment process"),
]


def forwards(apps, schema_editor):
    Routine = apps.get_model("checklist", "Routine")
    for number, sv, en in ROUTINES:
        Routine.objects.update_or_create(
            number=number, version=1, defaults={"text_sv": sv, "text_en": en, "is_current": True}
        )


class Migration(migrations.Migration):
    dependencies = [("checklist", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
