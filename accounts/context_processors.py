from . import policy, sessions


def access(request):
    """What the navigation may offer the current user. A session that still owes its second factor
    is not signed in yet: it gets no navigation."""
    user = getattr(request, "user", None)
    role = policy.role_of(user)
    signed_in = bool(user and user.is_authenticated) and not sessions.owes_second_factor(request)
    return {
        "signed_in": signed_in,
        "user_role": role,
        "nav": {
            "signals": policy.can_log_signal(user),
            "registry": policy.can_view_registry(user),
            "users": policy.can_manage_users(user),
            "competence": policy.may_see_competence_pictures(user),
            "log_signal": policy.can_log_signal(user),
        },
    }
