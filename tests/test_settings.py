"""Settings refuse to run in production with the development secret key."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_setup(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="tracker.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_debug_off_with_the_default_secret_key_refuses_to_start():
    done = run_setup(DEBUG="false")
    assert done.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in done.stderr


def test_debug_off_with_a_real_secret_key_starts():
    done = run_setup(DEBUG="false", SECRET_KEY="x" * 60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_no_database_url_means_sqlite_and_no_broker_means_eager_tasks():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["django.db.backends.sqlite3", "True"], done.stderr


def test_deploy_check_has_no_errors_and_only_the_documented_warning():
    import secrets

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the test run only
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="tracker.example")
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    warnings = {line.split(")")[0].strip("?: (") for line in (done.stdout + done.stderr).splitlines() if "security.W" in line}
    assert warnings == {"security.W021"}  # HSTS preload: the operator's decision, see docs/deploy.md
