"""A localstripe server for the tests: a subprocess on a free port, stopped on exit.

localstripe reloads ``/tmp/localstripe.pickle`` at start and rewrites it on every write, so
every instance on the machine shares that one file — the demo's (bin/demo-stripe) included.
The test server neither reads it (``--from-scratch``) nor writes it (its store stays in
memory), so a test run cannot wipe the demo's payments, the demo cannot leak into a test,
and the server does not slow down as the file grows. It is flushed at start and before each
test all the same; the tests run one after another. Webhook endpoints live in the server's
memory only: register them after every start.
"""

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

STARTUP_SECONDS = 20
# `localstripe --from-scratch`, with the store kept in memory only (localstripe 1.15).
IN_MEMORY_LOCALSTRIPE = (
    "import sys, localstripe.resources, localstripe.server;"
    "localstripe.resources.Store.dump_to_disk = lambda self: None;"
    "sys.exit(localstripe.server.start())"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalStripe:
    """``with LocalStripe() as stripe: ...`` — ``stripe.url`` is the API base (no slash)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.js_url = f"{self.url}/js.stripe.com/v3/"
        self.webhook_url = ""  # where events go now, if anywhere
        self._process: subprocess.Popen | None = None
        self._workdir: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> "LocalStripe":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self._workdir = tempfile.TemporaryDirectory(prefix="localstripe-")
        command = [sys.executable, "-c", IN_MEMORY_LOCALSTRIPE, "--port", str(self.port)]
        with Path(self._workdir.name, "localstripe.log").open("wb") as log:
            self._process = subprocess.Popen(
                [*command, "--from-scratch"],
                cwd=self._workdir.name,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_up()
            self.flush()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    @property
    def log(self) -> str:
        """What the server printed so far (its access log): for failure messages."""
        if self._workdir is None:
            return ""
        return Path(self._workdir.name, "localstripe.log").read_text(errors="replace")

    def flush(self) -> None:
        """Forget every customer, card, intent and event (webhook endpoints stay)."""
        self._request("DELETE", "/_config/data")

    def register_webhook(self, url: str, secret: str, name: str = "mamagang") -> None:
        """Have localstripe sign every event with ``secret`` and POST it to ``url``."""
        self._request("POST", f"/_config/webhooks/{name}", {"url": url, "secret": secret})
        self.webhook_url = url

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"localstripe exited at start:\n{self.log}")
            try:
                with urllib.request.urlopen(self.js_url, timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"no answer from localstripe in {STARTUP_SECONDS} s:\n{self.log}"
                )
            time.sleep(0.1)

    def _request(self, method: str, path: str, fields: dict | None = None) -> None:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 200:
                raise RuntimeError(f"localstripe {method} {path}: HTTP {response.status}")
