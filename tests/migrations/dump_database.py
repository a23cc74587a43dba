"""Write a SQLite database as the portable dump the upgrade test loads (tests/migrations/upgrade.py).

The dump in data/ was made from the layout before the workspace app existed (commit 61c0f7c):

    git worktree add /tmp/previous 61c0f7c && cd /tmp/previous
    DEBUG=1 DATABASE_URL=sqlite:////tmp/previous.sqlite3 python manage.py migrate
    DEBUG=1 DATABASE_URL=sqlite:////tmp/previous.sqlite3 python manage.py seed_demo
    python tests/migrations/dump_database.py /tmp/previous.sqlite3 tests/migrations/data/previous_layout.json.gz

It holds every table's rows and the last migration applied per app; only the standard library is
needed, so it reads a database of any layout.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys


def dump(database: str) -> dict:
    connection = sqlite3.connect(database)
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    data = {}
    for table in tables:
        cursor = connection.execute(f'SELECT * FROM "{table}"')
        data[table] = {"columns": [c[0] for c in cursor.description], "rows": cursor.fetchall()}
    leaves = {}
    for app, name in connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        leaves[app] = name  # migration names sort in their order within an app
    return {"leaves": leaves, "tables": {t: data[t] for t in tables if t != "django_migrations"}}


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    with gzip.open(target, "wt", encoding="utf-8") as out:
        json.dump(dump(source), out, separators=(",", ":"))
