from django.urls import path

from . import views

_plan = "arenden/<int:case_pk>/handlingsplan/"
urlpatterns = [
    path(_plan, views.action_plan, name="action_plan"),
    path(f"{_plan}<int:pk>/foresla/", views.action_propose, name="action_propose"),
    path(f"{_plan}<int:pk>/svara/", views.action_respond, name="action_respond"),
    path(f"{_plan}export.xlsx", views.action_plan_export, name="action_plan_export"),
    path("kalender/", views.calendar_feed_settings, name="calendar_feed_settings"),
    # Reached without logging in, by its private token: listed as an open URL in the access harness.
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
