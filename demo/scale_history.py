"""The history of the scale data: each record's versions over time, written straight into the
django-simple-history tables in large batches.

A record made by ``seed_demo --scale`` did not come into being as it stands: it was created months or
years ago and changed since, by the people who work with it. A seeder plans those versions first
(``Version``: when, by whom, why, and the fields as they were after that change), gives the record its
final state and dates (``finish``), inserts it with its timestamps as planned (``backdated``), and
hands the record and its versions to a ``HistoryWriter``, which builds one historical row per version
(the first a creation, ``+``, the rest changes, ``~``) and inserts them with ``bulk_create`` of the
Historical model in large batches.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import reset_queries
from django.db.models.base import ModelState

BATCH_SIZE = 2000
FLUSH_AT = 20_000  # rows of one Historical model kept in memory before they are inserted
HISTORY_FIELDS = ["history_id", "history_date", "history_change_reason", "history_type", "history_user_id"]


def build(model, names: list[str], values: list):
    """An unsaved instance of ``model`` with these field values (by attname), made the way Django
    loads a row: without ``__init__``'s per-field work and signals, which would cost more than the
    insert itself for a million historical rows."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(names, values, strict=True))
    obj._state = ModelState()
    return obj


@dataclass
class Version:
    """One saved version of a record: when, by whom (a user id), why, and the fields that were
    different from the record's final state (by attname)."""

    at: datetime
    user_id: int | None
    reason: str = ""
    values: dict = field(default_factory=dict)


def spread(start: datetime, end: datetime, count: int, seed: int) -> list[datetime]:
    """``count`` increasing moments from ``start`` to ``end`` (the first is ``start``, the last
    ``end``), unevenly spaced as work is, the same for the same ``seed``."""
    if count <= 1:
        return [start]
    if end <= start:
        end = start + timedelta(minutes=count)
    step = (end - start) / (count - 1)
    moments = [start]
    for i in range(1, count - 1):
        jitter = ((seed * 31 + i * 17) % 97) / 97 - 0.5  # within half a step either way
        moments.append(start + step * i + step * jitter * 0.8)
    moments.append(end)
    return moments


def finish(obj, versions: list[Version], *, versioned: bool = False) -> None:
    """Give ``obj`` the state of its last version, its creation and update times, and (for a record
    edited under the stale-edit rule) its version number."""
    for name, value in versions[-1].values.items():
        setattr(obj, name, value)
    if hasattr(obj, "created_at"):
        obj.created_at = versions[0].at
    if hasattr(obj, "updated_at"):
        obj.updated_at = versions[-1].at
    if versioned:
        obj.version = len(versions)


@contextmanager
def backdated(*models):
    """Insert ``models`` with the creation and update times set on the objects, not the clock's."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    kept = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in kept:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class HistoryWriter:
    """Collects historical rows per model and inserts them in batches; ``written`` counts them."""

    def __init__(self):
        self.pending: dict[type, list] = defaultdict(list)
        self.after: dict[type, Callable[[list], None]] = {}
        self.written: Counter = Counter()
        self._layouts: dict[type, tuple] = {}

    def _layout(self, model):
        if model not in self._layouts:
            history_model = model.history.model
            names = [f.attname for f in history_model._meta.concrete_fields]
            if names[-len(HISTORY_FIELDS) :] != HISTORY_FIELDS:
                raise AssertionError(f"Unexpected history layout of {model.__name__}: {names}")
            own = names[: -len(HISTORY_FIELDS)]
            self._layouts[model] = (history_model, names, own, {name: i for i, name in enumerate(own)})
        return self._layouts[model]

    def record(self, obj, versions: list[Version], *, versioned: bool = False) -> None:
        """One historical row per version of ``obj`` (already inserted, in its final state)."""
        model = type(obj)
        history_model, names, own, index = self._layout(model)
        base = [getattr(obj, name) for name in own]
        updated = index.get("updated_at")
        version = index.get("version") if versioned else None
        rows = self.pending[history_model]
        for i, v in enumerate(versions):
            row = base.copy()
            for name, value in v.values.items():
                row[index[name]] = value
            if updated is not None:
                row[updated] = v.at
            if version is not None:
                row[version] = i + 1
            row += [None, v.at, v.reason[:100], "+" if i == 0 else "~", v.user_id]
            rows.append(build(history_model, names, row))
        if len(rows) >= FLUSH_AT:
            self.flush(history_model)

    def add_rows(self, history_model, rows: list) -> None:
        """Rows built by the caller (the history of a many-to-many field)."""
        self.pending[history_model].extend(rows)
        if len(self.pending[history_model]) >= FLUSH_AT:
            self.flush(history_model)

    def flush(self, history_model=None) -> None:
        """Insert what is pending (of one Historical model, or of all, with what their inserts add)."""
        if history_model is not None:
            self._insert(history_model)
            return
        while any(self.pending.values()):
            for hm in [hm for hm, rows in self.pending.items() if rows]:
                self._insert(hm)

    def _insert(self, history_model) -> None:
        rows = self.pending.pop(history_model, [])
        if not rows:
            return
        history_model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        reset_queries()  # with DEBUG on, each insert's SQL (megabytes) would be kept for the whole run
        self.written[history_model] += len(rows)
        if history_model in self.after:
            self.after[history_model](rows)

    @property
    def total(self) -> int:
        return sum(self.written.values())


def insert(writer: HistoryWriter, model, pairs: list[tuple], *, versioned: bool = False) -> list:
    """Give each object of ``pairs`` (object, versions) its final state, check its fields, insert
    them in bulk with their planned timestamps, and record their versions; returns the objects."""
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    for obj, versions in pairs:
        finish(obj, versions, versioned=versioned)
        # The related objects were just made here; checking each one's existence would be a query
        # per row.
        obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    objs = [obj for obj, _versions in pairs]
    with backdated(model):
        model.objects.bulk_create(objs, batch_size=500)
    for obj, versions in pairs:
        writer.record(obj, versions, versioned=versioned)
    return objs
