from rest_framework.permissions import BasePermission

from accounts import policy


class HasRole(BasePermission):
    """Every endpoint: a signed-in user with a role. What each may see is narrowed by the selectors,
    through the access policy, as on the web pages."""

    def has_permission(self, request, view):
        return policy.role_of(request.user) is not None
