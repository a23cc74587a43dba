"""The apps import one way (pyproject.toml, [tool.importlinter]): the contract itself is checked by
``lint-imports`` in ``make lint`` and CI. These tests check what import-linter cannot see, and that
the contract really fails on an upward import."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first, as in the contract. Templates live in templates/<app>/; the shared ones (base.html,
# the dashboard, search) belong to the top layer, templates/includes/ and history.html to the bottom.
LAYERS = ["includes", "outbox", "accounts", "actors", "establishments", "workspace", "competence",
          "checklist", "alarms", "demo"]  # fmt: skip
SIBLINGS = {"workspace": {"competence"}, "competence": {"workspace"}}  # moments of one workspace

URL = re.compile(r"""\{%\s*(?:url|link)\s+['"]([a-z_]+):""")  # link: workspace_rows' fast {% url %}
TEMPLATE = re.compile(r"""\{%\s*(?:include|extends)\s+['"]([a-z_]+)/""")
LOAD = re.compile(r"""\{%\s*load\s+([^%]+)%\}""")
# Which app's templatetags library a {% load %} names.
LIBRARIES = {"samhandla": "accounts", "actor_map": "workspace", "alarm_pages": "alarms",
             "signal_facts": "establishments", "workspace_rows": "workspace",
             "checklist_pages": "checklist", "competence_rows": "competence"}  # fmt: skip
THIRD_PARTY = {"i18n", "l10n", "static", "humanize", "partials", "django_htmx", "tz", "cache"}


def _layer(app: str) -> int:
    return LAYERS.index(app)


def _higher_names(path: Path) -> list[str]:
    app = path.relative_to(ROOT / "templates").parts[0]
    if app not in LAYERS:
        return []  # the top layer's own templates may name every app
    text = path.read_text()
    named = set(URL.findall(text)) | set(TEMPLATE.findall(text))
    for libraries in LOAD.findall(text):
        named |= {LIBRARIES[lib] for lib in libraries.split() if lib not in THIRD_PARTY}
    return sorted(
        other
        for other in named
        if other in LAYERS and _layer(other) > _layer(app) and other not in SIBLINGS.get(app, set())
    )


def test_no_template_names_a_higher_app():
    """A template of an app links, includes, extends and loads from its own layer or lower: the
    case page offers slots (establishments/slots.py) that higher apps fill, it never names them."""
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "templates").rglob("*.txt"))
        if (names := _higher_names(path))
    }
    assert offenders == {}


def test_every_templatetag_library_is_known_to_this_test():
    libraries = {p.stem for p in ROOT.glob("*/templatetags/*.py") if p.stem != "__init__"}
    assert libraries == set(LIBRARIES)


@pytest.mark.skipif(shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None,
                    reason="import-linter is not installed")  # fmt: skip
def test_the_contract_fails_on_an_upward_import(tmp_path):
    """The layers contract is real: a copy of the tree in which the registry imports a case fails."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "node_modules", "*.pyc"))
    with (copy / "actors" / "selectors.py").open("a") as f:
        f.write("\n\ndef _upward():\n    from establishments.models import EstablishmentCase\n\n")
        f.write("    return EstablishmentCase\n")
    lint = str(Path(sys.executable).parent / "lint-imports")
    run = subprocess.run([lint, "--no-cache"], cwd=copy, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "actors is not allowed to import establishments" in run.stdout
    assert "actors.selectors -> establishments.models" in run.stdout
    clean = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stdout
