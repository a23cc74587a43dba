from django.urls import path

from . import views

urlpatterns = [path("arenden/<int:case_pk>/journal/", views.journal, name="journal")]
