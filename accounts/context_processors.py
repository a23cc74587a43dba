from . import policy


def access(request):
    """What the navigation may offer the current user."""
    user = getattr(request, "user", None)
    role = policy.role_of(user)
    return {
        "user_role": role,
        "nav": {
            "signals": policy.can_log_signal(user),
            "registry": policy.can_view_registry(user),
            "users": policy.can_manage_users(user),
            "log_signal": policy.can_log_signal(user),
        },
    }
