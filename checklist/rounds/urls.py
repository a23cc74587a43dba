"""Rounds and answers; part of the "checklist" namespace (checklist/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("checklista/", views.my_rounds, name="my_rounds"),
    path("beredskap/<str:code>/omgangar/ny/", views.round_create, name="round_create"),
    path("omgangar/<int:pk>/", views.round_detail, name="round_detail"),
    path("omgangar/<int:pk>/stang/", views.round_close, name="round_close"),
    path("omgangar/<int:pk>/paminn/", views.round_remind, name="round_remind"),
    path("omgangar/<int:pk>/svar/<int:participant_pk>/", views.answer, name="answer"),
    path(
        "omgangar/<int:pk>/svar/<int:participant_pk>/historik/", views.answer_history, name="answer_history"
    ),
    path("checklista/svara/<str:token>/", views.answer_link, name="answer_link"),
]
