"""The cluster of `make cluster`, started by the same script (bin/cluster) on ports and in a
directory of its own: requests through nginx reach both app servers, a signed-in mother is
known to both, and when one app server is killed in the middle of the load the other serves
every request that is left, sign-ins included.

Only on the PostgreSQL pass of `make test` (it starts its own PostgreSQL, Redis and nginx, and
loads the demo world: about 90 s), and stopped by the same script however the test ends."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "cluster"
# The cluster's own ports are CLUSTER_PORT + these (bin/cluster).
OFFSETS = (0, 1, 2, 10, 11, 30)

pytestmark = [
    pytest.mark.cluster,
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


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_base_port() -> int:
    """A base port whose every cluster port is free, away from `make cluster`'s 8400."""
    for base in range(8600, 9600, 50):
        if all(port_free(base + offset) for offset in OFFSETS):
            return base
    raise RuntimeError("no free ports for a test cluster")


def run_script(command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cluster():
    # A directory the postgres user can enter when the tests run as root (not pytest's 0700).
    directory = Path(tempfile.mkdtemp(prefix="mamagang-cluster-"))
    directory.chmod(0o755)
    base = free_base_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND"))
    } | {"CLUSTER_DIR": str(directory), "CLUSTER_PORT": str(base), "VENV": sys.prefix}
    try:
        result = run_script("start", env)
        assert result.returncode == 0, result.stdout + result.stderr
        yield {"address": f"http://127.0.0.1:{base}", "directory": directory}
    finally:
        stopped = run_script("stop", env)
        shutil.rmtree(directory, ignore_errors=True)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


class Browser:
    """A visitor with cookies, one connection per request (no keep-alive: each request is
    balanced on its own, as separate visitors' are)."""

    def __init__(self, address: str):
        self.address = address
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

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
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _, page = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        # Followed the redirect to her start page, not the sign-in form again.
        assert status == 200
        assert 'name="password"' not in page


def app_server_pid(cluster: dict, name: str) -> int:
    return int((cluster["directory"] / f"{name}.pid").read_text())


def test_the_load_balancer_spreads_requests_and_survives_a_killed_app_server(cluster):
    browser = Browser(cluster["address"])
    served = Counter(browser.get("/")[1] for _ in range(10))
    assert served.keys() == {"app1", "app2"}, served

    # Her session is in PostgreSQL: both app servers know her.
    browser.sign_in("13800000001", "mama-demo-2026")
    answers = [browser.get("/work/") for _ in range(6)]
    assert {status for status, _, _ in answers} == {200}
    assert {server for _, server, _ in answers} == {"app1", "app2"}
    assert all("/accounts/login/" not in body for _, _, body in answers)

    # 120 requests from 4 visitors at once; app1 (its master and workers) is killed
    # outright after the 30th answer. nginx sends what app1 no longer takes to app2.
    done = threading.Event()
    answered: list[tuple[int, str]] = []
    lock = threading.Lock()

    def visit(_: int) -> tuple[int, str]:
        status, server, _ = browser.get("/work/")
        with lock:
            answered.append((status, server))
            if len(answered) == 30:
                done.set()
        return status, server

    victim = app_server_pid(cluster, "app1")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(visit, i) for i in range(120)]
        assert done.wait(timeout=120)
        os.killpg(victim, signal.SIGKILL)  # gunicorn runs in a session of its own
        killed_at = len(answered)
        results = [future.result() for future in futures]

    assert Counter(status for status, _ in results) == Counter({200: 120})
    after = [server for _, server in answered[killed_at + 4 :]]  # past those in flight
    assert after and set(after) == {"app2"}
    assert {server for _, server in answered[:killed_at]} == {"app1", "app2"}

    # A sign-in (a POST, with its CSRF check) after the kill is served by the survivor too.
    another = Browser(cluster["address"])
    another.sign_in("13800000002", "mama-demo-2026")
    status, server, _ = another.get("/work/")
    assert (status, server) == (200, "app2")
