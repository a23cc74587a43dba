"""The one-time links that set a password: a reset link lasts PASSWORD_RESET_TIMEOUT seconds, an
invitation INVITE_LINK_DAYS (a new colleague may not read their mail the same day). Both stop
working once the password is set, as Django's tokens hash the password and the last login."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with its own salt and lifetime (Django reads the lifetime from
    PASSWORD_RESET_TIMEOUT, so the check is made here with the invitation's)."""

    key_salt = "accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                return self._num_seconds(self._now()) - ts <= settings.INVITE_LINK_DAYS * 24 * 3600
        return False


invitation_tokens = InvitationTokenGenerator()
