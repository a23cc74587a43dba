from django.urls import path

from . import views

urlpatterns = [
    path("svara/<str:token>/", views.answer_link, name="answer_link"),
]
