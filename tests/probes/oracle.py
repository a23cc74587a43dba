"""Who may read and change what: the probes' own answer, written from the policy's docstring and the
README's "Access" paragraph, never by calling accounts/policy.py.

The heart is one table for cases (and one for signals): a user's role and relation to the case
(own region, own municipality, member, responsible for it, other) give, for an open and a restricted
case, whether they may read and change it. Confidentiality overrides the table: a *konfidentiell*
case or signal is read only by users granted it (a django-guardian row), whatever their role, and
changed only by staff granted the change permission. Everything else follows from that:

- a workspace record is read by who reads its case, at the sharing levels the role reads (actor
  contacts and readers never read internal ones), and no more than its parent (a referral step its
  route, an intervention its gap); it is changed by who changes the case;
- a lesson is read like a workspace record of its case (a lesson without a sharing level counts as
  internal) and written, once its case is closed or lost, by who changes the case;
- granting a confidential case is for its coordinator and deputy, and an administrator granted to
  change it; so is changing who is responsible for it and how confidential it is;
- registry: everyone reads, administrators and coordinators change; users: administrators;
- alarms, rosters and channels, rounds and readiness, drills: the region's staff, as the rules below
  say, each in a line or two; a person's alarm channels follow the person's region (the region of
  their organisation or of a roster naming them): another region's coordinator neither reads nor
  changes them.

Decisions taken where the policy's docstring says less than the probes need (each also where it is
used): lists and files name a confidential case by its code name, even to those granted it
(tests/probes/lists.py); a calendar feed, being a message, carries no content of a confidential
case nor of an internal action (README, the disclosure rule); "En väg in" shows only what is shared
with the company, whoever looks; in Django's admin whatever is bound to a confidential case (its
alarm, with the alarm's deliveries and events, too) stays out for a superuser not granted it, and a
model the admin keeps read-only refuses every write (tests/probes/admin_probes.py).
"""

from __future__ import annotations

from .world import CONFIDENTIAL, OPEN, RESTRICTED, CaseFact, ItemFact, ProbeWorld, SignalFact, Who

STAFF = {"admin", "coordinator", "official"}
R, RW = (True, False), (True, True)

# (role, relation) -> {level: (read, change)}, for cases that are not confidential. A missing level
# is neither read nor changed.
CASE_TABLE: dict[tuple[str, str], dict[str, tuple[bool, bool]]] = {
    ("admin", "any"): {OPEN: RW, RESTRICTED: RW},
    ("coordinator", "responsible"): {OPEN: RW, RESTRICTED: RW},
    ("coordinator", "own region"): {OPEN: RW, RESTRICTED: RW},
    ("coordinator", "other region"): {},
    ("official", "responsible"): {OPEN: RW, RESTRICTED: RW},
    ("official", "own municipality"): {OPEN: RW, RESTRICTED: RW},
    ("official", "other municipality"): {},
    ("contact", "member"): {OPEN: R, RESTRICTED: R},
    ("contact", "not a member"): {},
    ("reader", "own region"): {OPEN: R},
    ("reader", "other region"): {},
}
# Signals are the municipalities' and the region's triage work: contacts and readers meet cases only.
SIGNAL_TABLE: dict[tuple[str, str], dict[str, tuple[bool, bool]]] = {
    ("admin", "any"): {OPEN: RW, RESTRICTED: RW},
    ("coordinator", "own region"): {OPEN: RW, RESTRICTED: RW},
    ("coordinator", "other region"): {},
    ("official", "own municipality"): {OPEN: RW, RESTRICTED: RW},
    ("official", "other municipality"): {},
    ("contact", "any"): {},
    ("reader", "any"): {},
}
# Which sharing levels of a case's records a role reads (where it reads the case at all).
SHARING_READ = {
    "admin": {"intern", "medlemmar", "etableraren"},
    "coordinator": {"intern", "medlemmar", "etableraren"},
    "official": {"intern", "medlemmar", "etableraren"},
    "contact": {"medlemmar", "etableraren"},
    "reader": {"medlemmar", "etableraren"},
}


def region_of_municipality(code: str) -> str:
    """An SCB municipality code starts with its county's (region's) code."""
    return code[:2]


# --- Cases -------------------------------------------------------------------------------------


def case_relation(who: Who, case: CaseFact) -> str:
    if who.role == "admin":
        return "any"
    if who.pk in (case.coordinator, case.deputy) and who.role in STAFF:
        return "responsible"
    if who.role in ("coordinator", "reader"):
        regions = {case.region} | {region_of_municipality(m) for m in case.candidates}
        if who.role == "reader":
            regions = {case.region}  # a reader reads the open cases *of* their region
        return "own region" if who.region in regions else "other region"
    if who.role == "official":
        mine = who.municipality == case.municipality or who.municipality in case.candidates
        return "own municipality" if mine else "other municipality"
    if who.role == "contact":
        return "member" if who.org in case.members else "not a member"
    raise ValueError(who)


def case_access(who: Who, case: CaseFact) -> tuple[bool, bool]:
    """(read, change) of a case."""
    if who.role is None:
        return (False, False)
    if case.level == CONFIDENTIAL:
        read = who.pk in case.view
        return (read, read and who.pk in case.change and who.role in STAFF)
    return CASE_TABLE[(who.role, case_relation(who, case))].get(case.level, (False, False))


def case_read(pw: ProbeWorld, who: Who, case: CaseFact) -> bool:
    return case_access(who, case)[0]


def case_write(pw: ProbeWorld, who: Who, case: CaseFact) -> bool:
    return case_access(who, case)[1]


def case_grant(pw: ProbeWorld, who: Who, case: CaseFact) -> bool:
    """Granting (and who is responsible, how confidential): a confidential case's coordinator and
    deputy, or an administrator granted to change it."""
    if who.role is None or case.level != CONFIDENTIAL:
        return False
    return who.pk in (case.coordinator, case.deputy) or (who.role == "admin" and who.pk in case.change)


def case_create(pw, who: Who, _=None) -> bool:
    return who.role in STAFF


def lesson_create(pw, who: Who, case: CaseFact) -> bool:
    return not case.active and case_write(pw, who, case)


# --- Workspace records -------------------------------------------------------------------------


def item_read(pw: ProbeWorld, who: Who, item: ItemFact) -> bool:
    case = pw.cases[item.case]
    if not case_read(pw, who, case):
        return False
    if item.kind == "casemember":
        return True  # every actor of a case is seen by all who see the case
    levels = SHARING_READ[who.role]
    return item.sharing in levels and (item.parent_sharing is None or item.parent_sharing in levels)


def item_write(pw: ProbeWorld, who: Who, item: ItemFact) -> bool:
    return case_write(pw, who, pw.cases[item.case]) and item_read(pw, who, item)


def item_delete(pw: ProbeWorld, who: Who, item: ItemFact) -> bool:
    return item.kind != "casemember" and item_write(pw, who, item)  # members leave by the case form


def action_respond(pw: ProbeWorld, who: Who, item: ItemFact) -> bool:
    """An action proposed to an organisation is answered by that organisation's users (not readers)."""
    return (
        who.role in STAFF | {"contact"}
        and who.org is not None
        and who.org == item.owner_org
        and item_read(pw, who, item)
    )


def lesson_read(pw: ProbeWorld, who: Who, lesson: dict) -> bool:
    case = pw.cases[lesson["case"]]
    return case_read(pw, who, case) and lesson["sharing"] in SHARING_READ.get(who.role, ())


def lesson_write(pw: ProbeWorld, who: Who, lesson: dict) -> bool:
    return lesson_create(pw, who, pw.cases[lesson["case"]])


# --- Signals -----------------------------------------------------------------------------------


def signal_relation(who: Who, signal: SignalFact) -> str:
    if who.role in ("admin", "contact", "reader"):
        return "any"
    if who.role == "coordinator":
        return "own region" if who.region == signal.region else "other region"
    return "own municipality" if who.municipality == signal.municipality else "other municipality"


def signal_access(who: Who, signal: SignalFact) -> tuple[bool, bool]:
    if who.role is None:
        return (False, False)
    if signal.level == CONFIDENTIAL:
        read = who.pk in signal.view
        return (read, read and who.role in STAFF)
    return SIGNAL_TABLE[(who.role, signal_relation(who, signal))].get(signal.level, (False, False))


def signal_read(pw, who, signal) -> bool:
    return signal_access(who, signal)[0]


def signal_triage(pw, who, signal) -> bool:
    return signal_access(who, signal)[1]


# --- Everyone logged in; registry; users ---------------------------------------------------------


def logged_in(pw, who: Who, _=None) -> bool:
    return who.role is not None


def anyone(pw, who: Who, _=None) -> bool:
    return True


def nobody(pw, who: Who, _=None) -> bool:
    return False


def registry_write(pw, who: Who, _=None) -> bool:
    return who.role in ("admin", "coordinator")


def offering_add(pw, who: Who, _=None) -> bool:
    return who.role in ("admin", "coordinator") or (who.role == "contact" and who.org is not None)


def offering_write(pw, who: Who, offering: dict) -> bool:
    """An administrator; a coordinator of the offering's region; its provider's actor contact."""
    if who.role == "coordinator":
        return who.region == offering["region"]
    if who.role == "contact":
        return who.org == offering["provider"]
    return who.role == "admin"


def admin_only(pw, who: Who, _=None) -> bool:
    return who.role == "admin"


def operations(pw, who: Who, _=None) -> bool:
    """What runs behind the site (the alarm chain's metrics): administrators and staff users."""
    return who.role == "admin" or who.staff


# --- The alarm chain ---------------------------------------------------------------------------


def alarm_read(pw, who: Who, alarm: dict) -> bool:
    """The region's coordinators and readers, the municipality's officials (and whoever raised it),
    administrators, and the users of every organisation it reached."""
    if who.role is None:
        return False
    if who.role == "admin" or (who.org is not None and who.org in alarm["reached"]):
        return True
    if who.role in ("coordinator", "reader"):
        return who.region == alarm["region"]
    if who.role == "official":
        return who.municipality == alarm["municipality"] or who.pk == alarm["raised_by"]
    return False


def alarm_close(pw, who: Who, alarm: dict) -> bool:
    return who.role == "admin" or (who.role == "coordinator" and who.region == alarm["region"])


def alarm_note(pw, who: Who, alarm: dict) -> bool:
    return who.role not in (None, "reader") and alarm_read(pw, who, alarm)


def alarm_answer(pw, who: Who, target: dict) -> bool:
    """For an organisation alarmed: its own users (not readers), and who closes the alarm."""
    alarm = target["alarm"]
    if not alarm_read(pw, who, alarm) or who.role in (None, "reader"):
        return False
    return (who.org is not None and who.org == target["organisation"]) or alarm_close(pw, who, alarm)


def alarm_raise(pw, who: Who, _=None) -> bool:
    return who.role in STAFF


def roster_index(pw, who: Who, _=None) -> bool:
    return who.role in STAFF and (who.role == "admin" or who.region is not None)


def roster_read(pw, who: Who, region: str) -> bool:
    return who.role == "admin" or (who.role in ("coordinator", "official") and who.region == region)


def roster_write(pw, who: Who, region: str) -> bool:
    return who.role == "admin" or (who.role == "coordinator" and who.region == region)


def channels_write(pw, who: Who, person: dict) -> bool:
    """A person's alarm channels follow the person's region: the person themself, administrators, and
    the coordinators of the region of the person's organisation or of a roster naming them."""
    if who.role is None:
        return False
    if who.pk == person["user"] or who.role == "admin":
        return True
    return who.role == "coordinator" and who.region in {person["org_region"], *person["rosters"]}


def channels_read(pw, who: Who, person: dict) -> bool:
    """... and read besides by the officials of a region whose roster names the person."""
    if channels_write(pw, who, person):
        return True
    return who.role == "official" and who.region in person["rosters"]


def notification_open(pw, who: Who, owner: int) -> bool:
    return who.pk == owner


# --- Rounds, readiness, drills -------------------------------------------------------------------


def readiness_read(pw, who: Who, region: str) -> bool:
    return who.role == "admin" or (who.role in ("coordinator", "official", "reader") and who.region == region)


def rounds_manage(pw, who: Who, region: str) -> bool:
    return who.role == "admin" or (who.role == "coordinator" and who.region == region)


def round_read(pw, who: Who, round_: dict) -> bool:
    return readiness_read(pw, who, round_["region"])


def round_manage(pw, who: Who, round_: dict) -> bool:
    return rounds_manage(pw, who, round_["region"])


def participant_read(pw, who: Who, target: dict) -> bool:
    """An organisation's answers: its own users, and who follows the region's readiness."""
    if who.role is None:
        return False
    return (who.org is not None and who.org == target["organisation"]) or readiness_read(
        pw, who, target["round"]["region"]
    )


def participant_answer(pw, who: Who, target: dict) -> bool:
    return (
        who.role not in (None, "reader")
        and who.org is not None
        and who.org == target["organisation"]
        and target["round"]["open"]
    )


def readiness_index(pw, who: Who, _=None) -> bool:
    """Administrators choose; the others are sent to their region (contacts to their answers)."""
    return (
        who.role == "admin" or who.role == "contact" or (who.role in STAFF | {"reader"} and bool(who.region))
    )


def picture_read(pw, who: Who, region: str) -> bool:
    """A region's competence picture: its coordinators, officials and readers, and administrators."""
    return who.role == "admin" or (who.role in ("coordinator", "official", "reader") and who.region == region)


def picture_index(pw, who: Who, _=None) -> bool:
    """Administrators choose a region; a region's staff and readers are sent to theirs; contacts: no."""
    return who.role == "admin" or (who.role in ("coordinator", "official", "reader") and bool(who.region))


def webhooks_manage(pw, who: Who, _=None) -> bool:
    """Subscribing other systems to events: administrators, and coordinators (of their region)."""
    return who.role == "admin" or (who.role == "coordinator" and bool(who.region))


def webhook_endpoint(pw, who: Who, region: str) -> bool:
    """One endpoint: administrators, and the coordinators of its region."""
    return who.role == "admin" or (who.role == "coordinator" and who.region == region)


def drill_start(pw, who: Who, _=None) -> bool:
    return who.role == "admin" or (who.role == "coordinator" and who.region is not None)


def drill_read(pw, who: Who, drill: dict) -> bool:
    if who.role is None:
        return False
    if who.role == "admin" or who.pk in (drill["started_by"], *drill["participants"]):
        return True
    return who.role == "coordinator" and who.region == drill["region"]


def drill_answer(pw, who: Who, drill: dict) -> bool:
    return who.role is not None and who.pk in drill["participants"] and drill["open"]


def drill_close(pw, who: Who, drill: dict) -> bool:
    if who.role == "admin" or (who.role == "coordinator" and who.region == drill["region"]):
        return True
    return who.pk == drill["started_by"] and who.role in ("admin", "coordinator")


# --- Who may read a marker -------------------------------------------------------------------------


def may_read_marker(pw: ProbeWorld, who: Who, family: str, key: str) -> bool:
    """Whether ``who`` may read the object a marker belongs to (tests/probes/world.py)."""
    if family == "case":
        return case_read(pw, who, pw.cases[key])
    if family == "signal":
        signal = pw.signals[key]
        if key == "signal24_conf":  # its text is also in case24_conf's records (the shared world's)
            return signal_read(pw, who, signal) or case_read(pw, who, pw.cases["case24_conf"])
        return signal_read(pw, who, signal)
    if family == "item":
        return item_read(pw, who, pw.items[key])
    if family == "lesson":
        return lesson_read(pw, who, pw.facts["lessons"][key])
    if family == "alarm":
        return alarm_read(pw, who, pw.facts["alarms"][key])
    if family == "round":
        round_ = pw.facts["rounds"][key]
        return round_read(pw, who, round_) or (who.org is not None and who.org in round_["orgs"])
    if family == "plan_answers":  # both regions' readiness rounds: the regions' staff, the organisations
        orgs = (
            pw.facts["rounds"]["readiness_round"]["orgs"]
            | pw.facts["rounds"]["readiness_other_round"]["orgs"]
        )
        return readiness_read(pw, who, "24") or readiness_read(pw, who, "21") or who.org in orgs
    if family == "readiness_action":
        return readiness_read(pw, who, pw[key].region.code)
    if family == "channel":
        return channels_read(pw, who, pw.facts["people"][key])
    raise ValueError(family)
