# Samhandla: two commands for a fresh clone (needs only Python 3.11+ and make).
#   make run   install, migrate, load demo data, serve on http://127.0.0.1:8000 (with the alarm ticker;
#              PORT=8001 make run for another port)
#   make test  install, run the whole test suite (SQLite, Celery eager; with DATABASE_URL on
#              PostgreSQL and redis-server on PATH also the alarm reliability tests)
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# What `make run` writes beside the server: the e-mails it would send, and the alarm ticker's log.
RUN_DIR := tmp
MAIL_DIR := $(RUN_DIR)/mail
TICKER_LOG := $(RUN_DIR)/alarm-ticker.log
# pip without its notices (new pip version, running as root, build back-end warnings): errors still show.
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore $(PY) -m pip install -q -q
DEV := DEBUG=1 SITE_URL=http://$(HOST):$(PORT) EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(CURDIR)/$(MAIL_DIR)

.PHONY: run test install lint messages browser-test clean

$(STAMP): pyproject.toml
	@echo "Installing Samhandla into $(VENV) (the first time takes a minute or two) ..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip
	@$(PIP) -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p $(MAIL_DIR)
	@echo "Preparing the database and the demo data ..."
	@$(DEV) $(PY) manage.py migrate --no-input -v 0
	@$(DEV) $(PY) manage.py seed_demo
	@echo
	@echo "Samhandla runs on http://$(HOST):$(PORT)/  (Ctrl-C stops it). Log in with a user above."
	@echo "  E-mails are not sent: each is written as a file into $(MAIL_DIR)/"
	@echo "  The alarm ticker (outbox, escalation, auto-close; Celery beat's stand-in) logs to $(TICKER_LOG)"
	@echo "  Below: the web server's log."
	@echo
	@$(DEV) $(PY) manage.py alarm_ticker >> $(TICKER_LOG) 2>&1 & ticker=$$!; \
	trap 'kill $$ticker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

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
	rm -rf $(VENV) db.sqlite3 staticfiles $(RUN_DIR)
