"""Moment 2, competence mapping: the tab, its three kinds of records (edited through the workspace's
generic endpoints, ``KINDS``), the suggestions of its occupation field and the summary the tab
refreshes after an inline change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from accounts import policy
from actors.suggestions import LIMIT, clean_text
from config.views import apply_service_errors
from establishments.decorators import case_page
from establishments.selectors import case_workspace_context
from workspace.core.kinds import ItemKind

from . import display, selectors, services
from .forms import CompetenceGapForm, InterventionForm, LivingNeedForm
from .models import CompetenceGap, Intervention
from .suggestions import OCCUPATIONS

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
        # The forms to add an intervention or a need come when their section is first opened.
        context["forms"] = {"competencegap": gap_form or CompetenceGapForm(case=case)}
        context["new_intervention_url"] = reverse(
            "workspace:item_create", kwargs={"case_pk": case.pk, "kind": "intervention"}
        )
    context["gap_form_refused"] = gap_form is not None
    if policy.can_view_competence_picture(request.user, case.region):
        context["picture_url"] = reverse("picture:region", args=[case.region.code])
    return render(request, TEMPLATE, context)


@case_page()
@require_GET
def summary(request, case):
    """htmx: the need-and-coverage summary again, with every gap's coverage swapped out of band."""
    context = _context(request.user, case)
    context.update(selectors.competence_summary(user=request.user, case=case))
    return render(request, f"{TEMPLATE}#summary_refresh", context)


# --- The records of the tab, edited through workspace.core.views ---------------------------------


def _as_row(request, case, item, context):
    """A record as the tab shows it (``display.rows``); a gap with its coverage too."""
    if not item.pk:
        return item
    if isinstance(item, CompetenceGap):
        item = selectors.gap_decorated(user=request.user, case=case, gap=item)
    return display.rows([item], item._meta.model_name)[0]


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
        decorate=_as_row,
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
        decorate=_as_row,
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
        decorate=_as_row,
        changed_event=CHANGED,  # a need joins the end of its list
    ),
]


@case_page(may=policy.can_edit_workspace)
@require_GET
def occupation_search(request, case):
    """htmx: the suggestions under the gap form's occupation field (``actors.widgets``, whose script
    sends what was typed as ``q``): the level-4 occupations whose SSYK code starts with, or whose
    name contains, the text (the first of them for no text), with what a screen reader is told of
    them, as ``actors:suggest`` answers. Rendered without the request's context processors (the
    header's counts), which every keystroke would otherwise ask the database for."""
    text = clean_text(request.GET.get("q", ""))
    rows = OCCUPATIONS.search(OCCUPATIONS.rows(), text, LIMIT)
    if rows:
        status = ngettext(
            "%(count)d suggestion. Choose with the up and down arrow keys and Enter.",
            "%(count)d suggestions. Choose with the up and down arrow keys and Enter.",
            len(rows),
        ) % {"count": len(rows)}
    else:
        status = _("Nothing matches “%(text)s”.") % {"text": text}
    options = [{"key": o.pk, "label": OCCUPATIONS.label(o), "hint": OCCUPATIONS.hint(o)} for o in rows]
    body = render_to_string("competence/suggestions.html", {"options": options, "status": status})
    response = HttpResponse(body)
    response["Cache-Control"] = "private, no-store"
    return response
