"""The view log of confidential cases and signals, written in one place.

Every single-object answer of the access policy (``policy.can_view_case``, ``can_view_signal``)
and every single-object read (``selectors.case_get``, ``signal_get``) notes the confidential case or
signal the request's user was let see (``policy.shown``). Once the response is made, this
middleware writes one ``CaseViewLog`` row per case or signal shown, if the response showed it (a
successful or redirecting answer, not an error). So no page has to remember to log: a new page that
reads a confidential case through the policy is logged like every other.
"""

from __future__ import annotations

from accounts import policy

from .models import CaseViewLog, EstablishmentCase, Signal


class ViewLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with policy.watching() as seen:
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if seen and user is not None and user.is_authenticated and response.status_code < 400:
            rows, logged = [], set()
            for obj in seen:
                key = (type(obj), obj.pk)
                if key in logged:
                    continue
                logged.add(key)
                if isinstance(obj, EstablishmentCase):
                    rows.append(CaseViewLog(case=obj, user=user, path=request.path[:500]))
                elif isinstance(obj, Signal):
                    rows.append(
                        CaseViewLog(signal=obj, case_id=obj.case_id, user=user, path=request.path[:500])
                    )
            CaseViewLog.objects.bulk_create(rows)
        return response
