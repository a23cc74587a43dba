"""Inline editing of a case's workspace items, shared by every moment of the guide.

One endpoint creates or edits an item: with htmx it answers with the item's fragment (or the form
again, with its errors, in place); without JavaScript it is an ordinary page that redirects back.
A stale edit (someone saved a newer version meanwhile) is refused and shown next to the newer
version; submitting again then knowingly replaces it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from config.views import apply_service_errors


def edit_item(
    request,
    *,
    case,
    item,
    form_class,
    item_template: str,
    page_url: str,
    save,
    context: dict | None = None,
    form_kwargs: dict | None = None,
    reload_after_create: bool = False,
) -> HttpResponse:
    """Create (``item`` unsaved) or edit an item of ``case``.

    ``item_template`` is "<template>#<partial>" rendering one item as ``item``; the form is
    ``includes/item_form.html``. ``save(item, expected_version, reason)`` calls the app's service.
    """
    from establishments.models import StaleEdit

    context = {"case": case, **(context or {})}
    if request.method == "GET" and request.GET.get("view") and item.pk:
        return render(request, item_template, {**context, "item": item})  # "cancel" on an inline form
    form = form_class(request.POST or None, instance=item, case=case, **(form_kwargs or {}))
    newer = None
    creating = item.pk is None
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.case = case
        try:
            obj = save(obj, form.cleaned_data.get("version"), form.cleaned_data.get("change_reason", ""))
            form.save_m2m()
        except StaleEdit as exc:
            newer = exc.current
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
            if request.htmx:
                if reload_after_create and creating:
                    return HttpResponseClientRefresh()  # the new item belongs elsewhere on the page
                return render(request, item_template, {**context, "item": obj, "just_saved": True})
            return redirect(page_url)
    if reload_after_create and creating:
        context.setdefault("create_target", "closest form")  # the page reloads; nothing is appended
    form_context = {
        **context,
        "form": form,
        "item": item,
        "newer": newer,
        "page_url": page_url,
        "item_template": item_template,
        "action": request.get_full_path(),
    }
    if request.htmx:
        response = render(request, "includes/item_form.html", form_context)
        if request.method == "POST" and creating:
            # A create form with errors replaces itself, not the list it would have added to.
            response = reswap(
                retarget(response, f"#new-{form_class._meta.model._meta.model_name}"), "outerHTML"
            )
        return response
    return render(request, "includes/item_form_page.html", form_context)


ALL_SHARED = object()  # history_page's default: the levels the user may read in the case


def history_page(request, *, case, item, back_url: str, sharing_levels=ALL_SHARED):
    """The history page of one record of a case's workspace: who changed which field, from what, to
    what, when and why. Opening it is logged like any view of the case (confidential cases); only
    versions the reader may see are shown (``sharing_levels``; None for records without one)."""
    from accounts import policy
    from config.history import history_entries
    from establishments.services import case_record_view

    if sharing_levels is ALL_SHARED:
        sharing_levels = policy.sharing_levels_for(request.user, case)
    case_record_view(case=case, user=request.user, path=request.path)
    return render(
        request,
        "history.html",
        {
            "object": item,
            "entries": history_entries(item, sharing_levels=sharing_levels),
            "back_url": back_url,
        },
    )
