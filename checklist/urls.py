"""The routine checklist's pages, one namespace ("checklist"): each sub-domain lists its own URLs
in its urls.py."""

from .drills import urls as drills
from .lessons import urls as lessons
from .readiness import urls as readiness
from .rounds import urls as rounds
from .routines import urls as routines

app_name = "checklist"

urlpatterns = [
    *rounds.urlpatterns,  # rounds and answers
    *readiness.urlpatterns,  # seeing it: readiness, matrix, trends, the regional readiness plan
    *drills.urlpatterns,  # drills, the guide's workshop
    *lessons.urlpatterns,  # lessons (routine 10)
    *routines.urlpatterns,  # the routines themselves, in versions
]
