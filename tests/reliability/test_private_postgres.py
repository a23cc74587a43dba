"""The private PostgreSQL cluster the reliability tests restart (tests/reliability/postgres.py): it
starts in seconds, a restart cuts every session and a new one is answered within seconds, and it is
never the machine's shared cluster (the one DATABASE_URL names)."""

import os
import time
from urllib.parse import urlsplit

import pytest

from .harness import REQUIRED
from .postgres import PG_BIN, PrivatePostgres

pytestmark = pytest.mark.reliability


@pytest.fixture
def private_postgres(tmp_path):
    if not (PG_BIN / "initdb").exists():
        if REQUIRED:
            pytest.fail(f"RELIABILITY_REQUIRED is set, but there is no initdb in {PG_BIN}")
        pytest.skip(f"needs PostgreSQL's binaries in {PG_BIN}")
    pg = PrivatePostgres(tmp_path / "pg")
    try:
        yield pg
    finally:
        pg.close()


def test_a_private_cluster_restarts_without_touching_the_shared_one(private_postgres):
    import psycopg2

    pg = private_postgres
    started = time.monotonic()
    pg.start()
    took = time.monotonic() - started
    assert took < 20, f"starting took {took:.1f} s"

    shared = urlsplit(os.environ.get("DATABASE_URL", "")).port or 5432
    assert pg.port != shared, "the private cluster is on the shared cluster's port"
    assert pg.url("x") == f"postgres://postgres@127.0.0.1:{pg.port}/x"

    pg.create_database("faults")
    old = psycopg2.connect(pg.url("faults"))
    old.autocommit = True
    with old.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
        cursor.execute("INSERT INTO t VALUES (1)")
        cursor.execute("SHOW fsync")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_connections")
        assert cursor.fetchone() == ("200",)
        cursor.execute("SELECT inet_server_addr()::text")
        assert cursor.fetchone()[0].startswith("127.0.0.1")

    down = pg.restart()
    assert 0 < down < 30, f"down for {down:.1f} s"

    with pytest.raises((psycopg2.OperationalError, psycopg2.InterfaceError)), old.cursor() as cursor:
        cursor.execute("SELECT 1")
    old.close()
    new = psycopg2.connect(pg.url("faults"))
    try:
        with new.cursor() as cursor:
            cursor.execute("SELECT n FROM t")
            assert cursor.fetchall() == [(1,)]
    finally:
        new.close()

    pg.create_database("copy", template="faults")
    with psycopg2.connect(pg.url("copy")) as copy, copy.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone() == (1,)
    copy.close()
    print(f"\n[private postgres] port {pg.port}; started in {took:.2f} s; a restart was down {down:.2f} s")
