"""The one way into a page of one case."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import selectors


def case_page(*, may=None, when=None):
    """Decorate a view of one case (``case_pk`` in the URL). The view is called as
    ``view(request, case, ...)`` with the case the user may see (404 for anyone else, who need not
    know it exists), after the user has passed ``may(user, case)`` (403 otherwise), and every such
    response about a confidential case is logged (who, when, which page: ``case_get`` notes it for
    ``middleware.ViewLogMiddleware``).

    ``may`` defaults to nothing beyond seeing the case; ``when(request)`` limits the check to some
    requests (a workspace record's view fragment is read by anyone who sees the case, its form and
    its saving only by those who may record in the workspace).
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, case_pk, *args, **kwargs):
            case = selectors.case_get(user=request.user, pk=case_pk)
            if may is not None and (when is None or when(request)) and not may(request.user, case):
                raise PermissionDenied
            return view(request, case, *args, **kwargs)

        return wrapper

    return decorator


def changes(request) -> bool:
    """Every request but a GET for a record's view fragment (``?view=1``, the inline form's cancel)."""
    return not (request.method == "GET" and request.GET.get("view"))
