"""``DemoSeeder``: the hand-written demo, area by area, in the order the areas build on each other.

The registry and accounts (``demo.registry``), the signals and cases (``demo.signals_and_cases``),
then the battery-factory case's workspace, one module per moment (``demo.goals``, ``demo.actor_map``,
``demo.competence``, ``demo.plan``) and the alarm chain (``demo.alarms``). Every area goes through
the services, so history, permissions and confidentiality grants are exactly what the application
itself would have recorded. What it made stays on the seeder, by the keys of ``demo.data``.
"""

from __future__ import annotations

from accounts.models import User
from actors.models import Municipality, Organisation, Person, Region
from demo.actor_map import seed_actor_map_and_routes
from demo.alarms import seed_alarms
from demo.competence import seed_competence
from demo.competence_picture import seed_competence_picture
from demo.data.organisations import REGION_CODES
from demo.goals import seed_goals_and_journal
from demo.plan import seed_action_plan
from demo.registry import seed_registry
from demo.signals_and_cases import seed_signals_and_cases
from establishments.models import EstablishmentCase


class DemoSeeder:
    """Creates the demo once: call ``seed()`` on a database without the demo users."""

    def __init__(self):
        self.regions = {r.code: r for r in Region.objects.filter(code__in=REGION_CODES)}
        municipalities = Municipality.objects.filter(region__code__in=REGION_CODES).select_related("region")
        self.municipalities = {m.code: m for m in municipalities}
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.users: dict[str, User] = {}
        self.cases: dict[str, EstablishmentCase] = {}

    def seed(self) -> None:
        self.create_registry()
        self.create_signals_and_cases()
        self.create_workspace()

    def create_registry(self) -> None:
        registry = seed_registry(regions=self.regions, municipalities=self.municipalities)
        self.users, self.orgs, self.people = registry.users, registry.orgs, registry.people

    def create_signals_and_cases(self) -> None:
        self.cases = seed_signals_and_cases(
            users=self.users, orgs=self.orgs, municipalities=self.municipalities
        )

    def create_workspace(self) -> None:
        """Fill the five moments and the journal of the battery-factory case, and the alarm chain."""
        context = {
            "case": self.cases["batteri"],
            "users": self.users,
            "orgs": self.orgs,
            "people": self.people,
        }
        seed_goals_and_journal(**context)
        seed_actor_map_and_routes(**context)
        seed_competence(**context)
        seed_competence_picture(users=self.users, orgs=self.orgs, cases=self.cases)
        seed_action_plan(**context)
        seed_alarms(**context)
