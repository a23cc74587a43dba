"""The education supply's pages: the register, one offering, adding and changing one, its history,
and importing many from a CSV file. Thin: the policy decides who may (accounts/policy.py), the
selectors read, the services write, the importer reads and checks a file (importer.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accounts import policy
from actors import uploads
from actors.services import file_too_large_message, import_max_bytes
from actors.views import UNREADABLE_UPLOAD, UPLOAD_ENVELOPE_BYTES
from config.history import history_entries
from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from ..reference import sun_fields
from . import importer, selectors, services
from .forms import OfferingEditForm, OfferingFilterForm, OfferingImportForm
from .models import Offering


@login_required
def offering_list(request):
    require(policy.can_view_offerings(request.user))
    form = OfferingFilterForm(request.GET or None, user=request.user)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.offering_list(user=request.user, filters=filters))
    return render(
        request,
        "competence/offering_list.html",
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "filtered": bool(filters),
            "can_add": policy.can_add_offering(request.user),
        },
    )


@login_required
def offering_detail(request, pk):
    offering = selectors.offering_get(user=request.user, pk=pk)
    return render(
        request,
        "competence/offering_detail.html",
        {
            "offering": offering,
            "can_edit": policy.can_edit_offering(request.user, offering),
            "sun_name": sun_fields().get(offering.sun_field, ""),
        },
    )


def _form_page(request, offering: Offering, *, new: bool):
    form = OfferingEditForm(
        request.POST if request.method == "POST" else None, instance=offering, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.offering_save(
                user=request.user,
                offering=form.save(commit=False),
                occupations=form.cleaned_data["occupations"],
                reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The offering “%(name)s” is saved.") % {"name": saved.name})
            return redirect("supply:offering_detail", saved.pk)
    return render(request, "competence/offering_form.html", {"form": form, "offering": offering, "new": new})


@login_required
def offering_create(request):
    require(policy.can_add_offering(request.user))
    return _form_page(request, Offering(), new=True)


@login_required
def offering_edit(request, pk):
    offering = selectors.offering_get(user=request.user, pk=pk)
    require(policy.can_edit_offering(request.user, offering))
    return _form_page(request, offering, new=False)


@login_required
def offering_history(request, pk):
    offering = selectors.offering_get(user=request.user, pk=pk)
    return render(
        request,
        "history.html",
        {"object": offering, "entries": history_entries(offering), "back_url": offering.get_absolute_url()},
    )


# --- Importing offerings from a CSV file -------------------------------------------------------------

IMPORT_TEMPLATE = "competence/offering_import.html"
# A confirmation carries the file in a form field: it must stay below Django's limit for such fields.
MAX_CARRIED = int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440) or 2_621_440) - 64 * 1024


@csrf_exempt  # the token is checked by _offering_import, once the upload limit is in place
@login_required
def offering_import(request):
    """Upload a CSV file of offerings, see what importing it would add and change, confirm. The file's
    size is limited while it arrives, as the registry's import does it (``actors.uploads``): a body
    declared too long is refused unread (413), a file is dropped as soon as it passes
    ``IMPORT_MAX_BYTES``. ``?format=csv``: an example file to start from."""
    require(policy.can_add_offering(request.user))
    if request.method == "GET" and request.GET.get("format") == "csv":
        response = HttpResponse(importer.example(request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="utbildningar.csv"'
        return response
    guard = None
    if request.method == "POST":
        limit = import_max_bytes()
        if uploads.declared_length(request) > max(limit, MAX_CARRIED) + UPLOAD_ENVELOPE_BYTES:
            return _import_page(request, refused=[file_too_large_message(limit)], status=413)
        guard = uploads.install(request, limit)
        try:
            request.POST, request.FILES  # noqa: B018 - read the body here, under the limit
        except UNREADABLE_UPLOAD:
            return _import_page(
                request, refused=[_("The upload could not be read. Choose the file and upload it again.")]
            )
    return _offering_import(request, guard)


@csrf_protect
def _offering_import(request, guard):
    if request.method != "POST":
        return _import_page(request)
    if "token" in request.POST:
        return _import_confirm(request)
    form = OfferingImportForm(request.POST, request.FILES, max_rows=importer.MAX_ROWS)
    if guard.exceeded:
        form.refuse_file(file_too_large_message(guard.limit))
    elif guard.interrupted:
        form.refuse_file(_("The file did not arrive whole: the upload was cut off. Upload it again."))
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        return _import_preview(request, importer.plan(data, user=request.user), data, upload.name)
    return _import_page(request, form=form)


def _import_preview(request, checked, data: bytes, filename: str, *, notice: str = ""):
    """The file, checked: what it would add and change, with a confirmation that carries it; or what
    is wrong with it, and the form to upload it again."""
    if checked.errors:
        return _import_page(request, refused=checked.errors)
    token = importer.carry(request.user, data, checked, filename=filename) if checked.ok else ""
    if len(token) > MAX_CARRIED:
        return _import_page(request, refused=[file_too_large_message()])
    return _import_page(request, checked=checked, token=token, filename=filename, notice=notice)


def _import_confirm(request):
    """Import the file the preview carried, checked again as the register and the user's rights are
    now: when a row would now change another offering (or add one it changed), the preview again."""
    carried = importer.carried(request.user, request.POST["token"])
    if carried is None:
        refused = _("The preview is too old or was not made for you: upload the file again.")
        return _import_page(request, refused=[refused], status=400)
    meta, data = carried
    checked = importer.plan(data, user=request.user)
    if not checked.ok or checked.keys != meta.get("keys"):
        notice = "" if not checked.ok else _("The register changed since the preview: check the rows again.")
        return _import_preview(request, checked, data, meta.get("file", ""), notice=notice)
    try:
        importer.save(checked, user=request.user)
    except importer.RowRefused as refused:
        message = _("Nothing was imported: line %(line)d was refused (%(reason)s).") % {
            "line": refused.line,
            "reason": " ".join(refused.messages),
        }
        return _import_page(request, refused=[message])
    messages.success(
        request,
        _("The file is imported: %(created)s new offerings, %(updated)s changed, %(unchanged)s unchanged.")
        % {"created": checked.created, "updated": checked.updated, "unchanged": checked.unchanged},
    )
    return redirect("supply:offering_list")


def _import_page(request, *, form=None, refused: list[str] = (), status: int = 200, **context):
    """The import page; ``refused``: why the file (or a confirmation) was refused as a whole."""
    if form is None:
        bound = {"data": {}, "files": {}} if refused else {}
        form = OfferingImportForm(**bound, max_rows=importer.MAX_ROWS)
    if refused:
        form.refuse_file(refused[0])
        for message in refused[1:]:
            form.add_error("file", message)
    if "checked" not in context:  # the upload page: the file format, with an example to start from
        context["columns"] = importer.column_help()
        context["example"] = importer.example(request.user).decode("utf-8-sig")
    return render(request, IMPORT_TEMPLATE, {"form": form, **context}, status=status)
