"""A real ``manage.py db_worker`` process on the test database, for the tests that see a
task enqueued here done by a worker (PostgreSQL only: SKIP LOCKED is what workers share a
queue by, and the tests' SQLite file is not where a second process would look).

Start it inside a ``transactional_db`` test: the worker only sees what has committed."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the task worker runs on PostgreSQL"
)
# A worker process takes a few seconds to start: these tests are marked for who wants to skip.
slow = pytest.mark.slow


def database_url() -> str:
    """The URL of the database this test runs on (its test_ name), for another process."""
    params = connection.settings_dict
    host = quote(params["HOST"] or "", safe="")
    user = quote(params["USER"] or "", safe="")
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{params['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": DATABASE_BACKEND,
        **extra,
    }


@contextlib.contextmanager
def db_worker(worker_id: str = "test-worker", **env: str):
    """A running worker, polling every 0.1 s; stopped (SIGTERM, then killed) on the way out.
    What it logs goes to a file (a pipe nobody reads would fill and stop it), whose end a
    failing test shows."""
    with tempfile.TemporaryFile(mode="w+", prefix="db_worker-") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--worker-id",
                worker_id,
                "-v",
                "2",
            ],
            cwd=ROOT,
            env=worker_env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            yield process
        except BaseException:
            log.seek(0)
            print(f"--- {worker_id} logged ---\n{log.read()[-4000:]}")
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition, *, timeout: float = 60, what: str = "the worker") -> None:
    """Wait until ``condition()`` is true; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not finish in {timeout} s")
        time.sleep(0.1)
