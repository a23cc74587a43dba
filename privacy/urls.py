from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.page, name="page"),
    path("personer/<int:pk>/export/", views.subject_export, name="person_export"),
    path("personer/<int:pk>/radera/", views.subject_erase, name="person_erase"),
    path("anvandare/<int:pk>/export/", views.subject_export, {"kind": views.USER}, name="user_export"),
    path("anvandare/<int:pk>/radera/", views.subject_erase, {"kind": views.USER}, name="user_erase"),
    path("gallring/", views.retention_preview, name="retention"),
]
