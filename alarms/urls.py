"""The alarm chain's URLs (namespace "alarms"), each sub-domain's pages under the paths they have
always had."""

from django.urls import include, path

from .answering import urls as answering
from .inbox import urls as inbox
from .raising import urls as raising
from .reports import urls as reports
from .rosters import urls as rosters

app_name = "alarms"
urlpatterns = [
    path("", include(raising)),  # the list, raising, the alarm's board and the forms on it
    path("", include(answering)),  # the answer link from the message
    path("", include(reports)),  # the report, its CSV, the drill comparison
    path("", include(inbox)),  # the in-app inbox
    path("", include(rosters)),  # the standing structure: rosters and channels
]
