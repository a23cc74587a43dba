"""The kinds of records a case's workspace holds, each registered by the moment that owns it.

A kind tells the generic endpoints (``workspace.core.views``: create, edit, the view fragment,
remove, history) everything that differs between records: the form, the tab that shows them, the
partial that renders one, and where needed how to read, make, save, remove or decorate one. A moment
registers its kinds from its ``register()`` (called by its app's ``AppConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from accounts import policy

from . import services


@dataclass(frozen=True)
class ItemKind:
    form: type  # a ModelForm taking ``case=``; its model is the kind's model
    tab: str  # the URL name of the tab that shows these records (takes ``case_pk``)
    template: str  # "<template>#<partial>" rendering one record as ``item``
    create_form: type | None = None  # when a new record is made with another form
    records: Callable | None = None  # (user, case) -> the records the user may read
    new: Callable | None = None  # (request, case) -> an unsaved record (may read ?route=, ?gap=)
    save: Callable | None = None  # (user, item, version, reason) -> the saved record
    delete: Callable | None = None  # (user, item, version) -> None
    deletable: bool = True
    decorate: Callable | None = None  # (request, case, item, context) -> the record as the tab shows it
    context: Callable | None = None  # (request, case) -> what the partial needs besides the tab context
    reload_after_create: bool = False  # a new record has its place elsewhere on the page
    reload_after_delete: bool = False
    changed_event: str = ""  # an htmx event sent after a change, for parts of the tab that depend on it
    item_tag: str = ""  # "li" where the records are list items
    shared: bool = True  # False for records without a sharing level (the actor map)

    @property
    def model(self):
        return self.form._meta.model

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def active_tab(self) -> str:
        return self.tab.split(":")[-1]

    def readable(self, user, case):
        if self.records is not None:
            return self.records(user, case)
        return policy.visible_items(user, case, self.model.objects.all())

    def make(self, request, case):
        return self.new(request, case) if self.new is not None else self.model(case=case)

    def save_item(self, user, item, version, reason):
        if self.save is not None:
            return self.save(user, item, version, reason)
        return services.item_save(user=user, item=item, expected_version=version, reason=reason)

    def delete_item(self, user, item, version):
        if self.delete is not None:
            return self.delete(user, item, version)
        return services.item_delete(user=user, item=item, expected_version=version)


_KINDS: dict[str, ItemKind] = {}


def register(kind: ItemKind) -> ItemKind:
    if kind.name in _KINDS:
        raise ValueError(f"workspace kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> ItemKind:
    """The kind of that name, or 404 (the name comes from the URL)."""
    try:
        return _KINDS[name]
    except KeyError:
        raise Http404 from None


def all_kinds() -> dict[str, ItemKind]:
    return dict(_KINDS)
