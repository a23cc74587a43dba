"""Run the periodic work in one process, for installations without Celery beat (the quick start):
hand over queued task calls, sweep the alarm deliveries, escalate silent organisations, close
expired alarms."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from alarms.escalation.services import ticker_round


class Command(BaseCommand):
    help = "Sweep the alarm outbox, escalate and close alarms on a timer (use Celery beat in production)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument("--interval", type=float, default=settings.ALARM_SWEEP_SECONDS)

    def handle(self, *args, once=False, interval=15.0, **options):
        while True:
            try:
                requeued, escalated, closed = ticker_round()
            except DatabaseError as exc:  # e.g. SQLite busy: try again next round, never stop
                self.stderr.write(f"alarm ticker: {exc}; trying again in {interval:g} s")
            else:
                if requeued or escalated or closed:
                    self.stdout.write(f"re-queued {requeued}, escalated {escalated}, closed {closed}")
            if once:
                return
            time.sleep(interval)
