"""The Content-Security-Policy: the pages carry it, and no template or HTML-writing module needs what
it refuses (inline script, inline event handlers, eval through htmx, inline style, javascript: URLs).

The browser test (tests/browser/test_csp.py) walks the pages in Chromium and collects violations; this
one reads the sources, so a new ``onclick=`` fails here at once and names its file.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "tests", "migrations", "test-artifacts", ".git"}


LOOSE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "data:")


def policy_of(response) -> dict[str, list[str]]:
    """The served Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(response) -> None:
    policy = policy_of(response)
    assert response.status_code == 200
    for directive in ("script-src", "style-src"):
        assert directive in policy, f"no {directive} in {policy}"
        assert policy[directive] == ["'self'"], f"{directive} is {policy[directive]}"
        for loose in LOOSE:
            assert loose not in policy[directive]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "Content-Security-Policy-Report-Only" not in response.headers


@pytest.mark.django_db
def test_login_page_carries_the_policy(client):
    assert_strict(client.get(reverse("login")))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "contact"])
def test_pages_of_a_logged_in_user_carry_the_policy(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("dashboard"))
    assert_strict(response)
    if who == "coordinator":
        case = world["case_open"]
        assert_strict(client.get(reverse("establishments:case_detail", args=[case.pk])))
        assert_strict(client.get(reverse("workspace:goals", args=[case.pk])))


@pytest.mark.django_db
def test_htmx_is_told_not_to_eval_and_the_behaviour_comes_from_a_static_file(client, world):
    client.force_login(world["coordinator"])
    html = client.get(reverse("dashboard")).content.decode()
    meta = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html)
    assert meta, "base.html lost its htmx-config"
    config = json.loads(unescape(meta.group(1)))
    assert config == {"includeIndicatorStyles": False, "allowEval": False, "allowScriptTags": False}
    # The config is read when htmx loads: it must come before htmx's script.
    assert html.index('name="htmx-config"') < html.index("htmx-2")
    assert re.search(r'<script src="[^"]*/js/samhandla\.js" defer></script>', html)
    assert (ROOT / "static" / "js" / "samhandla.js").is_file()


# --- The sources: what the policy would refuse, by pattern ------------------------------------------

FORBIDDEN = {
    "inline event handler (on…=)": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE),
    "htmx hx-on (compiled with Function(), i.e. eval)": re.compile(r"\b(data-)?hx-on", re.IGNORECASE),
    "inline <script> (a script without src)": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript\s*:", re.IGNORECASE),
    "htmx hx-vars (always eval)": re.compile(r"\b(data-)?hx-vars\b", re.IGNORECASE),
    "htmx value evaluated as JavaScript (js:)": re.compile(
        r"""\b(data-)?hx-(vals|headers|request)\s*=\s*["']\s*js:""", re.IGNORECASE
    ),
    "htmx trigger filter [...] (evaluated with eval)": re.compile(
        r"""\b(data-)?hx-trigger\s*=\s*"[^"]*\[|\b(data-)?hx-trigger\s*=\s*'[^']*\[""", re.IGNORECASE
    ),
}


def project_files(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.rglob(pattern) if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts))


def template_files() -> list[Path]:
    """Every file in a template directory of the project (templates/ and each app's templates/)."""
    dirs = [ROOT / "templates", *project_files("templates")]
    return sorted({p for d in dirs if d.is_dir() for p in d.rglob("*") if p.is_file()})


HTML_IN_PYTHON = re.compile(r"format_html|mark_safe|SafeString|SafeText|<svg|</[a-z]+>")


def python_html_modules() -> list[Path]:
    """The Python modules that write HTML or SVG: the SVG helpers, the template slots, the template
    tags and filters, and any other module that marks a string safe or holds markup."""
    named = [ROOT / "config" / "svg.py", ROOT / "config" / "hooks.py", *project_files("templatetags/*.py")]
    found = [p for p in project_files("*.py") if HTML_IN_PYTHON.search(p.read_text(encoding="utf-8"))]
    return sorted(set(named) | set(found))


def offences(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}: {match.group(0).strip()}")
    return found


def test_there_are_sources_to_read():
    """The scan below must not pass by finding nothing."""
    names = {str(p.relative_to(ROOT)) for p in template_files()}
    assert {"templates/base.html", "templates/includes/search_field.html"} <= names
    assert len(names) > 50
    modules = {str(p.relative_to(ROOT)) for p in python_html_modules()}
    assert {"config/svg.py", "config/hooks.py"} <= modules
    assert any("templatetags" in m for m in modules)


def test_the_patterns_catch_what_the_policy_refuses():
    """A positive control: each pattern finds what it is for, and leaves alone what is allowed."""
    bad = {
        "inline event handler (on…=)": '<button onclick="window.print()">',
        "htmx hx-on (compiled with Function(), i.e. eval)": '<form hx-on::after-request="this.reset()">',
        "inline <script> (a script without src)": "<script>\nalert(1)</script>",
        "style attribute": '<div class="bar" style="width: 40%">',
        "<style> element": "<style>.a{}</style>",
        "javascript: URL": '<a href="javascript:void(0)">',
        "htmx hx-vars (always eval)": '<div hx-vars="a:1">',
        "htmx value evaluated as JavaScript (js:)": "<div hx-vals='js:{a: b()}'>",
        "htmx trigger filter [...] (evaluated with eval)": "<input hx-trigger=\"keyup[key=='Enter']\">",
    }
    assert set(bad) == set(FORBIDDEN)
    for what, sample in bad.items():
        assert FORBIDDEN[what].search(sample), what
    allowed = (
        '<script src="/static/js/samhandla.js" defer></script>',
        '<button type="button" data-print>',
        '<text font-style="italic" fill="#535e66">',
        '<input hx-trigger="input changed delay:300ms, search" hx-vals=\'{"field_id": "x"}\'>',
        "<p>Ring tillbaka on Monday.</p>",
    )
    for sample in allowed:
        assert not any(p.search(sample) for p in FORBIDDEN.values()), sample


def test_no_template_needs_what_the_policy_refuses():
    found = "\n".join(offences(template_files()))
    assert not found, f"The Content-Security-Policy refuses these (see static/js/samhandla.js):\n{found}"


def test_no_module_that_writes_html_needs_what_the_policy_refuses():
    found = offences(python_html_modules())
    assert not found, "The Content-Security-Policy refuses these:\n" + "\n".join(found)
