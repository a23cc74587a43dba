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
    path("arenden/<int:case_pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:case_pk>/redigera/", views.case_edit, name="case_edit"),
    path("arenden/<int:case_pk>/fas/", views.case_phase, name="case_phase"),
    path("arenden/<int:case_pk>/historik/", views.case_history, name="case_history"),
    path("arenden/<int:case_pk>/behorighet/", views.case_access, name="case_access"),
]
