"""/health/ as a monitor sees it in production: a real web process (gunicorn) behind what the TLS
proxy sends, a real worker with beat's heartbeat, a real Redis that goes down and comes back.
Anonymous callers learn only the status (ok, degraded, fail); the bearer token (HEALTH_TOKEN) gets
the details, each reason by name."""

from alarms.health.models import PipelineHeartbeat

# What the token gets: the fields the unit tests read.
from tests.alarms.health.test_health import DETAILS

from .harness import RELIABILITY, wait_until

pytestmark = RELIABILITY


def test_health_through_the_web_process_while_redis_goes_down_and_comes_back(pipeline):
    pipeline.start_worker()
    web = pipeline.start_web()
    token = {"Authorization": f"Bearer {pipeline.health_token}"}
    wait_until(
        lambda: PipelineHeartbeat.objects.filter(seen_at__isnull=False).exists(), 30, what="a heartbeat"
    )
    wait_until(lambda: web.get("/health/")[0] == 200, 30, interval=0.5, what="/health/ to answer 200")

    assert web.get_json("/health/") == (200, {"status": "ok"})
    status, details = web.get_json("/health/", headers=token)
    assert status == 200 and set(details) == DETAILS | {"status"}
    assert (details["status"], details["database"], details["broker"], details["worker"]) == (
        "ok",
        "ok",
        "ok",
        "ok",
    )
    assert (details["delayed_deliveries"], details["reasons"]) == (0, [])
    assert 0 <= details["heartbeat_age_seconds"] <= 10  # twice the heartbeat of 5 s
    wrong = {"Authorization": f"Bearer {pipeline.health_token}x"}
    assert web.get_json("/health/", headers=wrong) == (200, {"status": "ok"})
    # Not through the proxy (no X-Forwarded-Proto): the app sends the caller to https.
    status, headers, _ = web.get("/health/", behind_proxy=False)
    assert status == 301 and headers["Location"].startswith("https://")

    pipeline.redis.stop()
    wait_until(lambda: web.get("/health/")[0] == 503, 15, interval=0.5, what="/health/ to answer 503")
    assert web.get_json("/health/") == (503, {"status": "degraded"})
    status, details = web.get_json("/health/", headers=token)
    assert (status, details["status"], details["broker"], details["database"]) == (
        503,
        "degraded",
        "error",
        "ok",
    )
    assert details["reasons"][0] == "broker_unreachable"

    pipeline.redis.start()
    wait_until(lambda: web.get("/health/")[0] == 200, 45, interval=0.5, what="/health/ to answer 200 again")
    status, details = web.get_json("/health/", headers=token)
    assert (status, details["broker"], details["worker"]) == (200, "ok", "ok")


def test_health_says_degraded_by_name_while_no_worker_is_there_and_messages_wait(pipeline):
    """Both faults the old check missed: no worker alive (the heartbeat older than twice its 5 s
    interval here) and a message waiting longer than the threshold (3 s here) are each named, and
    /health/ is 200 again once a new worker has sent them."""
    from alarms.core.models import AlarmKind
    from alarms.delivery.models import Delivery
    from alarms.raising.services import alarm_raise
    from tests import factories as f

    from .harness import build_roster

    build_roster("24", 5, ("email",), pipeline.sink)
    worker = pipeline.start_worker()
    web = pipeline.start_web(ALARM_DELAYED_AFTER_SECONDS=3)
    token = {"Authorization": f"Bearer {pipeline.health_token}"}
    wait_until(lambda: web.get("/health/")[0] == 200, 30, interval=0.5, what="/health/ to answer 200")

    worker.kill()
    alarm = alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )
    late = wait_until(
        lambda: "deliveries_delayed" in (d := web.get_json("/health/", headers=token)[1])["reasons"] and d,
        15,
        interval=0.5,
        what="the waiting messages to be named",
    )
    assert late["status"] == "degraded" and late["delayed_deliveries"] == 5
    stale = wait_until(
        lambda: (
            "worker_heartbeat_stale" in (d := web.get_json("/health/", headers=token)[1])["reasons"] and d
        ),
        15,
        interval=0.5,
        what="the missing worker to be named",
    )
    assert stale["worker"] == "stale" and stale["heartbeat_age_seconds"] >= 10
    assert web.get_json("/health/") == (503, {"status": "degraded"})

    pipeline.start_worker(ready=False)
    wait_until(lambda: web.get("/health/")[0] == 200, 45, interval=0.5, what="/health/ to answer 200 again")
    assert not Delivery.objects.filter(alarm=alarm).exclude(state=Delivery.State.SENT).exists()
