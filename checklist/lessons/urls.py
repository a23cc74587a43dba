"""Lessons, routine 10; part of the "checklist" namespace (checklist/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("lardomar/", views.lesson_library, name="lesson_library"),
    path("arenden/<int:case_pk>/lardom/", views.lesson_create, name="lesson_create"),
    path("lardomar/<int:pk>/", views.lesson_edit, name="lesson_edit"),
]
