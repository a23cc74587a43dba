"""The routines and their versions; part of the "checklist" namespace (checklist/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rutiner/", views.routine_list, name="routine_list"),
    path("rutiner/ny/", views.routine_add, name="routine_add"),
    path("rutiner/<int:pk>/ny-version/", views.routine_revise, name="routine_revise"),
]
