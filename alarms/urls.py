from django.urls import path

from . import report_views, roster_views, views

app_name = "alarms"

urlpatterns = [
    # Alarms: raise, follow, answer, close (views.py)
    path("", views.alarm_list, name="list"),
    path("nytt/", views.raise_alarm, name="raise"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.board, name="board"),
    path("<int:pk>/svar/<int:recipient_pk>/", views.answer, name="answer"),
    path("<int:pk>/checklista/", views.note_add, name="note_add"),
    path("<int:pk>/stang/", views.close, name="close"),
    path("svara/<str:token>/", views.answer_link, name="answer_link"),
    # Reports, drill comparison, the in-app inbox (report_views.py)
    path("<int:pk>/rapport/", report_views.report, name="report"),
    path("<int:pk>/rapport.csv", report_views.report_csv, name="report_csv"),
    path("jamfor/", report_views.compare, name="compare"),
    path("inkorg/", report_views.inbox, name="inbox"),
    path("inkorg/<int:pk>/", report_views.notification_open, name="notification_open"),
    path("inkorg/las-alla/", report_views.inbox_read_all, name="inbox_read_all"),
    # The standing structure: rosters and channels (roster_views.py)
    path("larmlista/", roster_views.roster_index, name="roster_index"),
    path("larmlista/<str:code>/", roster_views.roster, name="roster"),
    path("larmlista/<str:code>/policy/", roster_views.roster_policy, name="roster_policy"),
    path("larmlista/<str:code>/ny/", roster_views.entry_create, name="entry_create"),
    path("larmlista/<str:code>/<int:pk>/", roster_views.entry_edit, name="entry_edit"),
    path("larmlista/<str:code>/<int:pk>/ta-bort/", roster_views.entry_delete, name="entry_delete"),
    path("kanaler/", roster_views.my_channels, name="my_channels"),
    path("kanaler/person/<int:person_pk>/", roster_views.person_channels, name="person_channels"),
    path("kanaler/person/<int:person_pk>/ny/", roster_views.channel_create, name="channel_create"),
    path("kanaler/<int:pk>/", roster_views.channel_edit, name="channel_edit"),
    path("kanaler/<int:pk>/ta-bort/", roster_views.channel_delete, name="channel_delete"),
    path("kanaler/<int:pk>/flytta/", roster_views.channel_move, name="channel_move"),
]
