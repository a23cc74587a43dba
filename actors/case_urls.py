"""A case's actor map and contact routes. Included in actors/urls.py (namespace "actors"), so the
workspace finds them as "actors:actor_map" and "actors:contact_routes" under /aktorer/arenden/<pk>/."""

from django.urls import path

from . import case_views as views

urlpatterns = [
    path("arenden/<int:case_pk>/karta/", views.actor_map, name="actor_map"),
    path("arenden/<int:case_pk>/karta/ny/", views.actor_member_add, name="actor_member_add"),
    path("arenden/<int:case_pk>/karta/<int:pk>/", views.actor_member_edit, name="actor_member_edit"),
    path("arenden/<int:case_pk>/kontaktvagar/", views.contact_routes, name="contact_routes"),
    path("arenden/<int:case_pk>/kontaktvagar/ny/", views.route_create, name="route_create"),
    path("arenden/<int:case_pk>/kontaktvagar/<int:pk>/", views.route_edit, name="route_edit"),
    path("arenden/<int:case_pk>/kontaktvagar/<int:pk>/verifierad/", views.route_verify, name="route_verify"),
    path("arenden/<int:case_pk>/kontaktvagar/<int:route_pk>/steg/ny/", views.step_create, name="step_create"),
    path("arenden/<int:case_pk>/kontaktvagar/steg/<int:pk>/", views.step_edit, name="step_edit"),
    path("arenden/<int:case_pk>/en-vag-in/", views.one_way_in, name="one_way_in"),
    path("arenden/<int:case_pk>/en-vag-in.pdf", views.one_way_in_download, name="one_way_in_pdf"),
]
