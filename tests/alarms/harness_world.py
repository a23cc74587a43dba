"""The alarm chain's layer of the shared world (tests/world.py), made on first use (idempotent).

Region 24 (Västerbotten) has a roster whose only entry is the harness's member organisation; its
primary contact is the harness's ``contact`` user. Three alarms: an open one on the open case,
raised by the official; one on the confidential case, raised by the coordinator; and one in
region 21 (Gävleborg) that nobody of region 24 may see.
"""

from __future__ import annotations

from alarms.core.models import Alarm
from alarms.raising.services import alarm_raise
from alarms.rosters.models import Channel, RosterEntry
from alarms.rosters.services import roster_for
from tests import factories as f


def alarm_world(w) -> dict:
    if "alarm" in w:
        return w

    member = w["member_org"]
    primary = f.PersonFactory(organisation=member, user=w["contact"], name="Primär Kontakt")
    deputy = f.PersonFactory(organisation=member, name="Ersättare Kontakt")
    for person in (primary, deputy):
        Channel.objects.create(person=person, kind="email", target=person.email, position=1)
    Channel.objects.create(person=primary, kind="inapp", target="", position=2)
    roster = roster_for(f.region("24"))
    w["roster_entry"] = RosterEntry.objects.create(
        roster=roster, organisation=member, primary=primary, deputy=deputy
    )
    w["alarm_primary"] = primary
    w["alarm_channel"] = primary.alarm_channels.get(kind="email")
    other_org = f.OrganisationFactory(name="Gävleaktören")
    other_person = f.PersonFactory(organisation=other_org)
    Channel.objects.create(person=other_person, kind="email", target=other_person.email, position=1)
    w["roster_entry_other"] = RosterEntry.objects.create(
        roster=roster_for(f.region("21")), organisation=other_org, primary=other_person
    )
    w["alarm"] = alarm_raise(
        user=w["official"], municipality=f.municipality("2482"), kind="etablering",
        message="Batterifabrik söker mark", case=w["case_open"],
    )  # fmt: skip
    w["alarm_confidential"] = alarm_raise(
        user=w["coordinator"], municipality=f.municipality("2482"), kind="etablering",
        message="Stort ärende, detaljer i Samhandla", case=w["case_confidential"],
    )  # fmt: skip
    w["alarm_other_region"] = alarm_raise(
        user=w["official_other"], municipality=f.municipality("2180"), kind="ovning", message="Övning i Gävle"
    )
    w["alarm_recipient"] = w["alarm"].recipients.get(organisation=member)
    w["alarm_delivery"] = w["alarm_recipient"].deliveries.filter(person=primary, kind="email").first()
    w["alarm_notification"] = w["contact"].alarm_notifications.filter(alarm=w["alarm"]).first()
    assert Alarm.objects.count() >= 3
    return w
