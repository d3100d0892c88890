"""Starting and stopping the project's own processes (gunicorn, Celery workers,
servers) for the benchmark commands and the tests."""
import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def spare_port() -> int:
    """A TCP port on the loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(args: list[str], env: dict, log: Path, *, stop_timeout: float = 15):
    """Run a process in its own process group, its output in `log`; on exit stop
    the whole group (TERM, then KILL after `stop_timeout` seconds)."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def wait_until(check, *, timeout: float = 30, every: float = 0.2, what: str = "condition",
               expected: tuple[type[BaseException], ...] = (OSError, ValueError)):
    """Poll `check` until it returns a truthy value, which is returned. The
    `expected` errors (a server not up yet) count as "not yet"; after `timeout`
    seconds a TimeoutError names `what`."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(*expected):
            result = check()
            if result:
                return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(every)
