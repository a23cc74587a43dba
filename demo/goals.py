"""Demo content for moment 1 (målbild och förankring) and the journal of the battery-factory case."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Sharing
from establishments.models import CaseMember
from workspace.core.services import item_save, member_save
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry


def seed_goals_and_journal(*, case, users, orgs, people) -> None:
    coordinator = users["samordnare"]
    save = lambda item: item_save(user=coordinator, item=item, reason="Demodata")  # noqa: E731
    today = timezone.localdate()

    for kind, text, org, sharing in [
        (
            "forvantan",
            "3 500 nya jobb i regionen till 2029 och en starkare industriell bas.",
            "skelleftea",
            Sharing.COMPANY,
        ),
        (
            "forvantan",
            "Fler utbildningsplatser inom process, el och automation som också gynnar befintliga "
            "arbetsgivare.",
            "region_vb",
            Sharing.MEMBERS,
        ),
        (
            "forvantan",
            "Tillgång till personal med rätt kompetens från dag ett i produktionen.",
            "nordanvind",
            Sharing.COMPANY,
        ),
        (
            "farhaga",
            "Bostadsbrist och höga hyror när tusentals flyttar in på kort tid.",
            "skelleftea",
            Sharing.MEMBERS,
        ),
        (
            "farhaga",
            "Befintliga industriföretag tappar personal till den nya fabriken.",
            "teknikforetagen",
            Sharing.INTERNAL,
        ),
        (
            "farhaga",
            "Förskolor och skolor hinner inte byggas ut i takt med inflyttningen.",
            "nya_skelleftebor",
            Sharing.MEMBERS,
        ),
    ]:
        save(Expectation(case=case, kind=kind, text=text, organisation=orgs[org], sharing=sharing))

    members = {m.organisation_id: m for m in case.memberships.all()}
    for key in ("myh", "if_metall"):
        member = members.get(orgs[key].pk)
        if member is not None:
            member.engagement = CaseMember.Engagement.SHOULD
            member_save(user=coordinator, member=member, reason="Demodata")
    for key in ("teknikforetagen", "nya_skelleftebor"):
        member = members.get(orgs[key].pk)
        if member is not None:
            member.engagement = CaseMember.Engagement.INFORMED
            member_save(user=coordinator, member=member, reason="Demodata")

    year = today.year
    for kind, title, date in [
        ("beslut", "Investeringsbeslut", today - timedelta(days=520)),
        ("byggstart", "Byggstart etapp 1", today - timedelta(days=300)),
        ("produktion", "Första battericellerna", today + timedelta(days=120)),
        ("rekrytering", "1 500 anställda", today.replace(year=year + 1, month=12, day=31)),
        ("rekrytering", "3 500 anställda", today.replace(year=year + 3, month=12, day=31)),
    ]:
        save(Milestone(case=case, kind=kind, title=title, date=date, sharing=Sharing.COMPANY))

    for org, description, people_count, amount in [
        ("region_vb", "Regional samordnare på heltid och analysstöd från kompetensplattformen", "1.5", None),
        ("skelleftea", "Etableringsteam: näringsliv, mark och exploatering, bostäder", "3", 2_500_000),
        ("af", "Arbetsgivarsamordnare och matchningsinsatser", "2", None),
        ("region_vb", "Medfinansiering av regionalt yrkesvux inom processteknik", None, 6_000_000),
    ]:
        save(
            ResourceCommitment(
                case=case,
                organisation=orgs[org],
                description=description,
                people=Decimal(people_count) if people_count else None,
                amount_sek=amount,
                sharing=Sharing.MEMBERS,
            )
        )

    meeting = save(
        JournalEntry(
            case=case,
            kind=JournalEntry.Kind.MEETING,
            date=today - timedelta(days=21),
            title="Styrgrupp för etableringen",
            participants="Region Västerbotten, Skellefteå kommun, Arbetsförmedlingen, Nordanvind Batteri AB, "
            "Umeå universitet",
            notes="Genomgång av rekryteringsläget: 520 anställda. Behovet av processoperatörer är större "
            "än väntat. Bostadsfrågan lyftes av kommunen.",
            sharing=Sharing.MEMBERS,
        )
    )
    decision = save(
        JournalEntry(
            case=case,
            kind=JournalEntry.Kind.DECISION,
            date=today - timedelta(days=7),
            title="Beslut: gemensam ansökan om YH-utbildning i battericellsproduktion",
            participants="Region Västerbotten, Yrkeshögskolan Norrsken AB, Nordanvind Batteri AB",
            notes="Ansökan lämnas till MYH före fristen. Bolaget bidrar med praktikplatser och lärare.",
            sharing=Sharing.MEMBERS,
        )
    )
    for entry, text, owner, person, due, done in [
        (
            meeting,
            "Ta fram bostadsprognos för 2026–2029",
            "skelleftea",
            "sara",
            today + timedelta(days=30),
            False,
        ),
        (
            meeting,
            "Sammanställ rekryteringsbehov per yrke",
            "nordanvind",
            "jonas",
            today - timedelta(days=3),
            False,
        ),
        (meeting, "Bjud in MYH till nästa styrgrupp", "region_vb", "maria", today - timedelta(days=10), True),
        (decision, "Skriv ansökan till MYH", "yh_norrsken", "robert", today + timedelta(days=45), False),
    ]:
        save(
            FollowUp(
                case=case,
                entry=entry,
                text=text,
                owner=orgs[owner],
                owner_person=people.get(person),
                due=due,
                done=done,
                sharing=Sharing.MEMBERS,
            )
        )
