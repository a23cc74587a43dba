from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, ValidationError
from django.http import Http404, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from accounts import policy
from config.history import history_entries
from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from . import selectors, services, suggestions, uploads
from .forms import (
    ImportForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    RoleForm,
)
from .services import ORGANISATION_COLUMNS, PERSON_COLUMNS


def _registry_list(request, form_class, rows_of, template):
    """A page of the registry's organisations or people: its filters, one page of rows (``rows_of``:
    filters -> the page's rows as the table shows them), the links to the other pages."""
    require(policy.can_view_registry(request.user))
    form = form_class(request.GET or None, user=request.user)
    filters = filters_from(form) if form.is_bound else {}
    page = rows_of(filters)
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "can_edit": policy.can_edit_registry(request.user),
        },
    )


@login_required
def organisation_list(request):
    def rows_of(filters):
        page = paginate(request, selectors.organisation_list(user=request.user, filters=filters))
        page.object_list = selectors.organisation_rows(page.object_list)
        return page

    return _registry_list(request, OrganisationFilterForm, rows_of, "actors/organisation_list.html")


@login_required
def person_list(request):
    def rows_of(filters):
        page = paginate(request, selectors.person_list(user=request.user, filters=filters))
        page.object_list = selectors.person_rows(page.object_list, user=request.user)
        return page

    return _registry_list(request, PersonFilterForm, rows_of, "actors/person_list.html")


@login_required
@require_GET
def suggest(request, source):
    """The suggestions under a search-as-you-type field (``actors.widgets``): the rows of ``source``
    that the user may choose and that match ``q``, as the options of its listbox, with what a screen
    reader is told of them (a <template> the field's script reads)."""
    require(policy.can_view_registry(request.user))
    found_source = suggestions.SOURCES.get(source)
    if found_source is None:
        raise Http404
    text = suggestions.clean_text(request.GET.get("q", ""))
    rows = suggestions.suggestions(user=request.user, source=found_source, text=text)
    options = format_html_join(
        "",
        '<li role="option" class="search-field__option" data-value="{}" data-label="{}">{}'
        '<span class="search-field__hint">{}</span></li>',
        ((row.pk, found_source.label(row), found_source.label(row), found_source.hint(row)) for row in rows),
    )
    if rows:
        status = ngettext(
            "%(count)d suggestion. Choose with the up and down arrow keys and Enter.",
            "%(count)d suggestions. Choose with the up and down arrow keys and Enter.",
            len(rows),
        ) % {"count": len(rows)}
    elif text:
        status = _("Nothing matches “%(text)s”.") % {"text": text}
    else:
        status = _("Nothing to choose.")
    body = format_html(
        '{}<template data-search-status data-count="{}">{}</template>', options, len(rows), status
    )
    response = HttpResponse(body)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def organisation_detail(request, pk):
    organisation = selectors.organisation_get(user=request.user, pk=pk)
    context = {"organisation": organisation}
    context.update(selectors.organisation_detail_context(user=request.user, organisation=organisation))
    return render(request, "actors/organisation_detail.html", context)


def _edit(request, form, save, template, context):
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("change_reason", "")
        try:
            obj = save(form.save(commit=False), reason)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return render(request, template, {"form": form, **context})


@login_required
def organisation_edit(request, pk=None):
    require(policy.can_edit_registry(request.user))
    instance = selectors.organisation_get(user=request.user, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=instance)
    return _edit(
        request,
        form,
        lambda obj, reason: services.organisation_save(user=request.user, organisation=obj, reason=reason),
        "actors/organisation_form.html",
        {"organisation": instance},
    )


@login_required
def organisation_history(request, pk):
    organisation = selectors.organisation_get(user=request.user, pk=pk)
    return render(
        request,
        "history.html",
        {
            "object": organisation,
            "entries": history_entries(organisation),
            "back_url": organisation.get_absolute_url(),
        },
    )


@login_required
def person_detail(request, pk):
    person = selectors.person_get(user=request.user, pk=pk)
    return render(
        request,
        "actors/person_detail.html",
        {
            "person": person,
            "can_edit": policy.can_edit_registry(request.user),
        },
    )


@login_required
def person_edit(request, pk=None):
    require(policy.can_edit_registry(request.user))
    instance = selectors.person_get(user=request.user, pk=pk) if pk else None
    initial = {}
    if instance is None and (org_pk := request.GET.get("organisation", "")).isdecimal():
        initial["organisation"] = org_pk
    form = PersonForm(request.POST or None, instance=instance, initial=initial)
    return _edit(
        request,
        form,
        lambda obj, reason: services.person_save(user=request.user, person=obj, reason=reason),
        "actors/person_form.html",
        {"person": instance},
    )


@login_required
def person_history(request, pk):
    person = selectors.person_get(user=request.user, pk=pk)
    # Earlier e-mail addresses and numbers are contact details too: shown to whom the current are.
    hidden = set() if policy.can_see_contact_details(request.user, person) else {"email", "phone"}
    return render(
        request,
        "history.html",
        {
            "object": person,
            "entries": history_entries(person, hidden=hidden),
            "back_url": person.get_absolute_url(),
        },
    )


@login_required
def role_edit(request, organisation_pk, pk=None):
    require(policy.can_edit_registry(request.user))
    organisation = selectors.organisation_get(user=request.user, pk=organisation_pk)
    instance = None
    if pk:
        instance = selectors.role_get(user=request.user, pk=pk)
        if instance.organisation_id != organisation.pk:
            raise Http404
    form = RoleForm(request.POST or None, instance=instance, organisation=organisation)

    def save(obj, reason):
        services.role_save(user=request.user, role=obj, reason=reason)
        return organisation

    return _edit(
        request, form, save, "actors/role_form.html", {"organisation": organisation, "role": instance}
    )


@login_required
def role_history(request, pk):
    role = selectors.role_get(user=request.user, pk=pk)
    return render(
        request,
        "history.html",
        {"object": role, "entries": history_entries(role), "back_url": role.organisation.get_absolute_url()},
    )


# The multipart envelope around the file (boundaries, part headers, the token and the kind) is small:
# a body declared longer than the file limit and this much is refused before a byte of it is read.
UPLOAD_ENVELOPE_BYTES = 64 * 1024
# What Django raises when a request's body cannot be parsed (a broken or cut-off upload).
UNREADABLE_UPLOAD = (
    MultiPartParserError,
    UnreadablePostError,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)


@csrf_exempt  # the token is checked by _registry_import, once the upload limit is in place
@login_required
def registry_import(request):
    """The CSV import. The file's size is limited while it arrives: a body declared too long is
    refused unread (413), and ``actors.uploads.UploadLimit`` drops a file as soon as it passes
    ``IMPORT_MAX_BYTES``. CsrfViewMiddleware would read the body before the limit is in place, so
    this view is exempt and the view it hands over to checks the token."""
    require(policy.can_edit_registry(request.user))
    guard = None
    if request.method == "POST":
        limit = services.import_max_bytes()
        if uploads.declared_length(request) > limit + UPLOAD_ENVELOPE_BYTES:
            return _import_page(request, refused=services.file_too_large_message(limit), status=413)
        guard = uploads.install(request, limit)
        try:
            request.POST, request.FILES  # noqa: B018 - read the body here, under the limit
        except UNREADABLE_UPLOAD:
            return _import_page(
                request, refused=_("The upload could not be read. Choose the file and upload it again.")
            )
    return _registry_import(request, guard)


@csrf_protect
def _registry_import(request, guard):
    if request.method != "POST":
        return _import_page(request)
    form = ImportForm(request.POST, request.FILES)
    if guard.exceeded:
        form.refuse_file(services.file_too_large_message(guard.limit))
    elif guard.interrupted:
        form.refuse_file(_("The file did not arrive whole: the upload was cut off. Upload it again."))
    elif form.is_valid():
        importer = (
            services.organisations_import
            if form.cleaned_data["kind"] == "organisations"
            else services.people_import
        )
        try:
            result = importer(user=request.user, data=form.cleaned_data["file"].read())
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext("%(count)d row imported.", "%(count)d rows imported.", result.created)
                    % {"count": result.created},
                )
                return redirect("actors:organisation_list")
            return _import_page(request, form=form, result=result)
    return _import_page(request, form=form)


def _import_page(request, *, form=None, result=None, refused: str | None = None, status: int = 200):
    """The import page; ``refused``: why an upload that could not be read at all was refused."""
    if form is None:
        form = ImportForm(data={}, files={}) if refused else ImportForm()
    if refused:
        form.refuse_file(refused)
    return render(
        request,
        "actors/import.html",
        {
            "form": form,
            "result": result,
            "organisation_columns": ORGANISATION_COLUMNS,
            "person_columns": PERSON_COLUMNS,
        },
        status=status,
    )
