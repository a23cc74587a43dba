"""Slots: how a lower app offers a place on its pages (or a step in its flow) that a higher app fills.

Apps import one way (see README, "Architecture"): the case page in ``establishments`` must not name
the alarm chain, and the organisation page in ``actors`` must not name cases. So the lower app
declares a ``Slot`` next to the page that shows it, and the higher app registers what goes there
from its ``AppConfig.ready()``. Each slot says in its docstring what it carries.

A slot carries either *values* (a tab, a function to call: ``slot.values()``), or *sections* of a
page (a template and a function that gives its context, or None to show nothing), rendered where
the page says ``{% slot "case.actions" case=case %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

_SLOTS: dict[str, Slot] = {}


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[..., dict | None]  # (request, **slot arguments) -> the template's context, or None
    order: int


class Slot:
    def __init__(self, name: str, doc: str):
        if name in _SLOTS:
            raise ValueError(f"slot {name!r} is declared twice")
        self.name, self.__doc__ = name, doc
        self._values: list[tuple[int, Any]] = []
        self._sections: list[Section] = []
        _SLOTS[name] = self

    def __repr__(self):
        return f"<Slot {self.name}>"

    def register(self, value: Any, *, order: int = 100) -> Any:
        """Add a value (usable as a decorator for a function)."""
        self._values.append((order, value))
        self._values.sort(key=lambda pair: pair[0])
        return value

    def values(self) -> list:
        return [value for _order, value in self._values]

    def register_section(self, template: str, context: Callable[..., dict | None], *, order: int = 100):
        self._sections.append(Section(template, context, order))
        self._sections.sort(key=lambda s: s.order)

    def render(self, request, **arguments) -> SafeString:
        """The sections, each rendered with its context (and the request, but without the context
        processors: the page around them has run those once already)."""
        parts = []
        for section in self._sections:
            context = section.context(request, **arguments)
            if context is not None:
                parts.append(render_to_string(section.template, {"request": request, **context}))
        return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered, auto-escaped template


def slot(name: str) -> Slot:
    """The slot of that name (KeyError for a slot nobody declared: a typo fails loudly)."""
    return _SLOTS[name]
