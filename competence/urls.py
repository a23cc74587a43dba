from django.urls import path

from . import views

app_name = "competence"
urlpatterns = [
    path("", views.case_competence, name="case_competence"),
    path("sammanfattning/", views.summary, name="summary"),
    path("yrken/", views.occupation_search, name="occupation_search"),
]
