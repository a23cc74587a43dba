from django.urls import path

from . import drill_views, lesson_views, readiness_views, views

app_name = "checklist"

urlpatterns = [
    # Rounds and answers (views.py)
    path("checklista/", views.my_rounds, name="my_rounds"),
    path("beredskap/<str:code>/omgangar/ny/", views.round_create, name="round_create"),
    path("omgangar/<int:pk>/", views.round_detail, name="round_detail"),
    path("omgangar/<int:pk>/stang/", views.round_close, name="round_close"),
    path("omgangar/<int:pk>/paminn/", views.round_remind, name="round_remind"),
    path("omgangar/<int:pk>/svar/<int:participant_pk>/", views.answer, name="answer"),
    path(
        "omgangar/<int:pk>/svar/<int:participant_pk>/historik/", views.answer_history, name="answer_history"
    ),
    path("checklista/svara/<str:token>/", views.answer_link, name="answer_link"),
    # Seeing it: readiness, matrix, trends, the regional readiness plan (readiness_views.py)
    path("beredskap/", readiness_views.index, name="readiness_index"),
    path("beredskap/<str:code>/", readiness_views.overview, name="overview"),
    path("beredskap/<str:code>/utveckling/", readiness_views.trends, name="trends"),
    path("beredskap/<str:code>/plan/", readiness_views.plan, name="plan"),
    path("omgangar/<int:pk>/matris/", readiness_views.matrix, name="matrix"),
    path("omgangar/<int:pk>/matris.xlsx", readiness_views.matrix_xlsx, name="matrix_xlsx"),
    path("omgangar/<int:pk>/utskrift/", readiness_views.matrix_print, name="matrix_print"),
    path(
        "beredskap/svar/<int:answer_pk>/atgard/",
        readiness_views.action_from_answer,
        name="action_from_answer",
    ),
    path("beredskap/atgarder/<int:pk>/", readiness_views.action_edit, name="action_edit"),
    # Drills, the guide's workshop (drill_views.py)
    path("ovningar/", drill_views.drill_list, name="drill_list"),
    path("ovningar/ny/", drill_views.drill_start, name="drill_start"),
    path("ovningar/<int:pk>/", drill_views.drill_detail, name="drill_detail"),
    path("ovningar/<int:pk>/svar/", drill_views.drill_answer, name="drill_answer"),
    path("ovningar/<int:pk>/stang/", drill_views.drill_close, name="drill_close"),
    # Lessons and the routines themselves (lesson_views.py)
    path("lardomar/", lesson_views.lesson_library, name="lesson_library"),
    path("arenden/<int:case_pk>/lardom/", lesson_views.lesson_create, name="lesson_create"),
    path("lardomar/<int:pk>/", lesson_views.lesson_edit, name="lesson_edit"),
    path("rutiner/", lesson_views.routine_list, name="routine_list"),
    path("rutiner/ny/", lesson_views.routine_add, name="routine_add"),
    path("rutiner/<int:pk>/ny-version/", lesson_views.routine_revise, name="routine_revise"),
]
