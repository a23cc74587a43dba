"""The registry's search and list indexes.

The lists are ordered by name: a page is read from a (name, id) index. The search (``q``: a part of a
name, an organisation number, a title, an e-mail address) is a case-insensitive "contains", which
Django writes on PostgreSQL as ``UPPER(column::text) LIKE UPPER(%s)``; a trigram index (pg_trgm's
``gin_trgm_ops``) on that same expression answers it without reading the table. SQLite has no such
index and gets none: it scans, as before.
"""

from django.db import migrations, models

# (table, column): the columns the registry's search looks in (actors.selectors).
TRIGRAM_COLUMNS = [
    ("actors_organisation", "name"),
    ("actors_organisation", "org_number"),
    ("actors_organisation", "notes"),
    ("actors_person", "name"),
    ("actors_person", "title"),
    ("actors_person", "email"),
]


def _index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_index_name(table, column)}" '
            f'ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TRIGRAM_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0004_contact_routes_leave_for_workspace"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], name="organisation_name_id"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "id"], name="person_name_id"),
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
