"""The regional competence picture, mounted at /kompetens/ (config/urls.py)."""

from django.urls import path, re_path

from . import views

app_name = "picture"
REGION = r"(?P<region_code>[0-9]{2})"
SSYK = r"(?P<ssyk>[0-9]{4})"
urlpatterns = [
    path("", views.picture_index, name="index"),
    re_path(rf"^{REGION}/$", views.region_picture, name="region"),
    re_path(rf"^{REGION}/kompetensbild\.xlsx$", views.region_picture_xlsx, name="region_xlsx"),
    re_path(rf"^{REGION}/yrke/{SSYK}/$", views.occupation, name="occupation"),
    re_path(rf"^{REGION}/yrke/{SSYK}/underlag\.pdf$", views.occupation_pdf, name="occupation_pdf"),
]
