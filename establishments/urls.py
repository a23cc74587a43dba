from django.urls import path

from . import views

app_name = "establishments"
urlpatterns = [
    path("signaler/", views.signal_list, name="signal_list"),
    path("signaler/ny/", views.signal_create, name="signal_create"),
    path("signaler/dubbletter/", views.signal_duplicates, name="signal_duplicates"),
    path("signaler/<int:pk>/", views.signal_detail, name="signal_detail"),
    path("signaler/<int:pk>/historik/", views.signal_history, name="signal_history"),
    path("signaler/<int:pk>/<str:action>/", views.signal_triage, name="signal_triage"),
    path("arenden/", views.case_list, name="case_list"),
    path("arenden/nytt/", views.case_create, name="case_create"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:pk>/redigera/", views.case_edit, name="case_edit"),
    path("arenden/<int:pk>/fas/", views.case_phase, name="case_phase"),
    path("arenden/<int:pk>/historik/", views.case_history, name="case_history"),
    path("arenden/<int:pk>/behorighet/", views.case_access, name="case_access"),
    path("arenden/<int:case_pk>/malbild/", views.goals, name="goals"),
    path("arenden/<int:case_pk>/journal/", views.journal, name="journal"),
    path(
        "arenden/<int:case_pk>/aktorer/<int:member_pk>/engagemang/",
        views.engagement_change,
        name="engagement_change",
    ),
    path("arenden/<int:case_pk>/poster/<str:kind>/ny/", views.item_edit, name="item_create"),
    path("arenden/<int:case_pk>/poster/<str:kind>/<int:pk>/", views.item_edit, name="item_edit"),
    path("arenden/<int:case_pk>/poster/<str:kind>/<int:pk>/ta-bort/", views.item_delete, name="item_delete"),
    path(
        "arenden/<int:case_pk>/poster/<str:kind>/<int:pk>/historik/", views.item_history, name="item_history"
    ),
]

# --- Action plan (moment 5) ---
from . import plan_views  # noqa: E402

_plan = "arenden/<int:case_pk>/handlingsplan/"
urlpatterns += [
    path(_plan, plan_views.action_plan, name="action_plan"),
    path(f"{_plan}ny/", plan_views.action_edit, name="action_create"),
    path(f"{_plan}<int:pk>/", plan_views.action_edit, name="action_edit"),
    path(f"{_plan}<int:pk>/ta-bort/", plan_views.action_delete, name="action_delete"),
    path(f"{_plan}<int:pk>/historik/", plan_views.action_history, name="action_history"),
    path(f"{_plan}<int:pk>/foresla/", plan_views.action_propose, name="action_propose"),
    path(f"{_plan}<int:pk>/svara/", plan_views.action_respond, name="action_respond"),
    path(f"{_plan}export.xlsx", plan_views.action_plan_export, name="action_plan_export"),
    path("kalender/", plan_views.calendar_feed_settings, name="calendar_feed_settings"),
    # Reached without logging in, by its private token: listed as an open URL in the access harness.
    path("kalender/<str:token>.ics", plan_views.calendar_feed, name="calendar_feed"),
]
