"""Shared history helpers (django-simple-history): saving with who and why, and reading diffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config import formats as formats_


def save_audited(obj: models.Model, *, user, reason: str = "") -> models.Model:
    """Validate and save ``obj`` so that its history row names the user and the change reason."""
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = (reason or "")[:100]
    obj.save()
    return obj


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


KIND_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "password", "last_login", "version"}


def _display(model, field_name: str, value, fk_names: dict) -> str:
    if value in (None, ""):
        return "–"
    try:
        f = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field that no longer exists shows its raw value
        return str(value)
    if f.is_relation and f.many_to_one:
        return fk_names.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime):
        return formats_.daytime(value)
    if isinstance(value, date):
        return formats_.day(value)
    if isinstance(value, (int, float, Decimal)):
        return formats_.num(value)
    return str(value)


def _m2m_snapshots(model, records) -> dict[str, dict[int, str]]:
    """For each many-to-many field kept in history: record id -> the linked names, one query per field."""
    snapshots = {}
    for m2m_field in getattr(model.history.model, "_history_m2m_fields", []):
        through = getattr(records[0], m2m_field.name).model if records else None
        if through is None:
            continue
        target = m2m_field.related_model._meta.model_name
        names: dict[int, list[str]] = {rec.history_id: [] for rec in records}
        rows = through.objects.filter(history_id__in=names).select_related(target)
        for row in rows:
            names[row.history_id].append(str(getattr(row, target)))
        snapshots[m2m_field.name] = {k: ", ".join(sorted(v)) or "–" for k, v in names.items()}
    return snapshots


def history_entries(
    obj: models.Model,
    *,
    limit: int = 50,
    hidden: set[str] | None = None,
    sharing_levels: list[str] | None = None,
) -> list[HistoryEntry]:
    """The latest ``limit`` changes of ``obj``, newest first, each with field-level differences.

    A fixed number of queries whatever the length of the history: one for the rows (with their
    users), one per kind of related object named in them.
    """
    model = type(obj)
    hidden = HIDDEN_FIELDS | (hidden or set())
    history = obj.history.select_related("history_user")
    if sharing_levels is not None:
        # A case item that was internal once keeps those versions internal: each reader sees, and
        # compares, only the versions shared at a level they may read.
        history = history.filter(sharing__in=sharing_levels)
    records = list(history.order_by("-history_date", "-history_id")[: limit + 1])
    fields = [f for f in model._meta.concrete_fields if f.name not in hidden and not f.name.startswith("_")]
    # Resolve every foreign key value in one query per related model.
    wanted: dict[type, set] = {}
    for rec in records:
        for f in fields:
            if f.is_relation and f.many_to_one:
                val = getattr(rec, f.attname)
                if val is not None:
                    wanted.setdefault(f.related_model, set()).add(val)
    fk_names = {}
    for rel_model, ids in wanted.items():
        for rel in rel_model._default_manager.filter(pk__in=ids):
            fk_names[(rel_model, rel.pk)] = str(rel)

    m2m = _m2m_snapshots(model, records)
    entries = []
    for i, rec in enumerate(records[:limit]):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes = []
        for name, snapshot in m2m.items():
            new, old = snapshot[rec.history_id], snapshot[prev.history_id] if prev is not None else "–"
            if new != old:
                label = str(model._meta.get_field(name).verbose_name).capitalize()
                changes.append(FieldChange(label=label, old=old if prev is not None else "", new=new))
        for f in fields:
            new = getattr(rec, f.attname)
            old = getattr(prev, f.attname) if prev is not None else None
            if prev is None and new in (None, ""):
                continue
            if prev is not None and old == new:
                continue
            changes.append(
                FieldChange(
                    label=str(f.verbose_name).capitalize(),
                    old=_display(model, f.name, old, fk_names) if prev is not None else "",
                    new=_display(model, f.name, new, fk_names),
                )
            )
        if prev is not None and not changes and rec.history_type == "~" and not rec.history_change_reason:
            continue  # a save that changed nothing visible
        entries.append(
            HistoryEntry(
                when=rec.history_date,
                who=str(rec.history_user) if rec.history_user else str(_("System")),
                kind=str(KIND_LABELS.get(rec.history_type, rec.history_type)),
                # Reasons written by the system are stored untranslated and read in the reader's language.
                reason=gettext(rec.history_change_reason) if rec.history_change_reason else "",
                changes=changes,
            )
        )
    return entries
