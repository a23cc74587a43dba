from django.urls import path

from . import views

urlpatterns = [
    path("", views.alarm_list, name="list"),
    path("nytt/", views.raise_alarm, name="raise"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.board, name="board"),
    path("<int:pk>/svar/<int:recipient_pk>/", views.answer, name="answer"),
    path("<int:pk>/checklista/", views.note_add, name="note_add"),
    path("<int:pk>/stang/", views.close, name="close"),
]
