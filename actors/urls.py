from django.urls import path

from . import views

app_name = "actors"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("ny/", views.organisation_edit, name="organisation_create"),
    path("import/", views.registry_import, name="import"),
    path("forslag/<slug:source>/", views.suggest, name="suggest"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/redigera/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/historik/", views.organisation_history, name="organisation_history"),
    path("<int:organisation_pk>/roller/ny/", views.role_edit, name="role_create"),
    path("<int:organisation_pk>/roller/<int:pk>/", views.role_edit, name="role_edit"),
    path("roller/<int:pk>/historik/", views.role_history, name="role_history"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/ny/", views.person_edit, name="person_create"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/redigera/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/historik/", views.person_history, name="person_history"),
]
