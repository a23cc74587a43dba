from django.urls import path

from . import views

urlpatterns = [
    path("arenden/<int:case_pk>/malbild/", views.goals, name="goals"),
    path(
        "arenden/<int:case_pk>/aktorer/<int:member_pk>/engagemang/",
        views.engagement_change,
        name="engagement_change",
    ),
]
