"""The Redis cache backend keeps its redis client between calls, against a real Redis."""

import shutil
import socket
import subprocess
import time

import pytest

from config.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="redis-server is missing: run bin/system-deps"
)


@pytest.fixture
def redis_url(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_cache_keeps_one_client_and_works_through_it(redis_url):
    cache = RedisCache(redis_url, {"KEY_PREFIX": "test"})

    cache.set("page", b"<html>", timeout=60)
    assert cache.add("generation", "g1") and not cache.add("generation", "g2")

    assert cache.get_many(["page", "generation"]) == {"page": b"<html>", "generation": "g1"}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete_many(["generation"])
    assert cache.get("generation") is None and cache.get("page") == b"<html>"
