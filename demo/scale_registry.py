"""The registry records of the scale data as they grew: organisations, people and roles, each with
its versions over time (``demo.scale_history``), and the invented names and numbers they carry."""

from __future__ import annotations

from datetime import datetime

from actors.models import Organisation, Person, Role
from demo.data.fiction import fictional_phone, make_orgnr
from demo.scale_history import Version, spread

REASON = "Demodata (skala)"

FIRST_NAMES = [
    "Anna", "Lars", "Eva", "Karl", "Sara", "Johan", "Maja", "Erik", "Lina", "Olof", "Ebba", "Nils",
    "Ingrid", "Mats", "Sofia", "Anders", "Elsa", "Gustav", "Hanna", "Jonas", "Klara", "Magnus",
    "Nora", "Oskar", "Petra", "Rikard", "Tove", "Viktor", "Alva", "Emil", "Frida", "Hugo",
]  # fmt: skip
LAST_NAMES = [
    "Lindberg", "Nordin", "Holmgren", "Sundberg", "Eklund", "Forslund", "Bergström", "Åkesson",
    "Lundqvist", "Sjögren", "Wallin", "Engström", "Nyberg", "Hedman", "Östlund", "Jonsson",
    "Marklund", "Söderström", "Lundmark", "Öhman", "Burman", "Granlund", "Westerlund", "Norberg",
]  # fmt: skip

ORG_NOTES = [
    "Kontaktuppgifterna kontrollerade inför regionens nätverksträff.",
    "Ny kontaktperson för etableringsfrågor.",
    "Deltog i regionens nätverksträff för stora etableringar.",
    "Har tagit emot studiebesök från en etablerare.",
    "Uppdaterat vilka frågor organisationen kan svara på.",
    "Bytt växelnummer; de gamla numren kopplas om.",
    "Lämnat underlag till kompetenskartläggningen.",
    "Vill bli inbjuden till avstämningar om bostäder och skola.",
]
ORG_REASONS = ["Anteckning tillagd", "Kontaktuppgifter uppdaterade", "Efter nätverksträffen"]
PERSON_REASONS = ["Ny titel", "Nytt telefonnummer", "Kontaktuppgifterna kontrollerade"]
ROLE_STEPS = [
    ("Företräder organisationen i etableringsfrågor.", "Lägesbild."),
    ("Företräder organisationen; beslutar om möten och underlag.", "Lägesbild och tidplan."),
]


def person_name(i: int) -> str:
    """The i-th invented name: every first name with every last name before any repeats."""
    return (
        f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i // len(FIRST_NAMES) + 3 * i) % len(LAST_NAMES)]}"
    )


class OrgNumbers:
    """Invented, valid and unused organisation numbers: 5599xx-xxxx for companies and associations,
    2120xx-xxxx for public bodies (``demo.data.fiction``)."""

    def __init__(self):
        self.used = set(Organisation.objects.exclude(org_number="").values_list("org_number", flat=True))
        self.stems = {"5599": 10000, "21200": 5000}

    def next(self, public: bool = False) -> str:
        prefix = "21200" if public else "5599"
        width = 9 - len(prefix)
        while True:
            number = make_orgnr(f"{prefix}{self.stems[prefix]:0{width}d}")
            self.stems[prefix] += 1
            if number not in self.used:
                self.used.add(number)
                return number


def organisation_versions(
    *, start: datetime, end: datetime, count: int, seed: int, user_id: int, website: str = ""
) -> list[Version]:
    """An organisation registered at ``start`` and kept up to date since: notes added by date, the
    website filled in at the first change."""
    lines: list[str] = []
    versions = []
    for i, at in enumerate(spread(start, end, count, seed)):
        if i:
            lines.append(f"{at:%Y-%m-%d}: {ORG_NOTES[(seed + i) % len(ORG_NOTES)]}")
        reason = ORG_REASONS[(seed + i) % len(ORG_REASONS)] if i else REASON
        values = {"notes": "\n".join(lines[-6:]), "website": website if i else ""}
        versions.append(Version(at, user_id, reason, values))
    return versions


def person_versions(
    person: Person, *, start: datetime, end: datetime, count: int, seed: int, user_id: int, earlier_title: str
) -> list[Version]:
    """A person registered at ``start`` with an earlier title and phone number; the title changes
    half way, the number a third of the way, and the rest are checks that changed nothing."""
    old_phone = fictional_phone(seed + 211)
    versions = []
    previous = None
    for i, at in enumerate(spread(start, end, count, seed)):
        values = {
            "title": earlier_title if i < count // 2 else person.title,
            "phone": old_phone if i < count // 3 else person.phone,
        }
        if not i:
            reason = REASON
        elif values["title"] != previous["title"]:
            reason = PERSON_REASONS[0]
        elif values["phone"] != previous["phone"]:
            reason = PERSON_REASONS[1]
        else:
            reason = PERSON_REASONS[2]
        versions.append(Version(at, user_id, reason, values))
        previous = values
    return versions


def role_versions(
    role: Role, *, start: datetime, end: datetime, count: int, seed: int, user_id: int
) -> list[Version]:
    """A role recorded at ``start`` without a deputy; the deputy is named at the first change and
    the mandate is made clearer at the later ones."""
    versions = []
    for i, at in enumerate(spread(start, end, count, seed)):
        values = {}
        if i == 0 and count > 1:
            values["deputy_id"] = None
        if i < count - 1:
            mandate, may_share = ROLE_STEPS[min(i, len(ROLE_STEPS) - 1)]
            values |= {"mandate": mandate, "may_share": may_share}
        named = i == 1 and role.deputy is not None
        reason = REASON if not i else ("Ersättare utsedd" if named else "Mandatet förtydligat")
        versions.append(Version(at, user_id, reason, values))
    return versions
