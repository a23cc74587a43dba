"""Trigram indexes for the search of cases and signals.

The search (``q`` in ``selectors.case_list`` and ``signal_list``: a part of a name, code name, subject,
sender, summary or sector) is a case-insensitive "contains", which Django writes on PostgreSQL as
``UPPER(column::text) LIKE UPPER(%s)``. A trigram index (pg_trgm's ``gin_trgm_ops``) on that same
expression answers it without reading the table, and gives the planner statistics on the expression,
so that a word found everywhere is read from the list's own order instead. SQLite has no such index
and gets none: it scans, as before.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# (table, column): the columns the search looks in.
TRIGRAM_COLUMNS = [
    ("establishments_establishmentcase", "name"),
    ("establishments_establishmentcase", "code_name"),
    ("establishments_establishmentcase", "sector"),
    ("establishments_signal", "subject"),
    ("establishments_signal", "source_text"),
    ("establishments_signal", "summary"),
    ("establishments_signal", "sector"),
]


def _index_name(table: str, column: str) -> str:
    return f"{table.removeprefix('establishments_')}_{column}_trgm"


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
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
        ("establishments", "0009_list_order_indexes"),
    ]

    operations = [
        TrigramExtension(),  # acts on PostgreSQL only
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
