from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/rapport/", views.report, name="report"),
    path("<int:pk>/rapport.csv", views.report_csv, name="report_csv"),
    path("jamfor/", views.compare, name="compare"),
]
