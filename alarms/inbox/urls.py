from django.urls import path

from . import views

urlpatterns = [
    path("inkorg/", views.inbox, name="inbox"),
    path("inkorg/<int:pk>/", views.notification_open, name="notification_open"),
    path("inkorg/las-alla/", views.inbox_read_all, name="inbox_read_all"),
]
