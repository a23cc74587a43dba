"""How a signed-in user is loaded for each request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import policy


class UserBackend(ModelBackend):
    """Django's model backend, loading the request's user together with their role: every page asks
    the policy for the role, so it is read in the user's query instead of one of its own."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = policy.with_assigned_role(users.all()).get(pk=user_id)
        except (users.model.DoesNotExist, ValueError, TypeError):
            return None
        if not self.user_can_authenticate(user):
            return None
        policy.keep_assigned_role(user)
        return user
