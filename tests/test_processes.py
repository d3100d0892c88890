"""The processes compose runs (gunicorn, a Celery worker, beat) started for real
against the local PostgreSQL and Redis; /healthz reports each dependency."""
import shutil
import subprocess

import pytest

from .processes import (
    BIN, ROOT, celery_worker, database_url, get_json, gunicorn, process_env, running, spare_port, wait_until,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def serve_health(tmp_path, **env):
    port = spare_port()
    return port, gunicorn(port, process_env(**env), tmp_path / "gunicorn.log")


def test_gunicorn_reports_database_and_broker_up(tmp_path):
    port, server = serve_health(tmp_path, DATABASE_URL=database_url())
    with server:
        status, body = wait_until(lambda: get_json(f"http://127.0.0.1:{port}/healthz"), what="gunicorn")
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["broker"] == {"ok": True, "mode": "broker"}


def test_healthz_is_503_when_the_broker_is_down(tmp_path):
    dead = f"redis://127.0.0.1:{spare_port()}/0"  # nothing listens there
    port, server = serve_health(tmp_path, DATABASE_URL=database_url(), CELERY_BROKER_URL=dead)
    with server:
        status, body = wait_until(lambda: get_json(f"http://127.0.0.1:{port}/healthz", timeout=15), what="gunicorn")
    assert status == 503
    assert body["broker"]["ok"] is False and body["broker"]["error"]
    assert body["database"]["ok"] is True


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    dead = f"postgres://postgres@127.0.0.1:{spare_port()}/tracker"
    port, server = serve_health(tmp_path, DATABASE_URL=dead)
    with server:
        status, body = wait_until(lambda: get_json(f"http://127.0.0.1:{port}/healthz", timeout=15), what="gunicorn")
    assert status == 503
    assert body["database"]["ok"] is False and "connection" in body["database"]["error"].lower()
    assert body["broker"]["ok"] is True


def test_a_celery_worker_starts_and_answers_a_ping(tmp_path):
    env = process_env(DATABASE_URL=database_url())
    with celery_worker(env, tmp_path / "worker.log", "--hostname", "ping@%h"):
        def pong():
            done = subprocess.run([str(BIN / "celery"), "-A", "tracker", "inspect", "ping", "--timeout", "2"],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
            return "pong" in done.stdout
        assert wait_until(pong, timeout=60, what="the worker's pong")


def test_celery_beat_starts_with_the_configured_schedule(tmp_path):
    log = tmp_path / "beat.log"
    schedule = tmp_path / "schedule"
    env = process_env(DATABASE_URL=database_url())
    with running([str(BIN / "celery"), "-A", "tracker", "beat", "--loglevel", "INFO", "--schedule", str(schedule)], env, log):
        wait_until(lambda: "beat: Starting" in log.read_text(), timeout=30, what="beat to start")


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed")
def test_compose_file_is_valid():
    done = subprocess.run(["docker-compose", "-f", "docker-compose.yml", "config", "--quiet"], cwd=ROOT,
                          env=process_env(SECRET_KEY="x" * 50), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
