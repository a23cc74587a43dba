# Samhandla: two commands for a fresh clone (needs only Python 3.11+ and make).
#   make run   install, migrate, load demo data, serve on http://127.0.0.1:8000 (with the alarm ticker)
#   make test  install, run the whole test suite (SQLite, Celery eager; with DATABASE_URL on
#              PostgreSQL and redis-server on PATH also the alarm reliability tests)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint messages browser-test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "Samhandla runs on http://127.0.0.1:8000  (Ctrl-C stops it)"
	@echo "The alarm ticker (outbox sweeper, escalation, auto-close) runs beside it, in place of Celery beat."
	@DEBUG=1 $(PY) manage.py alarm_ticker & ticker=$$!; \
	trap 'kill $$ticker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(VENV)/bin/pytest -m "not browser" -q

browser-test: $(STAMP)
	$(VENV)/bin/pytest -m browser -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l sv -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
