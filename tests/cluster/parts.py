"""Helpers of the cluster tests: the cluster's script, its processes and its database.

The cluster is `make cluster`'s own (bin/cluster), started once for the package by
tests/cluster/conftest.py; the load and the checks afterwards are the cluster bench's
(bench/claims_load.py, checkout_load.py, cluster_load.py), imported, not copied."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "cluster"
# The test cluster takes a stalled payout run up again after this many seconds (not 300).
STALE_SECONDS = 5
sys.path.insert(0, str(ROOT / "bench"))
import checkout_load  # noqa: E402, F401 - the bench's modules, found through sys.path
import claims_load  # noqa: E402
import cluster_load  # noqa: E402

MARK = claims_load.MARK
# The cluster's own ports are CLUSTER_PORT + these (bin/cluster).
OFFSETS = cluster_load.OFFSETS

# Every test of the package shares the one cluster: on the PostgreSQL pass only, and on one
# pytest-xdist worker (`make` runs `--dist loadgroup`), which then runs them one after another.
MARKS = [
    pytest.mark.cluster,
    pytest.mark.xdist_group("cluster"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the cluster test runs on the PostgreSQL pass only",
    ),
    pytest.mark.skipif(
        not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())
        or not shutil.which("redis-server"),
        reason="nginx and redis-server are missing: run bin/system-deps",
    ),
]


def free_base_port() -> int:
    """A base port whose every cluster port is free, away from `make cluster`'s 8400 and
    the bench's 9700 on."""
    for base in range(8600, 9600, 50):
        if all(cluster_load.port_free(base + offset) for offset in OFFSETS):
            return base
    raise RuntimeError("no free ports for a test cluster")


def run_script(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def shell(cluster: dict, what: str, code: str) -> dict:
    """What `code` printed after MARK, run by `manage.py shell` on the cluster's database
    with the cluster's settings."""
    return claims_load.shell_json(cluster["django_env"], what, code)


def pid_of(cluster: dict, name: str) -> int:
    return int((cluster["directory"] / f"{name}.pid").read_text())


def running(cluster: dict, name: str) -> bool:
    path = cluster["directory"] / f"{name}.pid"
    return path.exists() and Path(f"/proc/{path.read_text().strip()}").exists()


def both_app_servers(cluster: dict) -> None:
    """Start again an app server an earlier test killed, and wait until nginx sends requests
    to both."""
    for name in ("app1", "app2"):
        if not running(cluster, name):
            result = run_script(cluster["script_env"], "start-part", name)
            assert result.returncode == 0, result.stdout + result.stderr
    cluster_load.served_by(cluster["port"], {"app1", "app2"})


def kill(cluster: dict, name: str) -> None:
    """SIGKILL to a part and every process of its session (gunicorn's workers with it)."""
    os.killpg(pid_of(cluster, name), signal.SIGKILL)


def wait_for(condition, *, timeout: float, what: str, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:g} s")
        time.sleep(every)


def session_code(user: str) -> str:
    """Code for `manage.py shell` that signs `user` in: a session as django.contrib.auth's
    login writes it, its key in `session`."""
    return f"""
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str({user}.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = {user}.get_session_auth_hash()
session.create()
"""


class Browser:
    """A visitor with cookies, one connection per request (no keep-alive: each request is
    balanced on its own, as separate visitors' are)."""

    def __init__(self, address: str):
        self.address = address
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.address + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.address + path, data, headers={"Origin": self.address}
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, str, str]:
        """(status, X-Served-By, body)."""
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read().decode()
                return response.status, response.headers.get("X-Served-By", ""), body
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("X-Served-By", ""), ""

    def sign_in(self, username: str, password: str) -> None:
        status, _, page = self.get("/accounts/login/")
        assert status == 200
        token = csrf_token(page)
        status, _, page = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        # Followed the redirect to her start page, not the sign-in form again.
        assert status == 200
        assert 'name="password"' not in page


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
