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
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "url": url}
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return True
