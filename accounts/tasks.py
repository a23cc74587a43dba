import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def send_invitation(self, user_id: int) -> bool:
    """E-mail a new user a link to choose their password (Django's password-reset token)."""
    from .models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        logger.warning("send_invitation: user %s is gone, inactive or has no e-mail", user_id)
        return False
    from .tokens import invitation_tokens

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = settings.SITE_URL + reverse("invitation_accept", args=[uid, invitation_tokens.make_token(user)])
    context = {"user": user, "url": url, "days": settings.INVITE_LINK_DAYS}
    _send(self, user, "accounts/email/invitation", context)
    return True


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def send_password_reset(self, user_id: int) -> bool:
    """E-mail a user a link to choose a new password; it works once, for PASSWORD_RESET_TIMEOUT."""
    from .models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        logger.warning("send_password_reset: user %s is gone, inactive or without a password", user_id)
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])
    context = {"user": user, "url": url, "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
    _send(self, user, "accounts/email/password_reset", context)
    return True


def _send(task, user, template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError as exc:
        raise task.retry(exc=exc) from exc
