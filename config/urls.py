from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views

from . import metrics_view, pages

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("sok/", pages.search, name="search"),
    path("health/", pages.health, name="health"),
    path("metrics", metrics_view.metrics, name="metrics"),  # no slash: as Prometheus asks by default
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("losenord/glomt/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("losenord/skickat/", account_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "losenord/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "valkommen/<uidb64>/<token>/", account_views.InvitationAcceptView.as_view(), name="invitation_accept"
    ),
    path("", include("establishments.urls")),
    path("", include("workspace.urls")),
    path("aktorer/", include("actors.urls")),
    path("arenden/<int:case_pk>/kompetens/", include("competence.urls")),
    path("utbildningar/", include("competence.supply.urls")),
    path("kompetens/", include("competence.picture.urls")),
    path("", include("accounts.urls")),
    path("larm/", include("alarms.urls")),
    path("", include("checklist.urls")),
    path("integritet/", include("privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("integrationer/webhooks/", include("api.webhook_urls")),
    path("django-admin/", admin.site.urls),
]
