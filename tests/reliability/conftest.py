"""Fixtures for the reliability tests: the test database shared with real Celery worker processes,
a private redis-server as their broker (and the test process's), and receivers for what they send.

The tests are transactional, so a worker sees what the test committed. A transactional test ends
with a flush of every table, which also empties the reference data the data migrations loaded;
``reference_data`` puts back what these tests need (regions, municipalities, role groups).
"""

from __future__ import annotations

import os
import secrets
import time

import pytest
from django.db import connection

from config.celery import app as celery_app

from .harness import REASON, ROOT, RedisServer, Sink, WebServer, Worker, database_url, wait_until


@pytest.fixture
def reference_data(transactional_db):
    from django.contrib.auth.models import Group

    from accounts.models import RoleName
    from actors.models import Municipality, Region
    from actors.reference import read_csv

    if not Region.objects.exists():
        regions = {
            r.code: r
            for r in Region.objects.bulk_create(
                Region(code=row["code"], name=row["name"]) for row in read_csv("regions.csv")
            )
        }
        Municipality.objects.bulk_create(
            Municipality(code=row["code"], name=row["name"], region=regions[row["region_code"]])
            for row in read_csv("municipalities.csv")
        )
    for role in RoleName:
        Group.objects.get_or_create(name=role.value)


def use_broker(url: str, eager: bool) -> None:
    """Point this process's Celery app at ``url``: new connection and producer pools, since the
    cached ones hold connections to the old broker."""
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = eager
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Pipeline:
    """The test's broker, receivers and workers. Workers get the test database, the private Redis,
    the file mail backend, the local sink exempt from the egress guard (``config.egress``) and
    short outbox bounds, so a lost or abandoned message is picked up in seconds rather than after
    Redis's one-hour visibility timeout."""

    def __init__(self, directory, redis: RedisServer, sink: Sink):
        self.directory = directory
        self.redis = redis
        self.sink = sink
        self.maildir = directory / "mail"
        self.maildir.mkdir()
        self.workers: list[Worker] = []
        self.webs: list[WebServer] = []
        # What a monitor presents to /health/ for its details (config/pages.py).
        self.health_token = secrets.token_urlsafe(32)
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update(
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="0",
            SECRET_KEY="reliability-tests-only-not-a-production-secret-key-0123",
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=redis.url,
            EMAIL_BACKEND="tests.reliability.mailbox.EmailBackend",
            RELIABILITY_MAIL_DIR=str(self.maildir),
            SMS_GATEWAY_URL=f"{sink.url}/sms",
            # The sink is http://127.0.0.1: exempt from the egress guard, as only tests may do.
            EGRESS_ALLOW_HTTP="1",
            EGRESS_ALLOW_INTERNAL_HOSTS="127.0.0.1",
            ALARM_REQUEUE_AFTER_SECONDS="2",
            ALARM_SENDING_LEASE_SECONDS="5",
            ALARM_SWEEP_SECONDS="1",
            ALARM_RETRY_BASE_SECONDS="1",
            PIPELINE_HEARTBEAT_SECONDS="5",
            LOG_LEVEL="INFO",
            HEALTH_TOKEN=self.health_token,
            # The web process is asked as the TLS proxy asks it in production (docker-compose.yml).
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
            SECURE_SSL_REDIRECT="1",
        )
        self.env = env

    def start_worker(self, *, beat: bool = True, concurrency: int = 2, ready: bool = True, **env) -> Worker:
        worker = Worker(
            f"w{len(self.workers) + 1}",
            {**self.env, **{k: str(v) for k, v in env.items()}},
            self.directory,
            concurrency=concurrency,
            beat=beat,
        )
        self.workers.append(worker)
        if ready:
            worker.wait_ready()
        return worker

    def start_web(self, **env) -> WebServer:
        """The web app under gunicorn, with the workers' environment (and ``env``)."""
        web = WebServer(
            f"web{len(self.webs) + 1}", {**self.env, **{k: str(v) for k, v in env.items()}}, self.directory
        )
        self.webs.append(web)
        web.wait_ready()
        return web

    def close(self) -> None:
        for process in [*self.workers, *self.webs]:
            process.kill()
        # A killed worker's database sessions end when PostgreSQL notices; the flush after the test
        # (and dropping the test database at the end) must not wait for them.
        with connection.cursor() as cursor:

            def alone():
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()"
                )
                return cursor.fetchone()[0] == 0

            try:
                wait_until(alone, 10, what="the workers' database sessions to end")
            except AssertionError as exc:
                print(exc)

    def logs(self) -> str:
        return "\n".join(f"--- {w.name} (last lines) ---\n{w.tail(60)}" for w in [*self.workers, *self.webs])


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so ``pipeline`` knows whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def pipeline(reference_data, settings, tmp_path, request):
    if REASON is not None:
        pytest.fail(f"RELIABILITY_REQUIRED is set, but the reliability tests cannot run: {REASON}")
    redis, sink, p = RedisServer(tmp_path), Sink(), None
    old_url = celery_app.conf.broker_url
    started = time.monotonic()
    try:
        redis.start()
        sink.start()
        # The raise checks reachability in this process: SMS counts only with a gateway configured.
        settings.SMS_GATEWAY_URL = f"{sink.url}/sms"
        use_broker(redis.url, eager=False)
        p = Pipeline(tmp_path, redis, sink)
        yield p
    finally:
        if p is not None:
            report = getattr(request.node, "rep_call", None)
            if report is None or report.failed:
                print(f"\n[pipeline] after {time.monotonic() - started:.1f} s; logs in {tmp_path}")
                print(p.logs())
            p.close()
        use_broker(old_url, eager=True)
        sink.stop()
        redis.stop()
