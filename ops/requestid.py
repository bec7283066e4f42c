"""A request id on every log line, from nginx's X-Request-ID (when it looks like one) or made
here, echoed in the response, and carried into the tasks the request enqueues.

Into tasks: at enqueue (the ``task_enqueued`` signal, in the requesting process) the id is
kept in the shared cache under the task result's id; when a worker starts the task
(``task_started``, in the worker's process) it is read back and bound for the task's log lines,
and released at ``task_finished``. Any backend that sends the framework's signals carries it;
a cache miss (expired, cache flushed) only costs the id, never the task.
"""

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from django.core.cache import cache

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; a proxy's or a client's UUID fits too. Anything else
# (too long, spaces, quotes, newlines that would forge a log line) is replaced by our own.
VALID = re.compile(r"[A-Za-z0-9._-]{8,128}")
# Long enough for a task that waits for a busy worker; the cache forgets it after.
CARRIED_FOR = 7 * 24 * 60 * 60

request_id: ContextVar[str] = ContextVar("request_id", default="")
_bound: dict[str, Token] = {}


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_from(given: str | None) -> str:
    return given if given and VALID.fullmatch(given) else request_id_new()


@contextmanager
def request_id_bound(value: str = "") -> Iterator[str]:
    token = request_id.set(value or request_id_new())
    try:
        yield request_id.get()
    finally:
        request_id.reset(token)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every later log line of the request has the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_id_bound(request_id_from(request.headers.get(HEADER))) as value:
            request.request_id = value
            response = self.get_response(request)
        response[HEADER] = value
        return response


class RequestIdFilter(logging.Filter):
    """Gives every record a ``request_id`` attribute (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


# Tasks ---------------------------------------------------------------------------------------


def _key(task_result) -> str:
    return f"ops:task-request-id:{task_result.id}"


def task_enqueued_remember(sender, task_result, **kwargs) -> None:
    if value := request_id.get():
        cache.set(_key(task_result), value, CARRIED_FOR)


def task_started_bind(sender, task_result, **kwargs) -> None:
    value = cache.get(_key(task_result)) or request_id.get() or request_id_new()
    _bound[str(task_result.id)] = request_id.set(value)


def task_finished_release(sender, task_result, **kwargs) -> None:
    token = _bound.pop(str(task_result.id), None)
    if token is None:
        return
    try:
        request_id.reset(token)
    except ValueError:  # finished in another context than it started: just forget the id
        request_id.set("")
