"""Upgrading a real database keeps every row: a database built with the previous layout's migrations
and its demo (data/previous_layout.json.gz, see dump_database.py) is migrated to today's layout, on
SQLite and, where the suite runs on it, on PostgreSQL. Every table keeps its rows (the moved tables
under their new names), every model keeps its history rows, and the moved models' content types
follow them, so permissions and admin log entries still point at the same records."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

HERE = Path(__file__).resolve().parent
DUMP = HERE / "data" / "previous_layout.json.gz"
ROOT = HERE.parents[1]

# The tables that moved with their models, and where they went: the migration's own list.
MOVED = dict(importlib.import_module("workspace.migrations.0001_initial").TABLES)
MOVED_MODELS = {new.removeprefix("workspace_") for new in MOVED.values() if "historical" not in new and "_action_" not in new}


def previous() -> dict:
    with gzip.open(DUMP, "rt", encoding="utf-8") as f:
        return json.load(f)


def upgrade(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, str(HERE / "upgrade.py"), str(DUMP)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


# Models that are new since the previous layout get their content types and permissions.
GROWN_BY_NEW_MODELS = {"django_content_type", "auth_permission"}


def assert_nothing_lost(before: dict, after: dict) -> None:
    for table, data in before["tables"].items():
        if table in GROWN_BY_NEW_MODELS:
            assert after["tables"][table] >= len(data["rows"]), table
        else:
            assert after["tables"].get(MOVED.get(table, table)) == len(data["rows"]), table
    for table in MOVED:
        assert table not in after["tables"]  # renamed, not copied
    history_tables = {
        table: len(data["rows"]) for table, data in before["tables"].items() if "_historical" in table
    }
    expected_history = {}
    for table, rows in history_tables.items():
        app, model = MOVED.get(table, table).split("_historical")
        if "_" not in model:  # not a many-to-many field's history (counted with the tables above)
            expected_history[(app, model)] = rows
    seen = {(label.split(".")[0].lower(), label.split(".")[1].lower()): n for label, n in after["history"].items()}
    assert {key: seen.get(key) for key in expected_history} == expected_history
    content_types = {tuple(ct) for ct in after["content_types"]}
    for model in MOVED_MODELS:
        assert ("workspace", model) in content_types
        assert not any(ct[1] == model and ct[0] in {"establishments", "actors"} for ct in content_types)


@pytest.fixture(scope="module")
def before():
    dump = previous()
    # A real layout's data: the demo, with history, and the records that moved.
    assert sum(len(t["rows"]) for t in dump["tables"].values()) > 2000
    assert len(dump["tables"]["establishments_historicalaction"]["rows"]) > 0
    assert len(dump["tables"]["actors_contactroute"]["rows"]) > 0
    return dump


def test_an_upgraded_sqlite_database_keeps_every_row_and_every_history_row(before, tmp_path):
    after = upgrade(f"sqlite:///{tmp_path / 'upgraded.sqlite3'}")
    assert_nothing_lost(before, after)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the suite runs on SQLite here; CI upgrades a PostgreSQL database too",
)
def test_an_upgraded_postgresql_database_keeps_every_row_and_every_history_row(before):
    import psycopg2

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"samhandla_upgrade_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"], host=config["HOST"], port=config["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
        after = upgrade(f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT']}/{name}")
        assert_nothing_lost(before, after)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
