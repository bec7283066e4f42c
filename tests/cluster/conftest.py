"""One cluster for every test of tests/cluster: `make cluster`'s own script (bin/cluster) on
free ports and in a directory of its own, stopped by the same script however the tests end.
Starting it (its PostgreSQL, Redis, nginx, two app servers, a task worker, the scheduler,
localstripe and the demo world) takes about 90 s, so it is started once.

Its Stripe is tests/cluster/stripe_proxy.py (localstripe, plus Connect for the payout runs),
and a payout run whose worker died is taken up again after 5 s without progress rather than
300 (PAYOUT_TASK_STALE_SECONDS), so that the worker test waits for one tick of the recovery
job, not five minutes."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from _pytest.nodeid import coerce_node_id

from tests.cluster import parts
from tests.cluster.stripe_proxy import StripeProxy


def pytest_collection_modifyitems(config, items):
    """Put the tests marked xdist_group in their group for `--dist loadgroup`, as
    pytest-xdist 3.8 means to: it appends "@group" to each one's node id by setting `_nodeid`,
    which pytest 9 no longer reads (it keeps the id in `_id`), so that its scheduler sees no
    group and spreads the cluster tests over two workers, each starting a cluster."""
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers only
        return
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = coerce_node_id(f"{item.nodeid}@{mark.args[0]}")


@pytest.fixture(scope="package")
def cluster():
    # A directory the postgres user can enter when the tests run as root (not pytest's 0700).
    directory = Path(tempfile.mkdtemp(prefix="mamagang-cluster-"))
    directory.chmod(0o755)
    base = parts.free_base_port()
    stripe = StripeProxy(localstripe_port=base + 30).start()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND"))
    } | {
        "CLUSTER_DIR": str(directory),
        "CLUSTER_PORT": str(base),
        "CLUSTER_STRIPE_API_BASE": stripe.url,
        "PAYOUT_TASK_STALE_SECONDS": str(parts.STALE_SECONDS),
        "VENV": sys.prefix,
    }
    try:
        result = parts.run_script(env, "start")
        assert result.returncode == 0, result.stdout + result.stderr
        yield {
            "address": f"http://127.0.0.1:{base}",
            "port": base,
            "stripe_port": base + 30,
            "directory": directory,
            "script_env": env,
            "django_env": parts.cluster_load.django_env(directory),
            "connect": stripe.connect,
        }
    finally:
        began = time.monotonic()
        stopped = parts.run_script(env, "stop")
        print(f"bin/cluster stop, {time.monotonic() - began:.0f} s:\n{stopped.stdout}")
        stripe.stop()
        shutil.rmtree(directory, ignore_errors=True)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


@pytest.fixture(scope="package", autouse=True)
def second_scheduler(cluster):
    """A second `manage.py run_scheduler` on the cluster's database with its settings, as an
    operator would start one on a second machine, from the first test of the package on: the
    minute jobs' periods pass while the other tests run, rather than in a wait of their own
    (tests/cluster/test_scheduler.py reads what both did)."""
    log = open(cluster["directory"] / "scheduler2.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=parts.ROOT,
        env=cluster["django_env"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield {"process": process, "started": time.time(), "log": log.name}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
