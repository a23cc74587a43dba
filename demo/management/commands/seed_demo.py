"""``manage.py seed_demo``: the demo of Samhandla, in Swedish, with invented people and companies.

Three regions (Västerbotten, Gävleborg, Västernorrland) with organisations of every type, people
with roles, mandates and deputies (some without: *personberoende*), one user per role, signals in
every state, an open battery-factory case in Skellefteå with its whole workspace and a confidential
data-centre case in Gävle (``demo.seeder``, from the tables in ``demo.data``); then the routine
checklist's rounds, readiness plan, drill and lessons (``demo.checklist_*``).

Running it again adds nothing: the demo users mark that the demo is there, and each checklist part
looks for itself. ``--scale N`` adds N more open cases for performance work (``demo.scale``); it may
be repeated and keeps adding.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from accounts import policy
from accounts.models import User
from actors.models import Organisation, Person, Role
from demo import checklist_drills, checklist_lessons, checklist_readiness, checklist_rounds
from demo.data.people import DEMO_USERNAMES, PASSWORD
from demo.scale import SCALE_PREFIX, ScaleSeeder
from demo.seeder import DemoSeeder
from establishments.models import EstablishmentCase, Signal

# The routine checklist's demo, in order: two rounds for Västerbotten, the readiness plan born of
# them, a finished workshop drill and the lessons of a lost case. Each part adds itself once.
CHECKLIST_PARTS = (checklist_rounds, checklist_readiness, checklist_drills, checklist_lessons)


class Command(BaseCommand):
    help = (
        "Fyller databasen med demodata: tre regioner, organisationer, personer med roller och mandat, "
        "användare, signaler och etableringsärenden. Kan köras flera gånger."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Lägg dessutom till N ärenden med signaler, organisationer, personer, arbetsytor, "
            "larm och historik, och det en nationell installation har runt dem: alla 21 regioners "
            "organisationer, samordnare, larmlistor och bedömningsomgångar (för prestandatester).",
        )

    def handle(self, *args, scale: int = 0, **options):
        if scale < 0:
            raise CommandError("--scale måste vara 0 eller större.")
        existing = set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
        if existing and existing != set(DEMO_USERNAMES):
            raise CommandError(
                f"Databasen har redan användarna {', '.join(sorted(existing))} men inte resten av "
                "demodatan. Kör seed_demo mot en tom databas."
            )
        started = time.monotonic()
        with transaction.atomic():
            if existing:
                self.stdout.write("Demodatan finns redan; grunddatan hoppas över.")
            else:
                DemoSeeder().seed()
                self.stdout.write(self.style.SUCCESS("Demodatan är inlagd."))
            for part in CHECKLIST_PARTS:
                part.seed(self.stdout)
            if scale:
                seeder = ScaleSeeder()
                first, last = seeder.seed(scale)
                seconds = time.monotonic() - started
                self.stdout.write(
                    self.style.SUCCESS(
                        f"La till {scale} ärenden ({SCALE_PREFIX} {first:04d}–{last:04d}) på {seconds:.1f} s."
                    )
                )
                for line in seeder.report():
                    self.stdout.write(line)
        self.print_counts()
        self.print_logins()

    def print_counts(self):
        states = dict(Signal.objects.values_list("state").annotate(n=Count("pk")).order_by())
        self.stdout.write(
            f"Organisationer: {Organisation.objects.count()}, personer: {Person.objects.count()}, "
            f"roller: {Role.objects.count()}, användare: {User.objects.count()}, "
            f"ärenden: {EstablishmentCase.objects.count()}, signaler: {sum(states.values())} ("
            + ", ".join(f"{label.lower()}: {states.get(value, 0)}" for value, label in Signal.State.choices)
            + ")."
        )

    def print_logins(self):
        # The drill's two participants have no role among the demo users; they log in too.
        usernames = DEMO_USERNAMES + list(checklist_drills.EXTRA_USERS)
        users = {
            u.username: u
            for u in User.objects.filter(username__in=usernames)
            .select_related("region", "municipality", "organisation")
            .prefetch_related("groups")
        }
        self.stdout.write("")
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {PASSWORD}):")
        for username in usernames:
            user = users.get(username)
            if user is None:
                continue
            places = [str(p) for p in (user.municipality or user.region, user.organisation) if p]
            role = policy.role_of(user) or "–"
            self.stdout.write(f"  {username:<22} {role:<21} {', '.join(places) or '–':<54} {PASSWORD}")
