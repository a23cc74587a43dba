"""``manage.py check --deploy`` with the production environment: the app's environment in
docker-compose.yml, filled in from the .env the README documents (README, "Production: Docker
Compose with TLS"). Each check runs in a fresh process, as production starts, with none of the
test suite's own settings (pyproject's pytest-env turns TLS off for the tests: SECURE_SSL_REDIRECT,
SECURE_COOKIES, SECURE_HSTS_SECONDS).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
NO_ISSUES = "System check identified no issues (0 silenced)."
# What the process inherits from the test run: enough to start Python, none of the settings.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")

# A production .env beside docker-compose.yml, as the README documents it.
DOT_ENV = {
    "SITE_DOMAIN": "samhandla.example.se",
    "SECRET_KEY": secrets.token_urlsafe(50),  # 67 characters of 64 kinds
    "HEALTH_TOKEN": secrets.token_urlsafe(32),
    "TLS_EMAIL": "drift@example.se",
    "SECURE_HSTS_PRELOAD": "1",  # the domain owner's decision (README): without it, W021
}


def _interpolate(value: str, dot_env: dict[str, str]) -> str:
    """Compose's ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?message}``."""

    def one(match: re.Match) -> str:
        name, operator, argument = match.group(1), match.group(2), match.group(3)
        given = dot_env.get(name, "")
        if operator == ":?" and not given:
            raise AssertionError(f"docker compose would refuse to start without {name}: {argument}")
        return given or (argument if operator == ":-" else "")

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}", one, value)


def compose_app_env(dot_env: dict[str, str]) -> dict[str, str]:
    """The environment every app service of docker-compose.yml gets (the ``x-app`` anchor's
    ``environment: &env``), interpolated with ``dot_env`` as Compose would."""
    lines = COMPOSE.read_text(encoding="utf-8").splitlines()
    start = lines.index("  environment: &env") + 1
    env = {}
    for line in lines[start:]:
        if line.strip() and not line.startswith("    "):
            break  # the next key of x-app
        match = re.match(r"^    ([A-Z][A-Z0-9_]*): (.*)$", line)
        if match:
            value = match.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            env[match.group(1)] = _interpolate(value, dot_env)
    return env


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    inherited = {k: os.environ[k] for k in INHERITED if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


def warnings_in(output: str) -> set[str]:
    return set(re.findall(r"\(([a-z_]+\.[WE]\d+)\)", output))


def test_the_documented_production_environment_passes_check_deploy():
    env = compose_app_env(DOT_ENV)
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert NO_ISSUES in result.stdout


def test_the_compose_environment_is_the_production_one():
    env = compose_app_env(DOT_ENV)
    assert env["DEBUG"] == "0"
    assert env["SECRET_KEY"] == DOT_ENV["SECRET_KEY"]
    assert env["ALLOWED_HOSTS"] == "samhandla.example.se"
    assert env["SITE_URL"] == env["CSRF_TRUSTED_ORIGINS"] == "https://samhandla.example.se"
    assert env["SECURE_PROXY_SSL_HEADER"] == "HTTP_X_FORWARDED_PROTO,https"
    assert env["TRUSTED_PROXY_COUNT"] == "1"
    assert env["HEALTH_TOKEN"] == DOT_ENV["HEALTH_TOKEN"]
    assert (env["SECURE_SSL_REDIRECT"], env["SECURE_COOKIES"], env["SECURE_HSTS_SECONDS"]) == (
        "1",
        "1",
        "31536000",
    )
    # Without the .env's choice, preload stays off (the settings' default).
    assert compose_app_env({**DOT_ENV, "SECURE_HSTS_PRELOAD": ""})["SECURE_HSTS_PRELOAD"] == "0"
    assert compose_app_env({**DOT_ENV, "HEALTH_TOKEN": ""})["HEALTH_TOKEN"] == ""


def test_compose_names_only_variables_the_app_reads():
    """A misspelt name in docker-compose.yml would be ignored without a word."""
    settings = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:environ\.get|envbool)\(\s*"([A-Z0-9_]+)"', settings))
    assert set(compose_app_env(DOT_ENV)) - read == set()


def test_compose_publishes_only_the_proxy():
    text = COMPOSE.read_text(encoding="utf-8")
    services = re.split(
        r"^  (?=[a-z][a-z_-]*:\n)", text.split("\nservices:\n", 1)[1].split("\nvolumes:\n")[0], flags=re.M
    )
    published = {block.split(":", 1)[0] for block in services if "\n    ports:\n" in block}
    assert published == {"proxy"}
    proxy = next(block for block in services if block.startswith("proxy:"))
    assert '"80:80"' in proxy and '"443:443"' in proxy and "image: caddy:2" in proxy


def test_a_secret_key_of_39_characters_refuses_to_start():
    result = run_manage(
        {"DEBUG": "0", "SECRET_KEY": "k" * 39, "ALLOWED_HOSTS": "samhandla.example.se"}, "check"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "at least 40 characters" in result.stderr


def test_a_secret_key_of_40_characters_starts():
    key = secrets.token_urlsafe(30)[:40]
    result = run_manage({"DEBUG": "0", "SECRET_KEY": key, "ALLOWED_HOSTS": "samhandla.example.se"}, "check")
    assert result.returncode == 0, result.stderr
    assert NO_ISSUES in result.stdout


def test_the_minimal_production_environment_warns_only_of_hsts_preload():
    """DEBUG off, a long SECRET_KEY and ALLOWED_HOSTS: TLS, cookies and HSTS are on by default, and
    the one warning is W021, until the domain's owner sets SECURE_HSTS_PRELOAD=1."""
    env = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "samhandla.example.se"}
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert warnings_in(result.stdout + result.stderr) == {"security.W021"}
    assert result.returncode == 1
    assert "System check identified 1 issue (0 silenced)." in result.stderr
    result = run_manage({**env, "SECURE_HSTS_PRELOAD": "1"}, "check", "--deploy", "--fail-level", "WARNING")
    assert (result.returncode, result.stdout.strip()) == (0, NO_ISSUES)
