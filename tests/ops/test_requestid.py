"""Request ids: taken from nginx or made, echoed, on every log line, carried into tasks."""

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from django.tasks import TaskResultStatus
from django.test import RequestFactory

import pytest
from django_tasks.signals import task_finished, task_started

from ops.requestid import request_id
from tests.ops.jobs import logging_task
from tests.ops.logs import NGINX_ID, answered, console_output

ROOT = Path(__file__).resolve().parents[2]


def test_the_id_nginx_gives_is_kept_and_echoed():
    response = answered(RequestFactory().get("/", HTTP_X_REQUEST_ID=NGINX_ID))

    assert response["X-Request-ID"] == NGINX_ID


@pytest.mark.parametrize(
    "given", [None, "", "short", "x" * 200, 'a"b\nforged log line', "id with spaces"]
)
def test_a_missing_or_odd_id_is_replaced_by_a_new_one(given):
    headers = {} if given is None else {"HTTP_X_REQUEST_ID": given}

    first = answered(RequestFactory().get("/", **headers))["X-Request-ID"]
    second = answered(RequestFactory().get("/", **headers))["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_the_id_is_on_the_requests_log_lines_and_gone_after():
    with console_output() as out:
        answered(RequestFactory().get("/", HTTP_X_REQUEST_ID=NGINX_ID))

    assert f"[{NGINX_ID}] in the view" in out.getvalue()
    assert request_id.get() == ""


def test_production_logs_are_one_json_object_per_line_with_the_id():
    with console_output("json") as out:
        answered(RequestFactory().get("/", HTTP_X_REQUEST_ID=NGINX_ID))

    line = json.loads(out.getvalue().strip().splitlines()[-1])
    assert line["request_id"] == NGINX_ID
    assert line["message"] == "in the view"
    assert {"time", "level", "logger"} <= line.keys()


@pytest.mark.django_db
def test_a_task_run_right_away_logs_the_requests_id():
    with console_output() as out:
        answered(RequestFactory().get("/", HTTP_X_REQUEST_ID=NGINX_ID), logging_task.enqueue)

    assert f"[{NGINX_ID}] inside the task" in out.getvalue()


def run_like_a_worker(result) -> None:
    """What a worker does with a task it takes (django-tasks-db's db_worker): started
    signal, the call, finished signal — in a thread of its own, so nothing of the request's
    context comes along; only what the signals carry."""

    def work():
        task_started.send(sender=type(result.task.get_backend()), task_result=result)
        result.task.call()
        object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
        task_finished.send(sender=type(result.task.get_backend()), task_result=result)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


def test_a_task_run_later_by_a_worker_logs_the_requests_id(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    enqueued = []

    answered(
        RequestFactory().get("/", HTTP_X_REQUEST_ID=NGINX_ID),
        lambda: enqueued.append(logging_task.enqueue()),
    )
    with console_output() as out:
        run_like_a_worker(enqueued[0])

    assert f"[{NGINX_ID}] inside the task" in out.getvalue()


PRODUCTION_LOG = """
import django, logging
django.setup()
from ops.requestid import request_id_bound
with request_id_bound("4f1c2a9be0d34c8e9a7b6c5d4e3f2a1b"):
    logging.getLogger("orders").warning("payout run 7 started")
"""


def test_production_settings_write_json_lines(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "a-production-like-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "STRIPE_API_BASE": "http://127.0.0.1:8420",
        "VAR_DIR": str(tmp_path),
        # Production requires a shared cache; nothing here reaches it.
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    env.pop("DATABASE_URL", None)
    env.pop("LOG_FORMAT", None)

    run = subprocess.run(
        [sys.executable, "-c", PRODUCTION_LOG],
        cwd=ROOT,
        env={**env, "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}"},
        capture_output=True,
        text=True,
        check=True,
    )

    line = json.loads(run.stderr.strip().splitlines()[-1])
    assert line["request_id"] == NGINX_ID
    assert line["message"] == "payout run 7 started"
    assert line["level"] == "WARNING" and line["logger"] == "orders"
