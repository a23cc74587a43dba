"""factory_boy factories for the whole project. Reference data (regions, municipalities, SSYK)
comes from the migrations, so factories look it up by SCB code."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import RoleName, User
from actors.models import Level, Municipality, Organisation, OrganisationType, Person, Region, Role
from establishments.models import EstablishmentCase, Signal


def municipality(code: str) -> Municipality:
    return Municipality.objects.select_related("region").get(code=code)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.django.Password("test-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def coordinator(region_code="24", **kw) -> User:
    return UserFactory(role=RoleName.COORDINATOR, region=region(region_code), **kw)


def official(municipality_code="2482", **kw) -> User:
    m = municipality(municipality_code)
    return UserFactory(role=RoleName.OFFICIAL, municipality=m, region=m.region, **kw)


def admin(**kw) -> User:
    return UserFactory(role=RoleName.ADMIN, is_staff=True, **kw)


def reader(region_code="24", **kw) -> User:
    return UserFactory(role=RoleName.READER, region=region(region_code), **kw)


def contact(organisation=None, **kw) -> User:
    return UserFactory(role=RoleName.CONTACT, organisation=organisation or OrganisationFactory(), **kw)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = OrganisationType.KOMMUN
    level = Level.LOKAL


class CompanyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Företaget {n} AB")
    type = OrganisationType.FORETAG
    level = Level.INTERNATIONELL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="sv_SE")
    title = "Handläggare"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.se")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    title = "Kontaktperson"
    mandate = "Kan fatta beslut om insatser inom egen budget."


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    subject = factory.Sequence(lambda n: f"Fabrik {n}, cirka 200 jobb, Skellefteå")
    received_at = factory.LazyFunction(timezone.now)
    received_by = "Växeln"
    logged_by = factory.SubFactory(UserFactory)
    channel = Signal.Channel.PHONE
    source_text = factory.Sequence(lambda n: f"Okänt bolag {n}")
    summary = "Ett bolag frågar efter mark för en fabrik."
    municipality = factory.LazyFunction(lambda: municipality("2482"))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EstablishmentCase

    name = factory.Sequence(lambda n: f"Etablering {n}")
    lead_municipality = factory.LazyFunction(lambda: municipality("2482"))
    region = factory.LazyAttribute(lambda c: c.lead_municipality.region)
    coordinator = factory.SubFactory(UserFactory)
    deputy = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("coordinator")


# --- The alarm chain ---------------------------------------------------------------------------


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alarms.Channel"

    person = factory.SubFactory(PersonFactory)
    kind = "email"
    target = factory.LazyAttribute(lambda c: c.person.email or "someone@example.se")
    position = factory.Sequence(lambda n: n)


def roster_entry(
    region_code="24", organisation=None, deputy=True, channels=("email",), user_for_primary=None
):
    """An organisation on a region's roster: a primary contact (and a deputy) with working channels.

    ``channels`` are the channel kinds both people get; "inapp" needs ``user_for_primary`` (a User)
    for the primary contact, which is then linked to the person."""
    from alarms.models import RosterEntry
    from alarms.rosters.services import roster_for

    organisation = organisation or OrganisationFactory()
    primary = PersonFactory(organisation=organisation, user=user_for_primary)
    second = PersonFactory(organisation=organisation) if deputy else None
    for person in [p for p in (primary, second) if p is not None]:
        for kind in channels:
            if kind == "inapp" and person.user_id is None:
                continue
            target = {
                "email": person.email,
                "inapp": "",
                "sms": "+46701234567",
                "webhook": "https://hooks.example.se/x",
            }[kind]
            ChannelFactory(person=person, kind=kind, target=target)
    roster = roster_for(region(region_code))
    return RosterEntry.objects.create(
        roster=roster, organisation=organisation, primary=primary, deputy=second
    )


# --- Bulk data ---------------------------------------------------------------------------------
# ``bulk_create``: no history, no ``full_clean``. For volume (the query-count tests), never for
# testing the rules themselves.


def bulk_organisations(n: int, prefix: str = "Bulkorg", **fields) -> list[Organisation]:
    values = {"type": OrganisationType.KOMMUN, "level": Level.LOKAL, **fields}
    return Organisation.objects.bulk_create(
        [Organisation(name=f"{prefix} {i:04d}", **values) for i in range(n)]
    )


def bulk_people(organisation: Organisation, n: int, prefix: str = "Bulkperson") -> list[Person]:
    return Person.objects.bulk_create(
        [
            Person(
                name=f"{prefix} {i:04d}",
                title="Handläggare",
                organisation=organisation,
                email=f"{prefix.lower()}{i}@example.se",
                phone="070-123 45 67",
            )
            for i in range(n)
        ]
    )


def bulk_roles(
    people: list[Person],
    deputies: list[Person | None] | None = None,
    *,
    title: str = "Kontaktperson",
    valid_to: datetime.date | None = None,
) -> list[Role]:
    deputies = deputies if deputies is not None else [None] * len(people)
    return Role.objects.bulk_create(
        [
            Role(
                organisation_id=p.organisation_id,
                person=p,
                deputy=d,
                title=f"{title} {i:04d}",
                mandate="Beslutar om insatser inom egen budget.",
                may_share="Allt som inte är sekretess.",
                valid_to=valid_to,
            )
            for i, (p, d) in enumerate(zip(people, deputies, strict=True))
        ]
    )


def populated_organisations(n: int, prefix: str = "Bulkorg") -> list[Organisation]:
    """``n`` organisations placed in Skellefteå, each with one person and one person-dependent role."""
    m = municipality("2482")
    orgs = bulk_organisations(n, prefix=prefix, region=m.region, municipality=m)
    people = Person.objects.bulk_create(
        [Person(name=f"{prefix} kontakt {i:04d}", organisation=o) for i, o in enumerate(orgs)]
    )
    bulk_roles(people)
    return orgs


def bulk_users(n: int, role: str, prefix: str = "bulkuser", **fields) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}{i:04d}",
                first_name="Bulk",
                last_name=f"Användare {i:04d}",
                email=f"{prefix}{i}@example.se",
                password="!",  # unusable
                **fields,
            )
            for i in range(n)
        ]
    )
    group = Group.objects.get(name=role)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    return users
