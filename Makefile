# The two commands: `make run` (a working app on a new machine) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Tests run against the machine's PostgreSQL and Redis at their standard ports.
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tracker} \
	CELERY_BROKER_URL=$${TEST_BROKER_URL:-redis://127.0.0.1:6379/14} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: run test install browser up down check-compose clean

$(STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

# Debian's Chromium for the browser tests, and docker-compose (v1) to validate the compose file.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v docker-compose >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium docker-compose >/dev/null; \
		else echo "browser tests need /usr/bin/chromium (apt-get install chromium)"; fi; \
	fi

test: install browser
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

up:
	docker-compose up --build

down:
	docker-compose down

check-compose:
	docker-compose -f docker-compose.yml config --quiet

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
