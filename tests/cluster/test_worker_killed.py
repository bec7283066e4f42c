"""A task worker of the cluster is SIGKILLed in the middle of a payout run; a worker started
afterwards (`bin/cluster start-part worker2`, as an operator would) finishes the run once the
cluster's own scheduler has enqueued the recovery job, and each mother is paid exactly once:
one transfer each at Stripe, one payout entry each in the ledger.

The coordinator starts the run on her page through nginx; the run is paid by the cluster's
worker1. Stripe's Connect is the tests' fake behind tests/cluster/stripe_proxy.py, its
transfers made slow (a second each) so that the worker is killed between two of them; the
cluster takes a run up again after 5 s without progress (parts.STALE_SECONDS), at the
recovery job's next minute."""

import re
import socket
import time

from tests.cluster import parts
from tests.cluster.parts import checkout_load

pytestmark = parts.MARKS

MOTHERS = 4
SLOW_TRANSFER = 1.0  # seconds Stripe takes for each transfer while the worker is killed
# The recovery job runs once a minute: the run is finished within two of its ticks.
FINISHED_WITHIN = 150
HIDDEN = re.compile(r'<input type="hidden" name="(cooperative|cutoff|expected)" value="([^"]*)"')

# Run by `manage.py shell` on the cluster's database: a cooperative of its own with a
# coordinator (signed in: her session) and MOTHERS mothers on Stripe who earned 10, 20, …
# knots at ¥3.50, made through the services as the payout tests make them.
WORLD = (
    """
import json, secrets
import factory
from django.conf import settings
from django.urls import reverse
from tests import factories as market
from tests.orders import factories as orders
from tests.orders.money_world import earning_mother, stripe_profile

# The factories number what they make from 0 in each process: far from the demo world's.
start = 5000 + secrets.randbelow(4000)
for module in (market, orders):
    for value in list(vars(module).values()):
        if isinstance(value, type) and issubclass(value, factory.base.BaseFactory):
            try:
                value.reset_sequence(start)
            except ValueError:  # a subclass counting with its parent
                pass
coop = market.CooperativeFactory()
coordinator = market.coordinator_of(coop)
order = orders.knot_order(coop, quantity=1000, max_per_mother=500)
accounts = {}
for n in range(1, MOTHERS + 1):
    account = f"acct_cluster_{coop.pk}_{n}"
    mother = earning_mother(
        order, accepted=10 * n, actor=coordinator.user, **stripe_profile(account)
    )
    accounts[account] = {"mother": mother.pk, "fen": 10 * n * 350}
user = coordinator.user
"""
    + parts.session_code("user")
    + """
print(MARK + json.dumps({
    "cooperative": coop.pk,
    "accounts": accounts,
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "session": session.session_key,
    "preview": reverse("co_payout_preview"),
}))
"""
)
# The cooperative's run afterwards: its payouts, the mothers' payout and reversal entries,
# and the workers' executions of it (django-tasks-db results), oldest first.
RUN = """
import json
from django_tasks_db.models import DBTaskResult
from orders.models import EntryKind, LedgerEntry, PayoutRun
from orders.money.tasks import payout_run_execute_task
run = PayoutRun.objects.get(cooperative_id=COOPERATIVE)
entries = LedgerEntry.objects.filter(mother__cooperative_id=COOPERATIVE)
executions = DBTaskResult.objects.filter(
    task_path=payout_run_execute_task.module_path, args_kwargs__kwargs__run_id=run.pk
).order_by("enqueued_at")
print(MARK + json.dumps({
    "status": run.status,
    "payouts": sorted(run.payouts.values_list("status", flat=True)),
    "paid_mothers": sorted(
        entries.filter(kind=EntryKind.PAYOUT).values_list("mother_id", flat=True)
    ),
    "reversals": entries.filter(kind=EntryKind.REVERSAL).count(),
    "executions": [[e.status, e.worker_ids, e.traceback or ""] for e in executions],
}))
"""


def code(template: str, **values) -> str:
    for name, value in {"MARK": parts.MARK, **values}.items():
        template = template.replace(name, repr(value))
    return template


def start_run(cluster: dict, world: dict) -> None:
    """The coordinator previews the run on her page and confirms it."""
    coordinator = checkout_load.Browser(cluster["port"])
    coordinator.cookies[world["session_cookie"]] = world["session"]
    status, _, page = coordinator.request(
        "GET", f"{world['preview']}?cooperative={world['cooperative']}"
    )
    assert status == 200
    fields = dict(HIDDEN.findall(page))
    assert fields.keys() == {"cooperative", "cutoff", "expected"}
    fields["csrfmiddlewaretoken"] = parts.csrf_token(page)
    status, location, _ = coordinator.request("POST", world["preview"], fields)
    assert status == 302, location


def test_a_worker_killed_mid_run_is_replaced_and_each_mother_is_paid_once(cluster):
    connect = cluster["connect"]
    world = parts.shell(cluster, "a cooperative's payout world", code(WORLD, MOTHERS=MOTHERS))
    worker = f"{socket.gethostname()[:40]}-worker"

    # given the cluster's worker paying the run the coordinator started, a transfer a second
    connect.slow = SLOW_TRANSFER
    start_run(cluster, world)
    parts.wait_for(lambda: len(connect.transfers) >= 1, timeout=60, what="the first transfer")

    # when it is killed outright between two transfers
    parts.kill(cluster, "worker1")
    killed_at = time.monotonic()
    made_when_killed = len(connect.transfers)
    assert made_when_killed < MOTHERS
    connect.slow = 0

    # and another worker is started: it finishes the run once the recovery job has taken it up
    started = parts.run_script(cluster["script_env"], "start-part", "worker2")
    assert started.returncode == 0, started.stdout + started.stderr
    parts.wait_for(
        lambda: len(connect.transfers) >= MOTHERS,
        timeout=FINISHED_WITHIN,
        what="the run's last transfer",
        every=1,
    )
    print(
        f"payout run: worker1 killed after {made_when_killed} of {MOTHERS} transfers; "
        f"worker2 made the last {time.monotonic() - killed_at:.0f} s later"
    )
    run = finished(cluster, world["cooperative"])

    # then each mother was paid exactly once: at Stripe and in her ledger
    accounts = world["accounts"]
    assert connect.paid_to() == {account: row["fen"] for account, row in accounts.items()}
    assert len(connect.transfers) == MOTHERS
    assert run["status"] == "done"
    assert run["payouts"] == ["paid"] * MOTHERS
    assert run["paid_mothers"] == sorted(row["mother"] for row in accounts.values())
    assert run["reversals"] == 0
    # and the killed worker's execution says why it was replaced; worker2's succeeded
    (dead_status, dead_by, why), (status, by, _) = run["executions"]
    assert (dead_status, dead_by) == ("FAILED", [f"{worker}1"])
    assert why.startswith(f"ExecutionStalled: no payout moved for {parts.STALE_SECONDS} s")
    assert (status, by) == ("SUCCESSFUL", [f"{worker}2"])


def finished(cluster: dict, cooperative: int) -> dict:
    """The run as the database has it once its worker has recorded the last payout."""
    for _ in range(5):
        run = parts.shell(cluster, "the payout run", code(RUN, COOPERATIVE=cooperative))
        if run["status"] == "done":
            break
        time.sleep(1)
    return run
