from django.urls import path

from . import views

urlpatterns = [
    path("svara/<str:token>/", views.answer_link, name="answer_link"),
    # The answer buttons of the start page and the inbox; back to where they were pressed.
    path("<int:pk>/svar/<int:recipient_pk>/har/", views.answer_here, name="answer_here"),
]
