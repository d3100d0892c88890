"""Real processes for the slow ingestion tests: a private redis-server as the
broker (so no other test sees these queues), Celery workers and beat listening
on the ingestion queues, and this process's Celery app pointed at that broker."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

import redis

from tracker.celery import app

from ..processes import BIN, ROOT, database_url, process_env, running, wait_until

QUEUES = "fetch,extract,celery"


class RedisServer:
    """A redis-server on a port of its own, that a test may stop and start again."""

    def __init__(self, port: int, log: Path):
        self.port, self.log, self.proc = port, log, None

    @property
    def url(self) -> str:
        return self.db_url(0)

    def db_url(self, number: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"

    def start(self):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for the broker tests"
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--daemonize", "no"], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(lambda: redis.Redis(port=self.port, socket_timeout=1).ping(), timeout=10, what="redis-server")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def purge(self, number: int = 0) -> None:
        """Empty the task queues (and the unacknowledged set) of database `number`."""
        self.client(number).delete(*QUEUES.split(","), "unacked", "unacked_index", "unacked_mutex")

    def client(self, number: int = 0) -> redis.Redis:
        return redis.Redis(port=self.port, db=number, socket_timeout=2)


@contextlib.contextmanager
def app_broker(url: str):
    """Send this process's tasks to `url` for the duration. (The CELERY_BROKER_URL
    variable outranks conf.broker_url, so it is the write URL that is pointed, and
    the app's cached producer pools are dropped.)"""
    before = app.conf.get("broker_write_url")

    def point(to):
        app.conf.broker_write_url = to
        app._pool = None
        app.amqp._producer_pool = None

    point(url)
    try:
        yield
    finally:
        point(before)


def worker_env(broker_url: str, **extra) -> dict:
    return process_env(DATABASE_URL=database_url(), CELERY_BROKER_URL=broker_url, FETCH_ALLOWED_NETWORKS="127.0.0.1/32",
                       **extra)


@contextlib.contextmanager
def worker(env: dict, log: Path, *, name: str, concurrency: int = 1):
    """A prefork worker on the ingestion queues; yields once it is ready to consume."""
    args = [str(BIN / "celery"), "-A", "tracker", "worker", "--loglevel", "INFO", "-Q", QUEUES, "-P", "prefork",
            "--concurrency", str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--hostname", f"{name}@%h"]
    with running(args, env, log) as proc:
        wait_until(lambda: " ready." in log.read_text(errors="replace") or proc.poll() is not None, timeout=60,
                   what=f"worker {name} to be ready")
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        yield proc


@contextlib.contextmanager
def beat(env: dict, log: Path, schedule: Path):
    with running([str(BIN / "celery"), "-A", "tracker", "beat", "--loglevel", "INFO", "--schedule", str(schedule)],
                 env, log) as proc:
        yield proc


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a prefork worker's pool)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
    return found


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool at once, as when a machine dies."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


__all__ = ["ROOT", "RedisServer", "app_broker", "beat", "children", "kill_group", "worker", "worker_env"]
