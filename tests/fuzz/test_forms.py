"""Every form of the project, submitted with generated input through its real view by a user who may
submit it (tests/fuzz/targets.py): no server error, and a refused input changes nothing
(tests/fuzz/engine.py says how both are checked).

``test_every_form_is_fuzzed`` walks the URL patterns: a view that takes a POST must be a target,
be fuzzed by another module of this folder, or be listed in ``NOT_FUZZED`` with its reason; every
kind of workspace record must be created, edited and (where it can be) removed. So a new form gets
fuzzed.
"""

from __future__ import annotations

import inspect
import sys
import types

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.test_access_harness import IGNORED_NAMESPACES
from workspace.core import kinds as workspace_kinds

from .engine import Sender, fuzz_target, with_query
from .targets import NOT_FUZZED, OTHER_MODULES, TARGETS

pytestmark = pytest.mark.django_db


# --- Which views take a POST ------------------------------------------------------------------------


def _views():
    """(name, view) of every named URL, as the access harness walks them."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in IGNORED_NAMESPACES:
                    continue
                yield from walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                yield prefix + p.name, p.callback

    return walk(get_resolver().url_patterns)


def _source(fn, seen) -> str:
    """The source of a view function and of the functions of its own module it calls (a view often
    hands the request to a helper that reads ``request.POST``)."""
    fn = inspect.unwrap(fn)
    if fn in seen or not isinstance(fn, types.FunctionType):
        return ""
    seen.add(fn)
    text = inspect.getsource(fn)  # with its decorators (require_POST)
    module = sys.modules[fn.__module__]

    def names(code):
        yield from code.co_names
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                yield from names(const)

    for name in names(fn.__code__):
        called = getattr(module, name, None)
        if isinstance(called, types.FunctionType) and called.__module__ == fn.__module__:
            text += _source(called, seen)
    return text


def takes_post(view) -> bool:
    """A class-based view with a ``post`` method, or a function view whose code (or a helper's in
    its module) reads the POST or asks for one."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return "POST" in _source(view, set())


def post_url_names() -> set[str]:
    return {name for name, view in _views() if takes_post(view)}


def test_every_form_is_fuzzed():
    posting = post_url_names()
    covered = {t.name for t in TARGETS} | set(OTHER_MODULES) | NOT_FUZZED
    assert not posting - covered, f"views that take a POST and are not fuzzed: {sorted(posting - covered)}"
    assert not (covered - posting), f"listed but taking no POST (renamed?): {sorted(covered - posting)}"
    # Every kind of record of the case workspace, through the generic endpoints.
    ids = {t.id for t in TARGETS}
    for kind, k in workspace_kinds.all_kinds().items():
        expected = {f"item_create-{kind}", f"item_edit-{kind}"} | (
            {f"item_delete-{kind}"} if k.deletable else set()
        )
        assert expected <= ids, f"workspace kind {kind!r} is not fuzzed: {sorted(expected - ids)}"


def test_the_check_finds_a_view_that_takes_a_post():
    """The control: the walk sees POST views (and not only those named in this folder)."""
    posting = post_url_names()
    assert {"actors:organisation_create", "alarms:raise", "checklist:drill_start", "login"} <= posting
    assert "establishments:case_list" not in posting and "alarms:report_csv" not in posting


# --- Fuzzing them ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_valid_input_is_saved(client, world, target):
    """The control: the target's valid submission is accepted (so the generated inputs built on it
    reach the code that saves)."""
    if target.user is not None:
        client.force_login(world[target.user])
    sender = Sender(client, f"valid:{target.id}")
    query = target.query(world).valid if target.query else {}
    response = sender.send(
        "post",
        with_query(target.url(world), query),
        target.shape(world).valid,
        ok_statuses=target.ok_statuses,
    )
    if target.saves:
        assert sender.accepted == 1, (target.id, response.status_code, response.content.decode()[:3000])


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_generated_input(client, world, target):
    fuzz_target(client, world, target)
