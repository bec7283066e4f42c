"""Dashboards over a year of one cooperative: render time and query count per page.

Not a test (no threshold; `make test` does not run it). See bench/README.md.

    .venv/bin/python bench/dashboard_load.py              # 500 mothers, 300 orders, 300k handovers
    .venv/bin/python bench/dashboard_load.py --scale 0.1  # a tenth of that
    bin/with-postgres .venv/bin/python bench/dashboard_load.py

It migrates a throwaway database (temp-dir SQLite, or DATABASE_URL / --database-url — give it
a throwaway one), bulk-loads one cooperative's year — mothers, orders, claims, handovers,
their inspections (a tenth with rejected pieces, with reasons), the earnings entries, and
monthly payout entries — spread evenly over the last 365 days, and then renders each
dashboard page in-process (Django's test client, production settings) as the coordinator,
the federation and a mother would, a few times each: it reports the median render time and
the number of SQL queries of each page, at the full size and at a tenth of it, to show that
the query count does not grow with the data.
"""

import argparse
import json
import os
import platform
import statistics
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
    parser.add_argument("--mothers", type=int, default=500)
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--handovers", type=int, default=300_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply all three")
    parser.add_argument("--rounds", type=int, default=3, help="renders per page")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("mothers", "orders", "handovers"):
        setattr(args, name, max(1, int(getattr(args, name) * args.scale)))
    return args


def load(args) -> dict:
    """The year, in bulk. Returns the people and ids the pages need."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from marketplace.models import Category, Cooperative, Membership, Product, Role
    from orders.models import (
        Claim,
        ClaimStatus,
        EntryKind,
        Handover,
        Inspection,
        LedgerEntry,
        OrderStatus,
        ProductionOrder,
        Rejection,
        RejectionReason,
    )

    rng = random.Random(2026)
    # The year happened in the past: let the inserts keep the times given to them (in this
    # process only) instead of auto_now_add's "now".
    for model, name in (
        (Handover, "received_at"),
        (Inspection, "inspected_at"),
        (LedgerEntry, "created_at"),
    ):
        model._meta.get_field(name).auto_now_add = False
    User = get_user_model()
    unusable = make_password(None)  # bench people never sign in through the form
    coop = Cooperative.objects.create(name="基准合作社", slug="bench")
    category = Category.objects.create(name="中国结", slug="bench-knots")
    products = Product.objects.bulk_create(
        Product(
            cooperative=coop,
            category=category,
            name=f"基准中国结 {n}",
            sku=f"BENCH-{n}",
            price=Decimal("38.00"),
        )
        for n in range(10)
    )
    products = list(Product.objects.filter(cooperative=coop))
    coordinator = User.objects.create(username="bench-coordinator", password=unusable)
    Membership.objects.create(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    User.objects.bulk_create(
        User(username=f"137{n:08d}", first_name=f"妈妈{n}", password=unusable)
        for n in range(args.mothers)
    )
    users = list(User.objects.filter(username__startswith="137").order_by("pk"))
    Membership.objects.bulk_create(
        Membership(user=user, cooperative=coop, role=Role.MOTHER) for user in users
    )
    mothers = list(Membership.objects.filter(cooperative=coop, role=Role.MOTHER).order_by("pk"))
    now = timezone.now()
    year_ago = now - dt.timedelta(days=365)
    orders = []
    for n in range(args.orders):
        created = year_ago + dt.timedelta(days=365 * n / args.orders)
        orders.append(
            ProductionOrder(
                cooperative=coop,
                product=products[n % len(products)],
                quantity=10_000,
                piece_rate=Decimal("3.50") + Decimal(n % 5) / 2,
                due_date=(created + dt.timedelta(days=30)).date(),
                status=OrderStatus.IN_PRODUCTION,
                min_claim=1,
                max_per_mother=10_000,
            )
        )
    ProductionOrder.objects.bulk_create(orders)
    orders = list(ProductionOrder.objects.filter(cooperative=coop).order_by("pk"))
    per_order = max(1, min(len(mothers), 20))
    claims = [
        Claim(
            order=order,
            mother=mothers[(i * 7 + j) % len(mothers)],
            quantity=0,
            status=ClaimStatus.ACTIVE,
        )
        for i, order in enumerate(orders)
        for j in range(per_order)
    ]
    # One claim per (order, mother): skip duplicates when there are few mothers.
    seen, unique = set(), []
    for claim in claims:
        if (claim.order.pk, claim.mother.pk) not in seen:
            seen.add((claim.order.pk, claim.mother.pk))
            unique.append(claim)
    Claim.objects.bulk_create(unique)
    claims = list(Claim.objects.filter(order__cooperative=coop).select_related("order"))
    reasons = list(RejectionReason.objects.filter(cooperative=coop))
    batch = 5000
    made = 0
    while made < args.handovers:
        size = min(batch, args.handovers - made)
        picks = [claims[(made + k) * 7919 % len(claims)] for k in range(size)]
        stamps = [year_ago + dt.timedelta(seconds=rng.uniform(0, 365 * 86400)) for _ in picks]
        counts = [rng.randint(5, 20) for _ in picks]
        handovers = Handover.objects.bulk_create(
            Handover(claim=claim, count=count, received_at=stamp)
            for claim, count, stamp in zip(picks, counts, stamps, strict=True)
        )
        if any(h.pk is None for h in handovers):
            raise SystemExit("the database returned no ids from a bulk insert")
        rejected = [rng.randint(1, 3) if rng.random() < 0.1 else 0 for _ in picks]
        inspections = Inspection.objects.bulk_create(
            Inspection(
                handover=handover,
                count=count,
                accepted=count - min(r, count),
                rejected=min(r, count),
                inspected_at=stamp,
            )
            for handover, count, r, stamp in zip(handovers, counts, rejected, stamps, strict=True)
        )
        Rejection.objects.bulk_create(
            Rejection(
                inspection=inspection, reason=reasons[k % len(reasons)], count=inspection.rejected
            )
            for k, inspection in enumerate(inspections)
            if inspection.rejected
        )
        LedgerEntry.objects.bulk_create(
            LedgerEntry(
                mother_id=claim.mother_id,
                cooperative=coop,
                kind=EntryKind.EARNING,
                amount=inspection.accepted * claim.order.piece_rate,
                inspection=inspection,
                created_at=stamp,
            )
            for claim, inspection, stamp in zip(picks, inspections, stamps, strict=True)
        )
        made += size
        print(f"  {made:>7} handovers", flush=True)
    return {"coordinator": coordinator.pk, "mother": mothers[0].user_id, "cooperative": coop.pk}


def render(args, people: dict) -> dict:
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    User = get_user_model()
    today = timezone.localdate()
    a_year_ago = (today - datetime.timedelta(days=365)).isoformat()
    year = f"?from={a_year_ago}&to={today.isoformat()}"
    federation_year = f"?start={a_year_ago}&end={today.isoformat()}"
    pages = {
        "coordinator": [
            ("dashboard (a year)", reverse("co_dashboard") + year),
            (
                "export mothers.xlsx",
                reverse("co_dashboard_export", args=["mothers", "xlsx"]) + year,
            ),
        ],
        "federation": [
            (
                "federation (a year)",
                reverse("federation") + federation_year,
            )
        ],
        "mother": [("my month", reverse("work_insights"))],
    }
    federation = User.objects.create_superuser("bench-federation", password=None)
    who = {
        "coordinator": User.objects.get(pk=people["coordinator"]),
        "federation": federation,
        "mother": User.objects.get(pk=people["mother"]),
    }
    results = {}
    for role, urls in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(who[role])
        for name, url in urls:
            times, queries = [], 0
            for _ in range(args.rounds):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url, secure=True)
                    times.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code}")
                queries = len(captured)
            slowest = sorted(captured.captured_queries, key=lambda q: float(q["time"]))[-2:]
            results[name] = {
                "ms": round(statistics.median(times) * 1000),
                "queries": queries,
                "url": url,
                "slowest_queries": [
                    {"seconds": float(q["time"]), "sql": q["sql"][:300]} for q in slowest
                ],
            }
            print(f"{name:<24} {results[name]['ms']:>7} ms {queries:>4} queries", flush=True)
    return results


def _analyze(connection) -> None:
    """A year-old database has planner statistics (autovacuum on PostgreSQL, ANALYZE on
    SQLite); a bulk load has none until ANALYZE, and the planner then takes a table for a
    few rows and picks nested loops."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def inner(args) -> dict:
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()
    started = time.perf_counter()
    people = load(args)
    from django.db import connection

    _analyze(connection)
    loaded = time.perf_counter() - started
    print(f"loaded in {loaded:.0f} s", flush=True)
    # The bulk load wrote records only: count them into the tallies as an operator would.
    from orders.reporting.tallies import tallies_rebuild

    started = time.perf_counter()
    tallies_rebuild()
    rebuilt = time.perf_counter() - started
    print(f"tallies rebuilt in {rebuilt:.1f} s", flush=True)
    _analyze(connection)  # the rebuild filled the tallies after the first ANALYZE
    return {
        "load_seconds": round(loaded),
        "rebuild_seconds": round(rebuilt, 1),
        "pages": render(args, people),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.inner:
        print("RESULT " + json.dumps(inner(args)))
        return 0
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        env = harness.server_env(Path(tmp), args.database_url)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "site")])
        harness.manage(env, "migrate", "--noinput", "-v0")
        harness.manage(env, "collectstatic", "--noinput", "-v0")  # the pages link the CSS
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--inner",
                f"--mothers={args.mothers}",
                f"--orders={args.orders}",
                f"--handovers={args.handovers}",
                f"--rounds={args.rounds}",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        print(out.stdout, end="")
        if "RESULT " not in out.stdout:
            print(out.stderr[-4000:], file=sys.stderr)
            return 1
    result = json.loads(out.stdout.split("RESULT ", 1)[1])
    result |= {
        "mothers": args.mothers,
        "orders": args.orders,
        "handovers": args.handovers,
        "database": "postgresql" if args.database_url else "sqlite",
        "machine": f"{platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"dashboards-{stamp}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
