"""/metrics for Prometheus: restricted, and counting claims, payments and task failures
across processes (ops.metrics, ops.collectors)."""

import subprocess
import sys

import pytest

from marketplace.services.purchases import purchase_mark_paid
from ops.metrics import COUNTERS
from tests.factories import PurchaseFactory
from tests.ops.jobs import failing_task
from tests.orders.factories import ClaimFactory, knot_order, mother_for

TOKEN = "scrape-token-for-tests-only"


def counted(name: str, **labels) -> float:
    return COUNTERS.get_sample_value(f"{name}_total", labels) or 0.0


def scrape(client, **headers) -> str:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    return response.content.decode()


# Who may read it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        # a visitor relayed by nginx on the same machine: the address is loopback's
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": TOKEN},
    ],
)
@pytest.mark.django_db
def test_metrics_are_refused_to_the_public(client, settings, headers):
    settings.METRICS_TOKEN = TOKEN

    response = client.get("/metrics", **headers)

    assert response.status_code == 403
    assert b"mamagang" not in response.content


@pytest.mark.django_db
def test_metrics_are_refused_to_an_empty_token(client, settings):
    settings.METRICS_TOKEN = ""

    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": "127.0.0.1"},
        {"REMOTE_ADDR": "::1"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": f"Bearer {TOKEN}"},
        {"REMOTE_ADDR": "10.1.2.3"},
    ],
)
@pytest.mark.django_db
def test_metrics_answer_a_scraper(client, settings, headers):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128", "10.1.0.0/16"]

    body = scrape(client, **headers)

    assert "mamagang_tasks_waiting 0.0" in body
    assert TOKEN not in body
    assert client.cookies == {}


# What it counts -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_claims_are_counted_once_committed(cooperative):
    order = knot_order(cooperative)
    before = counted("mamagang_claims")

    claim = ClaimFactory(order=order, mother=mother_for(order), quantity=10)
    ClaimFactory(order=order, mother=claim.mother, quantity=12)  # she raises it
    ClaimFactory(order=order, mother=claim.mother, quantity=0)  # and releases it

    assert counted("mamagang_claims") == before + 2


@pytest.mark.django_db(transaction=True)
def test_payments_are_counted_once_confirmed(client):
    before = counted("mamagang_payments")

    PurchaseFactory()  # awaiting payment
    paid = PurchaseFactory(paid=True)
    purchase_mark_paid(purchase=paid, note="the webhook, delivered twice")

    assert counted("mamagang_payments") == before + 1
    assert f"mamagang_payments_total {before + 1}" in scrape(client, REMOTE_ADDR="127.0.0.1")


def test_task_failures_are_counted_by_task():
    before = counted("mamagang_task_failures", task="tests.ops.jobs.failing_task")

    failing_task.enqueue()

    assert counted("mamagang_task_failures", task="tests.ops.jobs.failing_task") == before + 1


INCREMENT = """
import sys
from ops import metrics
metrics.CLAIMS.inc(int(sys.argv[1]))
metrics.TASK_FAILURES.labels(task="payout").inc()
"""


@pytest.mark.django_db
def test_counts_of_several_processes_add_up(client, tmp_path, monkeypatch):
    # given two processes (two gunicorn workers, or a worker) sharing the multiprocess dir
    for claims in (3, 4):
        subprocess.run(
            [sys.executable, "-c", INCREMENT, str(claims)],
            env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": "."},
            check=True,
        )
    # when any process of the machine is scraped
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    body = scrape(client, REMOTE_ADDR="127.0.0.1")

    # then it shows their sum
    assert "mamagang_claims_total 7.0" in body
    assert 'mamagang_task_failures_total{task="payout"} 2.0' in body
