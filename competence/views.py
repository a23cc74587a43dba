"""Moment 2, competence mapping: the tab, inline editing of its three kinds of records, their
history, the occupation search and the summary the tab refreshes after an inline change."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from config.inline import edit_item, history_page
from config.views import require
from establishments import selectors as case_selectors
from establishments import services as case_services
from establishments.models import StaleEdit

from . import selectors, services
from .forms import CompetenceGapForm, InterventionForm, LivingNeedForm
from .models import CompetenceGap, Intervention, Occupation

TAB = "competence"
TEMPLATE = "competence/tab.html"
CHANGED = "competence-changed"  # the event that makes the tab refresh its summary (htmx)


@dataclass(frozen=True)
class ItemKind:
    form: type
    save: Any  # (user, item, version, reason) -> item
    delete: Any  # (user, item, version) -> None

    @property
    def model(self):
        return self.form._meta.model


KINDS = {
    "competencegap": ItemKind(
        CompetenceGapForm,
        lambda user, item, version, reason: services.competence_gap_save(
            user=user, gap=item, expected_version=version, reason=reason
        ),
        lambda user, item, version: services.competence_gap_delete(
            user=user, gap=item, expected_version=version
        ),
    ),
    "intervention": ItemKind(
        InterventionForm,
        lambda user, item, version, reason: services.intervention_save(
            user=user, intervention=item, expected_version=version, reason=reason
        ),
        lambda user, item, version: services.intervention_delete(
            user=user, intervention=item, expected_version=version
        ),
    ),
    "livingneed": ItemKind(
        LivingNeedForm,
        lambda user, item, version, reason: services.living_need_save(
            user=user, need=item, expected_version=version, reason=reason
        ),
        lambda user, item, version: services.living_need_delete(
            user=user, need=item, expected_version=version
        ),
    ),
}


def _kind(kind: str) -> ItemKind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _tab_url(case) -> str:
    return reverse("competence:case_competence", kwargs={"case_pk": case.pk})


def _item(user, case, kind: str, pk: int):
    """One item of the case the user may read (an intervention also needs its gap readable), or 404."""
    model = _kind(kind).model
    if model is Intervention:
        qs = selectors.visible_interventions(user=user, case=case)
    else:
        qs = policy.visible_items(user, case, model.objects.all())
    item = qs.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _with_coverage(user, case, item):
    if isinstance(item, CompetenceGap) and item.pk:
        return selectors.gap_decorated(user=user, case=case, gap=item)
    return item


def _context(user, case) -> dict:
    return case_selectors.case_workspace_context(user=user, case=case, active_tab=TAB)


@login_required
def case_competence(request, case_pk):
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    case_services.case_record_view(case=case, user=request.user, path=request.path)
    context = _context(request.user, case)
    context.update(selectors.competence_context(user=request.user, case=case))
    if context["can_edit"]:
        context["forms"] = {name: kind.form(case=case) for name, kind in KINDS.items()}
    return render(request, TEMPLATE, context)


@login_required
@require_GET
def summary(request, case_pk):
    """htmx: the need-and-coverage summary again, with every gap's coverage swapped out of band."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    context = _context(request.user, case)
    context.update(selectors.competence_summary(user=request.user, case=case))
    return render(request, f"{TEMPLATE}#summary_refresh", context)


@login_required
def item_edit(request, case_pk, kind, pk=None):
    """Create or edit a gap, an intervention or a living-environment need (inline with htmx)."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    spec = _kind(kind)
    if not (request.method == "GET" and request.GET.get("view")):
        require(policy.can_edit_workspace(request.user, case))
    if pk:
        item = _with_coverage(request.user, case, _item(request.user, case, kind, pk))
    else:
        item = spec.model(case=case)
        if kind == "intervention" and (gap_pk := request.GET.get("gap", "")).isdigit():
            item.gap = CompetenceGap.objects.filter(case=case, pk=gap_pk).first()
    user = request.user
    response = edit_item(
        request,
        case=case,
        item=item,
        form_class=spec.form,
        item_template=f"{TEMPLATE}#{kind}",
        page_url=_tab_url(case),
        save=lambda obj, version, reason: _with_coverage(user, case, spec.save(user, obj, version, reason)),
        context={**_context(user, case), "kind": kind},
        # A new gap or intervention has its place in the grouped list; a need joins the end of its list.
        reload_after_create=kind != "livingneed",
    )
    if request.htmx and request.method == "POST" and not response.has_header("HX-Refresh"):
        response["HX-Trigger"] = CHANGED  # the page is not reloaded: refresh the summary and coverage
    return response


@login_required
@require_POST
def item_delete(request, case_pk, kind, pk):
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    require(policy.can_edit_workspace(request.user, case))
    spec = _kind(kind)
    item = _item(request.user, case, kind, pk)
    version = request.POST.get("version", "")
    error, shown = None, item
    try:
        spec.delete(request.user, item, int(version) if version.isdigit() else None)
    except StaleEdit as exc:
        error, shown = (
            _("Someone else changed this meanwhile; nothing was removed. This is the newer version."),
            (exc.current),
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Removed."))
        return redirect(_tab_url(case))
    if error:
        context = {**_context(request.user, case), "item": _with_coverage(request.user, case, shown)}
        response = render(request, f"{TEMPLATE}#{kind}", {**context, "kind": kind, "error": error})
    else:
        response = HttpResponse("")
    response["HX-Trigger"] = CHANGED
    return response


@login_required
def item_history(request, case_pk, kind, pk):
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    item = _item(request.user, case, kind, pk)
    return history_page(request, case=case, item=item, back_url=_tab_url(case))


FIELD_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@login_required
@require_GET
def occupation_search(request, case_pk):
    """htmx: the occupation <select> of a gap form again, narrowed to the level-4 occupations whose
    name contains, or whose SSYK code starts with, what was typed (at most 20)."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    require(policy.can_edit_workspace(request.user, case))
    query = request.GET.get("occupation_q", "").strip()[:100]
    field_id = request.GET.get("field_id", "")
    if not FIELD_ID.match(field_id):
        field_id = "id_occupation"
    selected = request.GET.get("occupation", "")
    if query:
        matches = selectors.occupation_search(query=query)
        current = None
        if selected.isdigit() and all(str(o.pk) != selected for o in matches):
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
