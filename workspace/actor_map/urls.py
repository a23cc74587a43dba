from django.urls import path

from . import views

urlpatterns = [path("aktorer/arenden/<int:case_pk>/karta/", views.actor_map, name="actor_map")]
