"""The grants of the confidential scale cases: the django-guardian rows the services write
(``establishments.services.case_create``, ``signal_link_to_case``, ``establishments.access.case_grant``),
in bulk.

- Opening a confidential case grants its creator, coordinator and deputy read and edit
  (``access.grant_core_team``); here the coordinator opened it.
- Linking a signal to it makes the signal confidential and grants it to whoever linked it, whoever
  logged it and everyone granted the case then (the core team).
- A grant person by person (``case_grant``) gives read access to the case and its signals and is
  recorded as an ``AccessChange``: in the ``granted`` variant the region's own demo coordinator
  (``samordnare`` in Västerbotten) and, where Arbetsförmedlingen is a member, the actor contact
  ``kontakt`` are granted by the case's coordinator a few days after it opened.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Permission

from accounts import policy
from accounts.models import Confidentiality
from establishments.models import AccessChange, CaseUserObjectPermission, SignalUserObjectPermission


def grant(plans, *, directory, users, history, now) -> int:
    """Write the grants of the confidential cases in ``plans``; returns how many rows were written."""
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="establishments",
            codename__in=[policy.VIEW_CASE, policy.CHANGE_CASE, policy.VIEW_SIGNAL],
        )
    }
    case_rows: set[tuple[int, int, str]] = set()
    signal_rows: set[tuple[int, int]] = set()
    changes = []
    for p in plans:
        if p.confidentiality != Confidentiality.CONFIDENTIAL:
            continue
        case = p.case
        team = {case.created_by_id, case.coordinator_id, case.deputy_id}
        case_rows |= {
            (case.pk, user, codename) for user in team for codename in (policy.VIEW_CASE, policy.CHANGE_CASE)
        }
        linked = [s for s in p.signals if s.case_id == case.pk]
        signal_rows |= {(s.pk, user) for s in linked for user in team | {s.logged_by_id}}
        granted = []
        if p.variant == "granted":
            granted.append(directory.coordinator[p.region_code])
            if p.af_member:
                granted.append(users["kontakt"])
        for i, user in enumerate(u for u in granted if u.pk not in team):
            case_rows.add((case.pk, user.pk, policy.VIEW_CASE))
            signal_rows |= {(s.pk, user.pk) for s in linked}
            changes.append(
                AccessChange(
                    case=case,
                    user=user,
                    by=p.coordinator,
                    change=AccessChange.Change.GRANTED,
                    at=p.opened + timedelta(days=2 + i, hours=3),
                )
            )
    CaseUserObjectPermission.objects.bulk_create(
        [
            CaseUserObjectPermission(content_object_id=case, user_id=user, permission=perms[codename])
            for case, user, codename in sorted(case_rows)
        ],
        batch_size=1000,
    )
    view_signal = perms[policy.VIEW_SIGNAL]
    SignalUserObjectPermission.objects.bulk_create(
        [
            SignalUserObjectPermission(content_object_id=signal, user_id=user, permission=view_signal)
            for signal, user in sorted(signal_rows)
        ],
        batch_size=1000,
    )
    AccessChange.objects.bulk_create(changes, batch_size=1000)
    return len(case_rows) + len(signal_rows)
