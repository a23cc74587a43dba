"""Moment 2, competence mapping: the tab, its three kinds of records (edited through the workspace's
generic endpoints, ``KINDS``), the occupation search and the summary the tab refreshes after an
inline change."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from accounts import policy
from config.views import apply_service_errors
from establishments.decorators import case_page
from establishments.selectors import case_workspace_context
from workspace.core.kinds import ItemKind

from . import selectors, services
from .forms import CompetenceGapForm, InterventionForm, LivingNeedForm
from .models import CompetenceGap, Intervention, Occupation

TAB = "competence"
TEMPLATE = "competence/tab.html"
CHANGED = "competence-changed"  # the event that makes the tab refresh its summary (htmx)


def _context(user, case) -> dict:
    return case_workspace_context(user=user, case=case, active_tab=TAB)


def _posting(request) -> bool:
    return request.method == "POST"


@case_page(may=policy.can_edit_workspace, when=_posting)
def case_competence(request, case):
    """The tab; a POST adds a competence gap (the form at the top of the list). A saved gap is
    confirmed in a message and the tab opens at its row (``#gap-<pk>``, highlighted); a refused one
    shows the tab again with the form open and its errors, nothing saved."""
    gap_form = None
    if request.method == "POST":
        gap_form = CompetenceGapForm(request.POST, instance=CompetenceGap(case=case), case=case)
        if gap_form.is_valid():
            gap = gap_form.save(commit=False)
            gap.case = case
            try:
                gap = services.competence_gap_save(
                    user=request.user, gap=gap, expected_version=None, reason=""
                )
            except ValidationError as exc:
                apply_service_errors(gap_form, exc)
            else:
                messages.success(
                    request,
                    _("The competence gap “%(gap)s” has been added.")
                    % {"gap": f"{gap.occupation.name}, {gap.year}"},
                )
                url = reverse("competence:case_competence", kwargs={"case_pk": case.pk})
                return redirect(f"{url}#gap-{gap.pk}")
    context = _context(request.user, case)
    context.update(selectors.competence_context(user=request.user, case=case))
    if context["can_edit"]:
        context["forms"] = {kind.name: kind.form(case=case) for kind in KINDS}
        if gap_form is not None:
            context["forms"]["competencegap"] = gap_form
    context["gap_form_refused"] = gap_form is not None
    return render(request, TEMPLATE, context)


@case_page()
@require_GET
def summary(request, case):
    """htmx: the need-and-coverage summary again, with every gap's coverage swapped out of band."""
    context = _context(request.user, case)
    context.update(selectors.competence_summary(user=request.user, case=case))
    return render(request, f"{TEMPLATE}#summary_refresh", context)


# --- The records of the tab, edited through workspace.core.views ---------------------------------


def _with_coverage(request, case, item, context):
    if isinstance(item, CompetenceGap) and item.pk:
        return selectors.gap_decorated(user=request.user, case=case, gap=item)
    return item


def _new_intervention(request, case) -> Intervention:
    """A new intervention, for the gap named by ``?gap=`` when there is one."""
    item = Intervention(case=case)
    if (gap_pk := request.GET.get("gap", "")).isdecimal():  # not isdigit: "²" is no primary key
        item.gap = CompetenceGap.objects.filter(case=case, pk=gap_pk).first()
    return item


KINDS = [
    ItemKind(
        form=CompetenceGapForm,
        tab="competence:case_competence",
        template=f"{TEMPLATE}#competencegap",
        save=lambda user, item, version, reason: services.competence_gap_save(
            user=user, gap=item, expected_version=version, reason=reason
        ),
        delete=lambda user, item, version: services.competence_gap_delete(
            user=user, gap=item, expected_version=version
        ),
        decorate=_with_coverage,
        reload_after_create=True,  # a new gap has its place in the grouped list
        reload_after_delete=True,  # and a removed one leaves its row (and its interventions)
        changed_event=CHANGED,
    ),
    ItemKind(
        form=InterventionForm,
        tab="competence:case_competence",
        template=f"{TEMPLATE}#intervention",
        # an intervention is read where its gap is read too
        records=lambda user, case: selectors.visible_interventions(user=user, case=case),
        new=_new_intervention,
        save=lambda user, item, version, reason: services.intervention_save(
            user=user, intervention=item, expected_version=version, reason=reason
        ),
        delete=lambda user, item, version: services.intervention_delete(
            user=user, intervention=item, expected_version=version
        ),
        reload_after_create=True,
        changed_event=CHANGED,
    ),
    ItemKind(
        form=LivingNeedForm,
        tab="competence:case_competence",
        template=f"{TEMPLATE}#livingneed",
        save=lambda user, item, version, reason: services.living_need_save(
            user=user, need=item, expected_version=version, reason=reason
        ),
        delete=lambda user, item, version: services.living_need_delete(
            user=user, need=item, expected_version=version
        ),
        changed_event=CHANGED,  # a need joins the end of its list
    ),
]


FIELD_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@case_page(may=policy.can_edit_workspace)
@require_GET
def occupation_search(request, case):
    """htmx: the occupation <select> of a gap form again, narrowed to the level-4 occupations whose
    name contains, or whose SSYK code starts with, what was typed (at most 20)."""
    query = request.GET.get("occupation_q", "").strip()[:100]
    field_id = request.GET.get("field_id", "")
    if not FIELD_ID.match(field_id):
        field_id = "id_occupation"
    selected = request.GET.get("occupation", "")
    if query:
        matches = selectors.occupation_search(query=query)
        current = None
        if selected.isdecimal() and all(str(o.pk) != selected for o in matches):
            current = Occupation.objects.filter(pk=selected, level=4).first()
        choices = selectors.occupation_choices(([current] if current else []) + matches)
        if matches:
            status = ngettext(
                "%(n)d occupation matches “%(q)s”.", "%(n)d occupations match “%(q)s”.", len(matches)
            ) % {"n": len(matches), "q": query}
        else:
            status = _("No occupation matches “%(q)s”. Try part of the name or the code.") % {"q": query}
        if len(matches) == 1 and not current:
            selected = str(matches[0].pk)
    else:
        choices, status = selectors.occupation_choices(), _("All occupations are listed.")
    select = forms.Select(
        attrs={
            "id": field_id,
            "required": True,
            "aria-describedby": f"{field_id}_helptext {field_id}_status",
        },
        choices=[("", _("Choose an occupation"))] + choices,
    )
    return render(
        request,
        "competence/occupation_select.html",
        {"select": select.render("occupation", selected), "field_id": field_id, "status": status},
    )
