"""/health/ as a monitor sees it in production: a real web process (gunicorn) behind what the TLS
proxy sends, a real worker with beat's heartbeat, a real Redis that goes down and comes back.
Anonymous callers learn only ok or fail; the bearer token (HEALTH_TOKEN) gets the details."""

from alarms.health.models import PipelineHeartbeat

from .harness import RELIABILITY, wait_until

pytestmark = RELIABILITY

DETAILS = {"database", "broker", "worker", "worker_seen_at", "heartbeat_age_seconds", "stuck_deliveries"}


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
    assert details["stuck_deliveries"] == 0
    assert 0 <= details["heartbeat_age_seconds"] <= 15  # three heartbeats of 5 s
    wrong = {"Authorization": f"Bearer {pipeline.health_token}x"}
    assert web.get_json("/health/", headers=wrong) == (200, {"status": "ok"})
    # Not through the proxy (no X-Forwarded-Proto): the app sends the caller to https.
    status, headers, _ = web.get("/health/", behind_proxy=False)
    assert status == 301 and headers["Location"].startswith("https://")

    pipeline.redis.stop()
    wait_until(lambda: web.get("/health/")[0] == 503, 15, interval=0.5, what="/health/ to answer 503")
    assert web.get_json("/health/") == (503, {"status": "fail"})
    status, details = web.get_json("/health/", headers=token)
    assert (status, details["status"], details["broker"], details["database"]) == (503, "fail", "error", "ok")

    pipeline.redis.start()
    wait_until(lambda: web.get("/health/")[0] == 200, 45, interval=0.5, what="/health/ to answer 200 again")
    status, details = web.get_json("/health/", headers=token)
    assert (status, details["broker"], details["worker"]) == (200, "ok", "ok")
