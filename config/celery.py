import functools
import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from celery.worker.consumer import Consumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samhandla")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Keep a worker's database connection between tasks instead of opening one per task (an alarm fans
# out in many small tasks); Django's own rules still retire old or broken connections, below.
app.conf.CELERY_DB_REUSE_MAX = int(os.environ.get("CELERY_DB_REUSE_MAX", "200"))
app.autodiscover_tasks()


class QuickReconnectConsumer(Consumer):
    """The worker's consumer, reconnecting to a broker that went away every half second to two
    seconds (Celery's own waits grow to 30 s, so a broker back after 20 s was noticed after up to
    ten more), and for as long as it takes (``broker_connection_max_retries = None`` in settings):
    a worker is there to deliver alarms the moment the broker answers again."""

    def ensure_connected(self, conn):
        conn.ensure_connection = functools.partial(
            conn.ensure_connection, interval_start=0.5, interval_step=0.5, interval_max=2
        )
        return super().ensure_connected(conn)


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs):
    """In a worker, as around a request; an eager task runs inside its caller's transaction."""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
