"""The case workspace's URLs (namespace "workspace"): the generic record endpoints, then each moment's
pages. The paths are those the case pages have always had."""

from django.urls import include, path

from .actor_map import urls as actor_map
from .core import views as core
from .goals import urls as goals
from .journal import urls as journal
from .plan import urls as plan
from .routes import urls as routes

app_name = "workspace"
_item = "arenden/<int:case_pk>/poster/<str:kind>/"
urlpatterns = [
    path(f"{_item}ny/", core.item_edit, name="item_create"),
    path(f"{_item}<int:pk>/", core.item_edit, name="item_edit"),
    path(f"{_item}<int:pk>/ta-bort/", core.item_delete, name="item_delete"),
    path(f"{_item}<int:pk>/historik/", core.item_history, name="item_history"),
    path("", include(goals)),
    path("", include(actor_map)),
    path("", include(routes)),
    path("", include(plan)),
    path("", include(journal)),
]
