"""The base of every admin page with history: old versions are shown, never put back.

django-simple-history's version page saves a posted version with only the history permission
checked; a revert would skip the rules of the app's pages (whose channel it is, who manages a
case's access) and the models the admin keeps read only. Here a version page answers a POST with
403, and ``SIMPLE_HISTORY_REVERT_DISABLED`` hides its button.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)
