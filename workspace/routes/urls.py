from django.urls import path

from . import views

_case = "aktorer/arenden/<int:case_pk>/"
urlpatterns = [
    path(f"{_case}kontaktvagar/", views.contact_routes, name="contact_routes"),
    path(f"{_case}kontaktvagar/<int:pk>/verifierad/", views.route_verify, name="route_verify"),
    path(f"{_case}en-vag-in/", views.one_way_in, name="one_way_in"),
    path(f"{_case}en-vag-in.pdf", views.one_way_in_download, name="one_way_in_pdf"),
]
