"""The action plan's rows for the permission harness (tests/test_access_harness.py)."""

from __future__ import annotations

from django.urls import reverse

from establishments import plan_services
from establishments.models import Action


def _action(w, key, case, **fields) -> Action:
    if key not in w:
        action = plan_services.action_save(
            user=w["coordinator"],
            action=Action(case=case, theme="mark", title="Hemlig fabrik: markåtgärd", **fields),
        )
        if fields.get("owner_organisation"):
            action = plan_services.action_propose(user=w["coordinator"], action=action, notify=False)
        w[key] = action
    return w[key]


def routes(w, everyone_but) -> list[tuple[str, str, list[str]]]:
    conf = w["case_confidential"]
    secret = _action(w, "plan_action_confidential", conf)
    mine = _action(w, "plan_action_open", w["case_open"], owner_organisation=w["member_org"])
    only_core = everyone_but("coordinator", "deputy")

    def u(name, case, action=None):
        kwargs = {"case_pk": case.pk} | ({"pk": action.pk} if action else {})
        return reverse(f"establishments:{name}", kwargs=kwargs)

    return [
        ("establishments:action_plan", u("action_plan", conf), only_core),
        ("establishments:action_create", u("action_create", conf), only_core),
        ("establishments:action_edit", u("action_edit", conf, secret), only_core),
        ("establishments:action_delete", u("action_delete", conf, secret), only_core),
        ("establishments:action_history", u("action_history", conf, secret), only_core),
        ("establishments:action_propose", u("action_propose", conf, secret), only_core),
        ("establishments:action_respond", u("action_respond", conf, secret), everyone_but()),
        ("establishments:action_respond", u("action_respond", w["case_open"], mine), everyone_but("contact")),
        ("establishments:action_plan_export", u("action_plan_export", conf), only_core),
        ("establishments:calendar_feed_settings", reverse("establishments:calendar_feed_settings"), []),
    ]
