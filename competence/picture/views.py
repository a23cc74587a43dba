"""The regional competence picture's pages: the picture of a region (or one of its municipalities),
its XLSX file, one occupation's chart and basis for an application, and that basis as a PDF. Thin:
the policy decides who may (``policy.can_view_competence_picture``), the selectors read and count."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import policy
from accounts.models import RoleName
from config.views import require

from . import charts, exports, selectors
from .forms import PictureFilterForm
from .semafor import RULE


def _region(request, region_code):
    return selectors.picture_region(user=request.user, code=region_code)


def _filters(request, region) -> tuple[PictureFilterForm, selectors.Filters]:
    form = PictureFilterForm(request.GET or None, region=region)
    if form.is_bound:
        form.is_valid()
    return form, form.filters()


@login_required
@require_GET
def picture_index(request):
    """Where the menu's "Competence" leads: the user's region (an official: their municipality);
    for an administrator, every region to choose from."""
    regions = list(selectors.picture_regions(user=request.user))
    require(bool(regions))
    if len(regions) == 1:
        url = reverse("picture:region", args=[regions[0].code])
        if policy.role_of(request.user) == RoleName.OFFICIAL and request.user.municipality_id:
            url += f"?municipality={request.user.municipality.code}"
        return redirect(url)
    return render(request, "competence/picture_index.html", {"regions": regions})


@login_required
@require_GET
def region_picture(request, region_code):
    region = _region(request, region_code)
    form, filters = _filters(request, region)
    picture = selectors.regional_picture(user=request.user, region=region, filters=filters)
    return render(
        request,
        "competence/picture.html",
        {
            "region": region,
            "form": form,
            "picture": picture,
            "rule": RULE,
            "query": request.GET.urlencode(),
            "filters_text": exports.filters_text(filters, region, picture.year_range),
        },
    )


@login_required
@require_GET
def region_picture_xlsx(request, region_code):
    region = _region(request, region_code)
    _form, filters = _filters(request, region)
    picture = selectors.regional_picture(user=request.user, region=region, filters=filters)
    response = HttpResponse(
        exports.picture_xlsx(picture),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"kompetensbild-{region.code}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _basis(request, region_code, ssyk):
    region = _region(request, region_code)
    form, filters = _filters(request, region)
    basis = selectors.occupation_basis(user=request.user, region=region, code=ssyk, filters=filters)
    return region, form, basis


@login_required
@require_GET
def occupation(request, region_code, ssyk):
    """One occupation: the chart, its table, the cases and offerings behind it; printed, the basis
    for an application."""
    region, form, basis = _basis(request, region_code, ssyk)
    return render(
        request,
        "competence/picture_occupation.html",
        {
            "region": region,
            "form": form,
            "basis": basis,
            "row": basis.row,
            "chart": charts.demand_supply_chart(basis),
            "can_add_offering": policy.can_add_offering(request.user),
            "rule": RULE,
            "query": request.GET.urlencode(),
            "filters_text": exports.filters_text(basis.picture_filters, region, basis.year_range),
        },
    )


@login_required
@require_GET
def occupation_pdf(request, region_code, ssyk):
    region, _form, basis = _basis(request, region_code, ssyk)
    response = HttpResponse(exports.basis_pdf(basis, region), content_type="application/pdf")
    name = f"underlag-{basis.row.occupation.code}-{region.code}-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
