"""Seeing it: readiness, the matrix, trends and the regional readiness plan; part of the "checklist"
namespace (checklist/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("beredskap/", views.index, name="readiness_index"),
    path("beredskap/<str:code>/", views.overview, name="overview"),
    path("beredskap/<str:code>/utveckling/", views.trends, name="trends"),
    path("beredskap/<str:code>/plan/", views.plan, name="plan"),
    path("omgangar/<int:pk>/matris/", views.matrix, name="matrix"),
    path("omgangar/<int:pk>/matris.xlsx", views.matrix_xlsx, name="matrix_xlsx"),
    path("omgangar/<int:pk>/utskrift/", views.matrix_print, name="matrix_print"),
    path("beredskap/svar/<int:answer_pk>/atgard/", views.action_from_answer, name="action_from_answer"),
    path("beredskap/atgarder/<int:pk>/", views.action_edit, name="action_edit"),
]
