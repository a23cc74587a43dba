from django.urls import path

from . import views

urlpatterns = [
    path("larmlista/", views.roster_index, name="roster_index"),
    path("larmlista/<str:code>/", views.roster, name="roster"),
    path("larmlista/<str:code>/policy/", views.roster_policy, name="roster_policy"),
    path("larmlista/<str:code>/ny/", views.entry_create, name="entry_create"),
    path("larmlista/<str:code>/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("larmlista/<str:code>/<int:pk>/ta-bort/", views.entry_delete, name="entry_delete"),
    path("kanaler/", views.my_channels, name="my_channels"),
    path("kanaler/person/<int:person_pk>/", views.person_channels, name="person_channels"),
    path("kanaler/person/<int:person_pk>/ny/", views.channel_create, name="channel_create"),
    path("kanaler/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("kanaler/<int:pk>/ta-bort/", views.channel_delete, name="channel_delete"),
    path("kanaler/<int:pk>/flytta/", views.channel_move, name="channel_move"),
]
