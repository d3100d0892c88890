"""Start the project's real processes (gunicorn, Celery) for tests, and stop them."""
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from events.processes import ROOT, running, spare_port, wait_until  # noqa: F401  (re-exported for the tests)

BIN = Path(sys.executable).parent


def database_url() -> str:
    """The URL of the database the tests use (pytest-django's test database)."""
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def process_env(**overrides) -> dict:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def gunicorn(port: int, env: dict, log: Path):
    return running(env=env, log=log, args=[str(BIN / "gunicorn"), "tracker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                    "--timeout", "30"])


def celery_worker(env: dict, log: Path, *extra: str):
    return running(env=env, log=log, args=[str(BIN / "celery"), "-A", "tracker", "worker", "--loglevel", "INFO", "--concurrency", "1",
                    "--without-gossip", "--without-mingle", *extra])


def get_json(url: str, timeout: float = 5) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
