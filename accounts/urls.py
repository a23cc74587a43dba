from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    # Administrators: users and lockouts.
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/sparrar/", views.lockouts, name="lockouts"),
    path("anvandare/sparrar/lyft/", views.lockout_lift, name="lockout_lift"),
    path("anvandare/<int:pk>/", views.user_edit, name="user_edit"),
    path("anvandare/<int:pk>/aktiv/", views.user_set_active, name="user_set_active"),
    path(
        "anvandare/<int:pk>/tvafaktor/aterstall/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    # One's own account.
    path("konto/", views.profile, name="profile"),
    path("konto/api-nycklar/", views.api_tokens, name="api_tokens"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", views.api_token_revoke, name="api_token_revoke"),
    path("konto/losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/tvafaktor/", views.second_factor_enrol, name="second_factor_enrol"),
    path("konto/tvafaktor/reservkoder/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("konto/tvafaktor/stang-av/", views.second_factor_turn_off, name="second_factor_turn_off"),
    path("konto/logga-ut-overallt/", views.sessions_end, name="sessions_end"),
    path("logga-in/kod/", views.second_factor_verify, name="second_factor_verify"),
]
