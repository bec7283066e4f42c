"""The cluster of `make cluster` (tests/cluster/conftest.py): requests through nginx reach
both app servers, a signed-in mother is known to both, and when one app server is killed in
the middle of the load the other serves every request that is left, sign-ins included."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.cluster import parts
from tests.cluster.parts import Browser

pytestmark = parts.MARKS


def test_the_load_balancer_spreads_requests_and_survives_a_killed_app_server(cluster):
    parts.both_app_servers(cluster)
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

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(visit, i) for i in range(120)]
        assert done.wait(timeout=120)
        parts.kill(cluster, "app1")  # its master and workers: a session of their own
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
