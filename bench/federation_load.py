"""The federation at a city's scale, and the dashboards' query plans and JIT at a year's.

Not a test (no threshold; `make test` does not run it). See bench/README.md.

    bin/with-postgres .venv/bin/python bench/federation_load.py --city              # 3M handovers
    bin/with-postgres .venv/bin/python bench/federation_load.py --city --scale 0.1  # a tenth
    bin/with-postgres .venv/bin/python bench/federation_load.py                     # the year
    DATABASE_URL=<a lasting cluster> .venv/bin/python bench/federation_load.py --city --reuse

``--city``: 200 cooperatives, 20,000 mothers (100 each), 60 orders per cooperative over three
years with 20 mothers on each, and 3,000,000 handovers with their inspections (a tenth with
rejected pieces, with reasons) and earnings entries, written with PostgreSQL's COPY; then the
federation overview for a day, a month, a quarter, a year and three years ending today.

Without ``--city``: dashboard_load's year of one cooperative (500 mothers, 300,000 handovers),
loaded by its own loader; then its four pages.

Either way, after the load: ANALYZE, the tallies' rebuild (timed, when the tree has it), then
each page timed in-process (Django's test client, production settings) with PostgreSQL's JIT
on and off — the median of ``--rounds`` warm renders after one cold one, and the query count
— and the EXPLAIN (ANALYZE, BUFFERS) of each page's slowest queries, jit on and off, into
bench/results/plans-<UTC timestamp>.txt. When tests/orders/reporting/raw_figures.py exists
(the raw-records computation the roll-ups are proved against), the federation's figures are
also timed from it, in the same process on the same data: "before" and "after" side by side.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dashboard_load  # noqa: E402 - the sibling module, found through sys.path
import showcase_load as harness  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CITY = {"cooperatives": 200, "mothers": 20_000, "handovers": 3_000_000}
ORDERS_PER_COOPERATIVE = 60
MOTHERS_PER_ORDER = 20
RANGES = {"a day": 1, "a month": 30, "a quarter": 91, "a year": 365, "three years": 3 * 365}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--city", action="store_true", help="the city instead of the year")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the sizes")
    parser.add_argument("--rounds", type=int, default=3, help="warm renders per page")
    parser.add_argument("--explain", type=int, default=2, help="slowest queries per page")
    parser.add_argument("--raw-rounds", type=int, default=1, help="of the raw-records figures")
    parser.add_argument(
        "--raw-ranges",
        default="a day,a month,a quarter",
        help="city: the ranges whose raw-records figures are timed too (slow over years)",
    )
    parser.add_argument(
        "--try-index", action="append", default=[], help="SQL: time the pages again with it"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --city: measure the city an earlier run left in a lasting cluster (its"
        " DATABASE_URL): migrate it to this tree, ANALYZE, no load and no rebuild",
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reuse and not args.city:
        parser.error("--reuse measures a city: add --city")
    return args


# The city, loaded with COPY -------------------------------------------------------------


def _constant_columns(model, given: list[str]) -> tuple[list[str], tuple]:
    """The columns of ``model`` not in ``given`` (column names), with the value every row
    takes: NULL where allowed, else the field's default, else now (auto_now fields)."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key:
            continue
        if field.null:
            value = None
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif (default := field.get_default()) is not None:  # "" for text without a default
            value = field.get_db_prep_save(default, connection)
        else:
            raise SystemExit(f"{model.__name__}.{field.name}: no value for COPY")
        columns.append(field.column)
        values.append(value)
    return columns, tuple(values)


def copy(model, given: list[str], rows) -> int:
    """COPY ``rows`` (tuples of the ``given`` columns, in database form: money in fen) into
    ``model``'s table, the other columns constant. Returns the number of rows."""
    from django.db import connection

    rest, constants = _constant_columns(model, given)
    columns = ", ".join(f'"{c}"' for c in [*given, *rest])
    count = 0
    with connection.cursor() as cursor:
        sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
        with cursor.cursor.copy(sql) as out:
            for row in rows:
                out.write_row(row + constants)
                count += 1
    return count


def _sequences_reset(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def city_load(args) -> dict:
    """The city, in bulk: returns how long each part took and what the pages need."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from marketplace.models import Category, Cooperative, Membership, Product, Role
    from orders.models import Claim, ClaimStatus, OrderStatus, ProductionOrder, RejectionReason

    sizes = {name: max(1, int(count * args.scale)) for name, count in CITY.items()}
    per_coop = max(MOTHERS_PER_ORDER, sizes["mothers"] // sizes["cooperatives"])
    User = get_user_model()
    unusable = make_password(None)
    now = timezone.now()
    start = now - dt.timedelta(days=3 * 365)
    category = Category.objects.create(name="中国结", slug="city-knots")
    coops = [
        Cooperative.objects.create(name=f"合作社{n:03d}", slug=f"city-{n}")
        for n in range(sizes["cooperatives"])
    ]
    products = Product.objects.bulk_create(
        Product(
            cooperative=c, category=category, name=f"中国结 {c.pk}", sku=f"CITY-{c.pk}", price=38
        )
        for c in coops
    )
    User.objects.bulk_create(
        (
            User(username=f"139{n:08d}", first_name=f"妈妈{n}", password=unusable)
            for n in range(per_coop * len(coops))
        ),
        batch_size=5000,
    )
    users = list(User.objects.filter(username__startswith="139").order_by("pk"))
    Membership.objects.bulk_create(
        (
            Membership(user=u, cooperative=coops[i // per_coop], role=Role.MOTHER)
            for i, u in enumerate(users)
        ),
        batch_size=5000,
    )
    orders = []
    for c, (coop, product) in enumerate(zip(coops, products, strict=True)):
        for n in range(ORDERS_PER_COOPERATIVE):
            created = start + dt.timedelta(days=3 * 365 * (n + c / len(coops)) / 60)
            due = (created + dt.timedelta(days=30)).date()
            orders.append(
                ProductionOrder(
                    cooperative=coop,
                    product=product,
                    quantity=100_000,
                    piece_rate=Decimal(350 + 50 * (n % 5)) / 100,
                    due_date=due,
                    status=OrderStatus.COMPLETED if due < now.date() else OrderStatus.IN_PRODUCTION,
                    max_per_mother=100_000,
                    created_at=created,
                )
            )
    ProductionOrder._meta.get_field("created_at").auto_now_add = False
    ProductionOrder.objects.bulk_create(orders, batch_size=5000)
    mothers = {}
    for pk, coop_id in Membership.objects.filter(role=Role.MOTHER).values_list(
        "pk", "cooperative_id"
    ):
        mothers.setdefault(coop_id, []).append(pk)
    claims = [
        Claim(order=o, mother_id=mothers[o.cooperative_id][(i * 7 + j) % per_coop])
        for i, o in enumerate(orders)
        for j in range(MOTHERS_PER_ORDER)
    ]
    for claim in claims:
        claim.status = ClaimStatus.ACTIVE
    Claim.objects.bulk_create(claims, batch_size=5000)
    reasons = {}
    for pk, coop_id in RejectionReason.objects.values_list("pk", "cooperative_id"):
        reasons.setdefault(coop_id, []).append(pk)
    timed = {}
    started = time.perf_counter()
    with transaction.atomic():
        counts = _city_work_copy(claims, reasons, sizes["handovers"], now)
    timed["copy_seconds"] = round(time.perf_counter() - started)
    from orders.models import Handover, Inspection, LedgerEntry, Rejection

    _sequences_reset(Handover, Inspection, Rejection, LedgerEntry)
    return timed | counts | {"sizes": sizes, "federation": None}


def _city_work_copy(claims, reasons, handovers: int, now) -> dict:
    """Handovers, inspections, rejections and earnings of every claim, ids given here so
    that one pass writes all four (COPY returns no ids)."""
    from orders.models import EntryKind, Handover, Inspection, LedgerEntry, Rejection

    rng = random.Random(2026)
    per_claim = handovers / len(claims)
    work = []  # (handover id, claim, count, rejected, stamp)
    made = 0
    for n, claim in enumerate(claims):
        due = round(per_claim * (n + 1)) - made
        opened = claim.order.created_at
        window = max(1.0, min((now - opened).total_seconds(), 45 * 86400))
        for _ in range(due):
            made += 1
            count = rng.randint(5, 20)
            rejected = min(count, rng.randint(1, 3)) if rng.random() < 0.1 else 0
            stamp = opened + dt.timedelta(seconds=rng.uniform(0, window))
            work.append((made, claim, count, rejected, stamp))
    with_result = any(f.name == "result" for f in Handover._meta.concrete_fields)
    given = ["id", "claim_id", "count", "received_at"] + (["result_id"] * with_result)
    copy(Handover, given, ((h, c.pk, k, s) + ((h,) * with_result) for h, c, k, _r, s in work))
    copy(
        Inspection,
        ["id", "handover_id", "count", "accepted", "rejected", "inspected_at"],
        ((h, h, k, k - r, r, s) for h, _c, k, r, s in work),
    )
    copy(
        Rejection,
        ["inspection_id", "reason_id", "count"],
        ((h, _pick(reasons[c.order.cooperative_id], h), r) for h, c, _k, r, _s in work if r),
    )
    rate = {}
    copy(
        LedgerEntry,
        ["mother_id", "cooperative_id", "kind", "amount", "inspection_id", "created_at"],
        (
            (
                c.mother_id,
                c.order.cooperative_id,
                EntryKind.EARNING,
                (k - r) * rate.setdefault(c.order_id, round(c.order.piece_rate * 100)),
                h,
                s,
            )
            for h, c, k, r, s in work
        ),
    )
    return {"handovers": len(work)}


def _pick(choices: list, n: int):
    return choices[n % len(choices)]


# Timing pages, with and without JIT -----------------------------------------------------


def jit_set(on: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET jit = {'on' if on else 'off'}")


def page_time(client, url: str, rounds: int) -> dict:
    """One cold render, then the median of ``rounds`` warm ones, and the slowest queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(rounds + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            if getattr(response, "streaming", False):
                response.getvalue()
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    slowest = sorted(captured.captured_queries, key=lambda q: float(q["time"]))
    return {
        "cold_ms": round(times[0] * 1000),
        "ms": round(statistics.median(times[1:]) * 1000),
        "queries": len(captured),
        "slowest": [q["sql"] for q in slowest[::-1]],
    }


def explain(sql: str, *, jit: bool) -> str:
    from django.db import connection

    jit_set(jit)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def year_pages() -> dict:
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    a_year_ago = (today - dt.timedelta(days=365)).isoformat()
    year = f"?from={a_year_ago}&to={today.isoformat()}"
    return {
        "dashboard (a year)": ("coordinator", reverse("co_dashboard") + year),
        "export mothers.xlsx": (
            "coordinator",
            reverse("co_dashboard_export", args=["mothers", "xlsx"]) + year,
        ),
        "federation (a year)": (
            "federation",
            reverse("federation") + f"?start={a_year_ago}&end={today.isoformat()}",
        ),
        "my month": ("mother", reverse("work_insights")),
    }


def city_pages() -> dict:
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    return {
        f"federation ({name})": (
            "federation",
            reverse("federation")
            + f"?start={(today - dt.timedelta(days=days - 1)).isoformat()}&end={today}",
        )
        for name, days in RANGES.items()
    }


def clients(people: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    reader = User.objects.filter(username="bench-fed").first()
    who = {"federation": reader or User.objects.create_superuser("bench-fed", password=None)}
    for role in ("coordinator", "mother"):
        if people.get(role):
            who[role] = User.objects.get(pk=people[role])
    made = {}
    for role, user in who.items():
        made[role] = Client(HTTP_HOST="127.0.0.1")
        made[role].force_login(user)
    return made


def pages_measure(args, pages: dict, people: dict, plans) -> dict:
    by_role = clients(people)
    results = {}
    for name, (role, url) in pages.items():
        results[name] = {"url": url}
        for jit in (True, False):
            jit_set(jit)
            got = page_time(by_role[role], url, args.rounds)
            key = "jit on" if jit else "jit off"
            results[name][key] = {k: v for k, v in got.items() if k != "slowest"}
            print(f"{name:<28} {key:<8} {got['ms']:>7} ms warm ({got['cold_ms']} cold) "
                  f"{got['queries']:>3} queries", flush=True)  # fmt: skip
        for n, sql in enumerate(got["slowest"][: args.explain]):
            for jit in (True, False):
                plans.write(f"\n===== {name}: slowest query {n + 1}, jit {jit} =====\n{sql}\n\n")
                plans.write(explain(sql, jit=jit) + "\n")
    jit_set(False)  # what follows runs as the app does (settings: jit off)
    return results


def _median_ms(call, rounds: int):
    times, value = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        value = call()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000), value


def side_by_side(args, spans: dict, cooperative_id: int | None) -> dict:
    """Each figure function from the raw records (tests/orders/reporting/raw_figures.py, the
    selectors as they were before the tallies) and from the tree's selectors, in this process
    on this data: the "before" and "after" of the same figures, and whether they agree."""
    try:
        from tests.orders.reporting import raw_figures
    except ImportError:
        return {}
    from marketplace.models import Cooperative
    from orders.dates import DateRange
    from orders.reporting.selectors import dashboard, federation

    results = {}
    for span_name, (start, end) in spans.items():
        rng = DateRange(start, end)
        calls = {"federation_figures": ((), {"span": rng}, federation)}
        if cooperative_id:
            coop = Cooperative.objects.get(pk=cooperative_id)
            for name in ("order_rows", "mother_rows", "rejections_by_product", "money_months"):
                calls[name] = ((), {"cooperative": coop, "rng": rng}, dashboard)
        for name, (_none, kwargs, module) in calls.items():
            raw_ms, raw = _median_ms(partial(getattr(raw_figures, name), **kwargs), args.raw_rounds)
            new_ms, new = _median_ms(partial(getattr(module, name), **kwargs), args.rounds)
            key = f"{name} ({span_name})"
            same = repr(raw) == repr(new)
            results[key] = {"raw_ms": raw_ms, "selector_ms": new_ms, "same": same}
            print(f"{key:<40} raw {raw_ms:>7} ms  selector {new_ms:>6} ms  same: {same}")
    return results


def index_trial(args, sql: str, pages: dict, people: dict) -> dict:
    """Create an index (kept for the next trials), ANALYZE, and time the pages again."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql)
        cursor.execute("ANALYZE")
        made = round(time.perf_counter() - started, 1)
    print(f"with {sql} (made in {made} s):", flush=True)
    by_role = clients(people)
    jit_set(False)
    timed = {}
    for name, (role, url) in pages.items():
        got = page_time(by_role[role], url, args.rounds)
        timed[name] = {"ms": got["ms"], "queries": got["queries"], "slowest": got["slowest"][0]}
        print(f"  {name:<28} {got['ms']:>7} ms warm {got['queries']:>3} queries", flush=True)
    return {"seconds_to_make": made, "pages": timed}


def tallies_rebuild_timed() -> float | None:
    try:
        from orders.reporting.tallies import tallies_rebuild
    except ImportError:
        return None
    started = time.perf_counter()
    tallies_rebuild()
    return round(time.perf_counter() - started, 1)


def inner(args) -> dict:
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    started = time.perf_counter()
    if args.reuse:
        loaded = {"reused": True}
        people = {}
    elif args.city:
        loaded = city_load(args)
        people = {}
    else:
        sizes = dashboard_load.parse_args([f"--scale={args.scale}"])
        people = dashboard_load.load(sizes)
        loaded = {"sizes": {k: getattr(sizes, k) for k in ("mothers", "orders", "handovers")}}
    loaded["load_seconds"] = round(time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    loaded["analyze_seconds"] = round(time.perf_counter() - started) - loaded["load_seconds"]
    print(f"loaded {loaded}", flush=True)
    loaded["tallies_rebuild_seconds"] = None if args.reuse else tallies_rebuild_timed()
    print(f"tallies rebuilt in {loaded['tallies_rebuild_seconds']} s", flush=True)
    with connection.cursor() as cursor:
        # The rebuild filled the tallies after the ANALYZE: without statistics the planner
        # takes each range for one row and nests loops (autovacuum would analyze them soon).
        cursor.execute("ANALYZE")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / f"plans-{stamp}.txt").open("w") as plans:
        pages = pages_measure(args, city_pages() if args.city else year_pages(), people, plans)
    trials = {}
    for sql in args.try_index:
        trials[sql] = index_trial(args, sql, city_pages() if args.city else year_pages(), people)
    today = timezone.localdate()
    raw = args.raw_ranges.split(",")
    days = {name: RANGES[name] for name in raw} if args.city else {"a year": 365}
    spans = {name: (today - dt.timedelta(days=n - 1), today) for name, n in days.items()}
    compared = side_by_side(args, spans, people.get("cooperative"))
    return loaded | {
        "pages": pages,
        "plans": f"plans-{stamp}.txt",
        "index_trials": trials,
        "side_by_side": compared,
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.inner:
        print("RESULT " + json.dumps(inner(args), default=str))
        return 0
    if not args.database_url:
        raise SystemExit("PostgreSQL only: run it under bin/with-postgres")
    with tempfile.TemporaryDirectory(prefix="federation-bench-") as tmp:
        env = harness.server_env(Path(tmp), args.database_url)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "site")])
        harness.manage(env, "migrate", "--noinput", "-v0")
        harness.manage(env, "collectstatic", "--noinput", "-v0")  # the pages link the CSS
        inner_args = [f"--scale={args.scale}", f"--rounds={args.rounds}"]
        inner_args += [f"--raw-rounds={args.raw_rounds}", f"--raw-ranges={args.raw_ranges}"]
        inner_args += [f"--try-index={sql}" for sql in args.try_index]
        inner_args += [f"--explain={args.explain}"] + ["--city"] * args.city
        inner_args += ["--reuse"] * args.reuse
        lines = []
        with subprocess.Popen(
            [sys.executable, __file__, "--inner", *inner_args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        ) as inner_process:
            for line in inner_process.stdout:  # shown as it comes: a city takes a while
                lines.append(line)
                if not line.startswith("RESULT "):
                    print(line, end="", flush=True)
    if not lines or not lines[-1].startswith("RESULT "):
        return 1
    result = json.loads(lines[-1].split("RESULT ", 1)[1])
    result |= {
        "load_average": os.getloadavg(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}",
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = "city" if args.city else "year"
    (RESULTS / f"federation-{name}-{stamp}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
