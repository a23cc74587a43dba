"""Upgrade a database of the previous layout with today's migrations, and count what is in it.

Run by tests/migrations/test_upgrade.py in a process of its own, against an empty database named by
DATABASE_URL: it migrates to the previous layout's last migrations, loads the dump (every row of
every table, as data/previous_layout.json.gz holds them), migrates to today's layout, and prints as
JSON the row count of every table and the history-row count of every model with a history.
"""

from __future__ import annotations

import gzip
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "upgrade-test-only-secret-key-not-for-production-use-0123")
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.backends.utils import truncate_name  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402


def stored_name(table: str) -> str:
    """The name a table has in this database (PostgreSQL shortens long names as Django does)."""
    return truncate_name(table, connection.ops.max_name_length())


def migrate_to(leaves: dict[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([(app, name) for app, name in leaves.items()])


def _boolean_columns(table: str) -> set[str]:
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND data_type = 'boolean'",
            [table],
        )
        return {name for (name,) in cursor.fetchall()}


def load(tables: dict) -> None:
    """Every row of the dump, in place of what the data migrations wrote (ids kept)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.constraint_checks_disabled(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(stored_name(table))}")
        for name, data in tables.items():
            if not data["rows"]:
                continue
            table = stored_name(name)
            booleans = _boolean_columns(table)
            columns = data["columns"]
            rows = [
                [bool(v) if c in booleans and v is not None else v for c, v in zip(columns, row, strict=True)]
                for row in data["rows"]
            ]
            names = ", ".join(quote(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        if connection.vendor == "postgresql":
            for name, data in tables.items():
                if "id" in data["columns"]:
                    table = quote(stored_name(name))
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1)) FROM {table}",
                        [table],
                    )


def counts(names) -> dict:
    """Row counts by table, under the dump's names where this database shortened them."""
    full = {stored_name(name): name for name in names}
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            tables[full.get(table, table)] = cursor.fetchone()[0]
    history = {
        model._meta.label: model.history.count()
        for model in apps.get_models()
        if hasattr(model, "history") and not model._meta.label.split(".")[1].startswith("Historical")
    }
    content_types = sorted(
        apps.get_model("contenttypes", "ContentType").objects.values_list("app_label", "model")
    )
    return {"tables": tables, "history": history, "content_types": content_types}


if __name__ == "__main__":
    with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
        dump = json.load(f)
    migrate_to(dump["leaves"])
    load(dump["tables"])
    call_command("migrate", verbosity=0)
    print(json.dumps(counts(dump["tables"])))
