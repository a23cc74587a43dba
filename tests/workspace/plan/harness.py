"""The action plan's rows for the permission harness (tests/test_access_harness.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.world import CORE_TEAM, everyone_but
from workspace.plan import services as plan_services
from workspace.plan.models import Action


def _action(w, key, case, title="Hemlig fabrik: markåtgärd", **fields) -> Action:
    if key not in w:
        action = plan_services.action_save(
            user=w["coordinator"], action=Action(case=case, theme="mark", title=title, **fields)
        )
        if fields.get("owner_organisation"):
            action = plan_services.action_propose(user=w["coordinator"], action=action, notify=False)
        w[key] = action
    return w[key]


def rows(w) -> list[tuple[str, str, list[str]]]:
    conf = w["case_confidential"]
    secret = _action(w, "plan_action_confidential", conf)
    # Proposed to the contact's own organisation in an open case: theirs to see (on the start page
    # too), so its title is no secret.
    mine = _action(
        w, "plan_action_open", w["case_open"], title="Markåtgärd", owner_organisation=w["member_org"]
    )
    only_core = everyone_but(*CORE_TEAM)

    def u(name, case, action=None, kind=None):
        kwargs = (
            {"case_pk": case.pk} | ({"pk": action.pk} if action else {}) | ({"kind": kind} if kind else {})
        )
        return reverse(f"workspace:{name}", kwargs=kwargs)

    return [
        ("workspace:action_plan", u("action_plan", conf), only_core),
        ("workspace:item_create", u("item_create", conf, kind="action"), only_core),
        ("workspace:item_edit", u("item_edit", conf, secret, kind="action"), only_core),
        ("workspace:item_delete", u("item_delete", conf, secret, kind="action"), only_core),
        ("workspace:item_history", u("item_history", conf, secret, kind="action"), only_core),
        ("workspace:action_propose", u("action_propose", conf, secret), only_core),
        ("workspace:action_respond", u("action_respond", conf, secret), everyone_but()),
        ("workspace:action_respond", u("action_respond", w["case_open"], mine), everyone_but("contact")),
        ("workspace:action_plan_export", u("action_plan_export", conf), only_core),
        ("workspace:calendar_feed_settings", reverse("workspace:calendar_feed_settings"), []),
    ]
