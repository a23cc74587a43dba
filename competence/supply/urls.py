"""The education supply (utbildningsutbud), mounted at /utbildningar/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "supply"
urlpatterns = [
    path("", views.offering_list, name="offering_list"),
    path("ny/", views.offering_create, name="offering_create"),
    path("importera/", views.offering_import, name="offering_import"),
    path("<int:pk>/", views.offering_detail, name="offering_detail"),
    path("<int:pk>/andra/", views.offering_edit, name="offering_edit"),
    path("<int:pk>/historik/", views.offering_history, name="offering_history"),
]
