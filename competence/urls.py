from django.urls import path

from . import views

app_name = "competence"
urlpatterns = [
    path("", views.case_competence, name="case_competence"),
    path("sammanfattning/", views.summary, name="summary"),
    path("yrken/", views.occupation_search, name="occupation_search"),
    path("<str:kind>/ny/", views.item_edit, name="item_create"),
    path("<str:kind>/<int:pk>/", views.item_edit, name="item_edit"),
    path("<str:kind>/<int:pk>/ta-bort/", views.item_delete, name="item_delete"),
    path("<str:kind>/<int:pk>/historik/", views.item_history, name="item_history"),
]
