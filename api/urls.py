"""The REST API, mounted at /api/ (config/urls.py): version 1, the schema and its documentation."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import checklist, items, views

router = DefaultRouter()
router.include_format_suffixes = False
router.register("regions", views.RegionViewSet, basename="region")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("roles", views.RoleViewSet, basename="role")
router.register("cases", views.CaseViewSet, basename="case")
router.register("signals", views.SignalViewSet, basename="signal")
router.register("actions", views.ActionViewSet, basename="action")
router.register("alarms", views.AlarmViewSet, basename="alarm")
for prefix, viewset, basename in items.VIEWSETS:
    router.register(prefix, viewset, basename=basename)
router.register("rounds", checklist.RoundViewSet, basename="round")
router.register("answers", checklist.AnswerViewSet, basename="answer")
router.register("lessons", checklist.LessonViewSet, basename="lesson")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    re_path(
        r"^v1/competence-picture/(?P<region_code>[0-9]{2})/$",
        views.CompetencePictureView.as_view(),
        name="competence_picture",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
