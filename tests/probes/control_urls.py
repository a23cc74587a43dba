"""URLs for the positive control only (tests/probes/test_access_probes.py): views that deny in the
wrong way, so the control can show the probes notice."""

from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path

from actors.models import Organisation


def denies_after_writing(request):
    Organisation.objects.create(name="Skrivet trots nej", type="kommun", level="lokal")
    return HttpResponseForbidden("nej")


def denies_showing(request):
    return HttpResponseForbidden(request.GET.get("show", ""))


def allows(request):
    return HttpResponse("ok")


urlpatterns = [
    path("writes/", denies_after_writing),
    path("shows/", denies_showing),
    path("allows/", allows),
]
