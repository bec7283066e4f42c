"""A payout run for thousands of mothers: how long it takes and how many queries it makes.

Not a test (no threshold; `make test` does not run it). See bench/README.md.

    .venv/bin/python bench/payout_run.py                      # 5,000 mothers × 20 entries, SQLite
    .venv/bin/python bench/payout_run.py --mothers 500 --entries 10
    bin/with-postgres .venv/bin/python bench/payout_run.py    # a throwaway PostgreSQL cluster

It migrates a throwaway database (a temp-dir SQLite file, or DATABASE_URL / --database-url —
give it a throwaway one), bulk-loads one cooperative with N mothers and M ledger entries
each, then measures, each with its wall time and query count:

1. ``payout_preview`` — every positive balance up to today (one aggregate query);
2. ``run_start`` — the run, N payouts and N negative ledger entries (bulk inserts);
3. ``run_execute`` for ``--stripe`` of the mothers on the Stripe rail, over HTTP to the
   in-process fake Connect API of the tests (one transfer call per mother is inherent);
4. the balance check afterwards: every balance is 0.00 and the run's total is the sum.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import showcase_load as harness  # noqa: E402 - the sibling module, found through sys.path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mothers", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=20, help="ledger entries per mother")
    parser.add_argument("--stripe", type=int, default=500, help="of them paid by Stripe")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.stripe = min(args.stripe, args.mothers)
    return args


def inner(args: argparse.Namespace) -> dict:
    """Runs inside the prepared environment (production settings, migrated database)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()
    from decimal import Decimal

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.models import Cooperative, Membership, Role
    from orders.models import EntryKind, LedgerEntry, PayoutProfile, Rail
    from orders.money.services.ledger import balance_parts
    from orders.money.services.payouts import payout_preview, run_execute, run_start
    from tests.fake_stripe_connect import FakeConnect

    fake = FakeConnect().start()
    settings.STRIPE_API_BASE = fake.url
    timings: dict[str, dict] = {}

    def measure(name: str, action):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = action()
            elapsed = time.perf_counter() - started
        timings[name] = {"seconds": round(elapsed, 3), "queries": len(queries)}
        print(f"{name:<14} {elapsed:8.2f} s {len(queries):6d} queries", flush=True)
        return result

    def load():
        coop = Cooperative.objects.create(name="基准合作社", slug="bench")
        unusable = make_password(None)  # bench mothers never sign in
        get_user_model().objects.bulk_create(
            get_user_model()(username=f"139{n:08d}", password=unusable) for n in range(args.mothers)
        )
        users = list(get_user_model().objects.filter(username__startswith="139").order_by("pk"))
        Membership.objects.bulk_create(
            Membership(user=user, cooperative=coop, role=Role.MOTHER) for user in users
        )
        mothers = list(Membership.objects.filter(cooperative=coop).order_by("pk"))
        PayoutProfile.objects.bulk_create(
            PayoutProfile(
                membership=mother,
                rail=Rail.STRIPE if n < args.stripe else Rail.OFFLINE,
                method="bank",
                stripe_account_id=f"acct_bench_{n}" if n < args.stripe else "",
                account_name="测试",
                account_number=f"6228{n:012d}",
                bank_name="农业银行莱西支行",
            )
            for n, mother in enumerate(mothers)
        )
        # Adjustments stand in for earnings here: the same table and the same sums, without
        # building 100,000 inspections (an earning entry must point at one).
        for start in range(0, len(mothers), 1000):
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    mother=mother,
                    cooperative=coop,
                    kind=EntryKind.ADJUSTMENT,
                    amount=Decimal("3.50") + Decimal(i % 7),
                    memo="bench",
                )
                for mother in mothers[start : start + 1000]
                for i in range(args.entries)
            )
        return coop

    coop = measure("load", load)
    # The bulk load wrote entries only: count them into the tallies, as an operator would.
    from orders.reporting.tallies import tallies_rebuild

    measure("tallies rebuild", tallies_rebuild)
    dues = measure("preview", lambda: payout_preview(cooperative=coop).dues)
    run = measure("run_start", lambda: run_start(cooperative=coop, actor=None))
    run = measure("run_execute", lambda: run_execute(run))
    parts = measure("balances", lambda: balance_parts(LedgerEntry.objects.filter(cooperative=coop)))
    fake.stop()
    per_mother = sum(Decimal("3.50") + Decimal(i % 7) for i in range(args.entries))
    ok = (
        len(dues) == args.mothers
        and run.total == per_mother * args.mothers
        and parts["balance"] == 0
        and len(fake.transfers) == args.stripe
    )
    print(f"check: {'OK' if ok else 'FAIL'} (total ¥{run.total}, transfers {len(fake.transfers)})")
    return {"timings": timings, "ok": ok, "total": str(run.total), "status": run.status}


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.inner:
        result = inner(args)
        print("RESULT " + json.dumps(result))
        return 0 if result["ok"] else 1
    with tempfile.TemporaryDirectory(prefix="payout-bench-") as tmp:
        env = harness.server_env(Path(tmp), args.database_url)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "site")])
        harness.manage(env, "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--inner", *_passed(args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        print(out.stdout, end="")
        if out.returncode and "RESULT" not in out.stdout:
            print(out.stderr[-4000:], file=sys.stderr)
            return 1
    result = json.loads(out.stdout.split("RESULT ", 1)[1])
    result |= {
        "mothers": args.mothers,
        "entries_per_mother": args.entries,
        "stripe": args.stripe,
        "database": "postgresql" if args.database_url else "sqlite",
        "machine": f"{platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}",
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"payouts-{stamp}.json").write_text(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


def _passed(args) -> list[str]:
    return [
        f"--mothers={args.mothers}",
        f"--entries={args.entries}",
        f"--stripe={args.stripe}",
    ]


if __name__ == "__main__":
    sys.exit(main())
