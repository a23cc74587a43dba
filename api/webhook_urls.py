"""The outbound webhooks' pages, mounted at /integrationer/webhooks/ (config/urls.py)."""

from django.urls import path

from . import webhook_views as views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("ny/", views.endpoint_create, name="create"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/andra/", views.endpoint_edit, name="edit"),
    path("<int:pk>/<str:action>/", views.endpoint_action, name="action"),
    path("<int:pk>/leveranser/<int:delivery_pk>/skicka-igen/", views.delivery_redeliver, name="redeliver"),
]
