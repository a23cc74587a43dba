"""The generic endpoints of a case's workspace: create, edit, the view fragment, remove and history
of any record, for every kind the moments register (``workspace.core.kinds``).

With htmx an edit answers with the record's fragment (or the form again, with its errors, in
place); without JavaScript it is an ordinary page that redirects back to the tab. A stale edit
(someone saved a newer version meanwhile) is refused and shown next to the newer version; submitting
again then knowingly replaces it. Every request goes through ``case_page``: the case the user may
see, a view of a confidential case logged, the form and every change only for those who may record
in the workspace.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from accounts import policy
from config.history import history_entries
from config.views import apply_service_errors
from establishments.decorators import case_page, changes
from establishments.selectors import case_workspace_context

from . import kinds
from .versioning import StaleEdit


def tab_url(kind: kinds.ItemKind, case) -> str:
    return reverse(kind.tab, kwargs={"case_pk": case.pk})


def _record(request, case, kind: kinds.ItemKind, pk: int):
    """One record of the case that the user may read, or 404."""
    item = kind.readable(request.user, case).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _context(request, case, kind: kinds.ItemKind) -> dict:
    context = case_workspace_context(user=request.user, case=case, active_tab=kind.active_tab)
    context.update({"kind": kind.name, "item_tag": kind.item_tag})
    if kind.context is not None:
        context.update(kind.context(request, case))
    return context


def _shown(request, case, kind: kinds.ItemKind, item, context: dict):
    return kind.decorate(request, case, item, context) if kind.decorate is not None else item


def _changed(response: HttpResponse, kind: kinds.ItemKind) -> HttpResponse:
    if kind.changed_event and not response.has_header("HX-Refresh"):
        response["HX-Trigger"] = kind.changed_event  # the page is not reloaded: refresh what depends on it
    return response


@case_page(may=policy.can_edit_workspace, when=changes)
def item_edit(request, case, kind, pk=None):
    """Create (no ``pk``) or edit a record; ``?view=1`` answers with the record's fragment."""
    kind = kinds.get(kind)
    context = _context(request, case, kind)
    item = _record(request, case, kind, pk) if pk else kind.make(request, case)
    if item.pk:
        item = _shown(request, case, kind, item, context)
    template = kind.template
    if request.method == "GET" and request.GET.get("view") and item.pk:
        return render(request, template, {**context, "item": item})  # "cancel" on an inline form
    creating = item.pk is None
    form_class = kind.create_form if creating and kind.create_form else kind.form
    form = form_class(request.POST or None, instance=item, case=case)
    newer = None
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.case = case
        try:
            obj = kind.save_item(
                request.user,
                obj,
                form.cleaned_data.get("version"),
                form.cleaned_data.get("change_reason", ""),
            )
            form.save_m2m()
        except StaleEdit as exc:
            newer = _shown(request, case, kind, exc.current, context)
            form.data = form.data.copy()
            form.data["version"] = newer.version  # a second save now knowingly replaces the newer version
            form.add_error(
                None,
                _(
                    "Someone else saved this while you were editing. Your change is not saved. "
                    "Compare with the newer version below, then save again or cancel."
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(tab_url(kind, case))
            if kind.reload_after_create and creating:
                return _changed(HttpResponseClientRefresh(), kind)  # the new record belongs elsewhere
            obj = _shown(request, case, kind, obj, context)
            response = render(request, template, {**context, "item": obj, "just_saved": True})
            return _changed(response, kind)
    if kind.reload_after_create and creating:
        context.setdefault("create_target", "closest form")  # the page reloads; nothing is appended
    form_context = {
        **context,
        "form": form,
        "item": item,
        "newer": newer,
        "page_url": tab_url(kind, case),
        "item_template": template,
        "action": request.get_full_path(),
    }
    if request.htmx:
        response = render(request, "workspace/item_form.html", form_context)
        if request.method == "POST" and creating:
            # A create form with errors replaces itself, not the list it would have added to.
            response = reswap(retarget(response, f"#new-{kind.name}"), "outerHTML")
        return response
    return render(request, "workspace/item_form_page.html", form_context)


@case_page(may=policy.can_edit_workspace)
@require_POST
def item_delete(request, case, kind, pk):
    """Remove a record, if it is still the version the user saw."""
    kind = kinds.get(kind)
    if not kind.deletable:
        raise Http404
    item = _record(request, case, kind, pk)
    version = request.POST.get("version", "")
    error, shown = None, item
    try:
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        kind.delete_item(request.user, item, int(version) if version.isdecimal() else None)
    except StaleEdit as exc:
        error = _("Someone else changed this meanwhile; nothing was removed. This is the newer version.")
        shown = exc.current
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Removed."))
        return redirect(tab_url(kind, case))
    if error:
        context = _context(request, case, kind)
        item = _shown(request, case, kind, shown, context)
        return render(request, kind.template, {**context, "item": item, "error": error})
    if kind.reload_after_delete:
        return HttpResponseClientRefresh()
    return _changed(HttpResponse(""), kind)


@case_page()
def item_history(request, case, kind, pk):
    """Who changed which field of a record, from what, to what, when and why: only the versions
    shared at a level the reader may see."""
    kind = kinds.get(kind)
    item = _record(request, case, kind, pk)
    levels = policy.sharing_levels_for(request.user, case) if kind.shared else None
    return render(
        request,
        "history.html",
        {
            "object": item,
            "entries": history_entries(item, sharing_levels=levels),
            "back_url": tab_url(kind, case),
        },
    )
