"""Drills, the guide's workshop; part of the "checklist" namespace (checklist/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("ovningar/", views.drill_list, name="drill_list"),
    path("ovningar/ny/", views.drill_start, name="drill_start"),
    path("ovningar/<int:pk>/", views.drill_detail, name="drill_detail"),
    path("ovningar/<int:pk>/svar/", views.drill_answer, name="drill_answer"),
    path("ovningar/<int:pk>/stang/", views.drill_close, name="drill_close"),
]
