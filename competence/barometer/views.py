"""Loading a round of the Yrkesbarometer in the admin: upload the file, see what loading it would
change, confirm. The file is not kept on the server between the two steps: the preview carries it,
compressed and signed for the user who uploaded it (valid for an hour), in the confirming form, so a
confirmation loads exactly the file that was previewed, on whichever server answers it.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from accounts import policy
from actors.services import size_label
from config.views import require

from . import importer
from .forms import BarometerUploadForm
from .models import BarometerRound

SALT = "competence.barometer.load"
VALID_SECONDS = 3600
# A confirmation's body must stay below Django's limit for fields that are no files.
MAX_CARRIED = int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440) or 2_621_440) - 64 * 1024
TEMPLATE = "admin/competence/barometer_load.html"


def max_bytes() -> int:
    return int(getattr(settings, "BAROMETER_MAX_BYTES", 16 * 1024 * 1024))


def _carry(user, data: bytes, *, filename: str, round_code: str, published: str) -> str:
    meta = json.dumps({"user": user.pk, "file": filename, "round": round_code, "published": published})
    # Only base64's letters and a dot: a browser sends a form field's line breaks back as CR LF.
    meta = base64.urlsafe_b64encode(meta.encode()).decode("ascii")
    body = base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii")
    return signing.TimestampSigner(salt=SALT).sign(f"{meta}.{body}")


def _carried(user, token: str) -> tuple[dict, bytes] | None:
    """The previewed file and its settings, if ``token`` is one this user was given within the hour."""
    try:
        meta, body = signing.TimestampSigner(salt=SALT).unsign(token, max_age=VALID_SECONDS).split(".", 1)
        meta = json.loads(base64.urlsafe_b64decode(meta))
        data = zlib.decompress(base64.urlsafe_b64decode(body))
    except (signing.BadSignature, ValueError, binascii.Error, zlib.error):
        return None
    return (meta, data) if meta.get("user") == user.pk else None


def load_round(request, *, admin_context):
    """The admin's page (``admin_context``: the admin site's context for its header and menu)."""
    require(policy.can_load_reference_data(request.user))
    context = {
        **admin_context,
        "title": _("Load a round of the Yrkesbarometer"),
        "max_size": size_label(max_bytes()),
        "rounds": BarometerRound.objects.select_related("loaded_by")[:20],
    }
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context)
    posted = request.method == "POST"
    form = BarometerUploadForm(request.POST, request.FILES) if posted else BarometerUploadForm()
    if not posted or not form.is_valid():
        return TemplateResponse(request, TEMPLATE, {**context, "form": form})
    upload = form.cleaned_data["file"]
    if upload.size > max_bytes():
        form.add_error("file", _("The file is larger than %(size)s.") % {"size": size_label(max_bytes())})
        return TemplateResponse(request, TEMPLATE, {**context, "form": form})
    data = upload.read()
    parsed = importer.read(data, filename=upload.name, round_code=form.cleaned_data["round"] or "")
    if not parsed.ok:
        return TemplateResponse(request, TEMPLATE, {**context, "form": form, "errors": parsed.errors})
    published = form.cleaned_data["published"]
    token = _carry(
        request.user,
        data,
        filename=upload.name,
        round_code=form.cleaned_data["round"] or "",
        published=published.isoformat() if published else "",
    )
    if len(token) > MAX_CARRIED:
        form.add_error(
            "file", _("The file is too large to confirm here: load it with manage.py load_yrkesbarometer.")
        )
        return TemplateResponse(request, TEMPLATE, {**context, "form": form})
    preview = importer.preview(parsed)
    return TemplateResponse(
        request,
        TEMPLATE,
        {**context, "preview": preview, "token": token, "filename": upload.name, "published": published},
    )


def _confirm(request, context):
    carried = _carried(request.user, request.POST["token"])
    if carried is None:
        form = BarometerUploadForm()
        refused = _("The preview is too old or was not made for you: upload the file again.")
        return TemplateResponse(request, TEMPLATE, {**context, "form": form, "errors": [refused]}, status=400)
    meta, data = carried
    parsed = importer.read(data, filename=meta["file"], round_code=meta["round"])
    if not parsed.ok:  # the county codes changed since the preview, say
        return TemplateResponse(
            request, TEMPLATE, {**context, "form": BarometerUploadForm(), "errors": parsed.errors}
        )
    round_ = importer.load(parsed, user=request.user, published=parse_date(meta["published"] or "") or None)
    messages.success(
        request,
        _("Round %(round)s of the Yrkesbarometer is loaded: %(n)s assessments.")
        % {"round": round_.code, "n": len(parsed.rows)},
    )
    return redirect("admin:competence_barometerround_load")  # the page lists the rounds loaded
