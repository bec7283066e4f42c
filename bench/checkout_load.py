"""Load benchmark of the buying flow served by gunicorn with the production settings.

Builds the same throwaway world as showcase_load.py (whose functions it reuses), gives every
in-stock product enough stock, starts a private localstripe and gunicorn on free loopback
ports, and has C concurrent anonymous buyers make a bounded number of purchases, twice:

(a) checkout only: GET a product page (its add-to-cart form sets the CSRF cookie; an empty
    /cart/ does not), POST /cart/add/ per line, GET /checkout/ (its form carries the one-time
    checkout key) and POST /checkout/, which creates the purchase and reserves its in-stock
    pieces;
(b) the full flow: the same, then GET /purchases/<token>/ (where checkout redirects), a card
    token from localstripe's /v1/tokens as Stripe.js would make it, and POST
    /purchases/<token>/pay/, which creates and confirms the PaymentIntent.

Prints purchases/second and per-step latencies, checks that the pieces the purchase lines hold
equal the stock taken, and writes bench/results/checkout-<timestamp>.json. gunicorn and
localstripe are always stopped and the temporary directory always removed.

    .venv/bin/python bench/checkout_load.py [--clients 8] [--purchases 200] [--workers 2]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import showcase_load as harness  # noqa: E402 - the sibling module, found through sys.path
from buyer import (  # noqa: E402, F401 - one buyer; cluster_load and the cluster tests use these here
    CARD,
    CHECKOUT_KEY,
    CONTACT,
    PURCHASE_LOCATION,
    STRIPE_SECRET_KEY,
    Browser,
    Failed,
    Outcome,
    purchase,
    stripe_request,
)

ROOT = harness.ROOT
HOST = harness.HOST
log = harness.log

STOCK = 100_000  # pieces of every in-stock product, far more than a run takes
MARK = "BENCH-JSON "
# localstripe's app in memory only (never reads or writes the shared /tmp/localstripe.pickle,
# so it does not wipe the demo's payments nor slow down as its state grows), bound to the
# loopback interface (its own `localstripe` command listens on every interface), with an
# access log that says how long each request took inside localstripe.
LOCALSTRIPE = (
    "import logging, sys; from aiohttp import web;"
    "import localstripe.resources, localstripe.server;"
    "localstripe.resources.Store.dump_to_disk = lambda self: None;"
    "logging.basicConfig(level=logging.INFO, format='%(message)s', stream=sys.stdout);"
    "web.run_app(localstripe.server.app, host='127.0.0.1', port=int(sys.argv[1]), print=None,"
    " access_log_format='%r %s %Tf')"
)
ACCESS_LINE = re.compile(r"^([A-Z]+) (\S+) HTTP/[\d.]+ (\d{3}) ([\d.]+)$", re.MULTILINE)
STRIPE_ID = re.compile(r"/[a-z]+_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]+")  # cus_8Hx…, not payment_intents
# Run by `manage.py shell -c`: the in-stock stock, the pieces purchase lines hold, purchases by
# status and the products on sale with their live product page, as one JSON line after MARK.
SNAPSHOT = f"""
import json
from django.db.models import Count, Sum
from urllib.parse import urlsplit
from marketplace.models import Fulfilment, Product, Purchase, PurchaseLine
from showcase.models import ProductPage
pages = {{page.product_id: urlsplit(page.url).path for page in ProductPage.objects.live()}}
in_stock = Product.objects.filter(fulfilment=Fulfilment.IN_STOCK)
held = (
    PurchaseLine.objects.filter(fulfilment=Fulfilment.IN_STOCK, holds_stock=True)
    .order_by().values("product_id").annotate(n=Sum("quantity"))
)
print({MARK!r} + json.dumps({{
    "stock": {{str(pk): n for pk, n in in_stock.values_list("pk", "stock")}},
    "held": {{str(row["product_id"]): row["n"] for row in held}},
    "purchases": dict(
        Purchase.objects.order_by().values_list("status").annotate(n=Count("pk"))
    ),
    "products": [
        {{**row, "page": pages[row["pk"]]}}
        for row in Product.objects.filter(is_active=True, pk__in=pages).order_by("pk")
        .values("pk", "sku", "fulfilment", "max_per_order")
    ],
}}))
"""
STOCK_UP = (
    "from marketplace.models import Fulfilment, Product; "
    f"Product.objects.filter(fulfilment=Fulfilment.IN_STOCK).update(stock={STOCK})"
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options; --database-url defaults to $DATABASE_URL ('' = temp SQLite)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent buyers")
    parser.add_argument("--purchases", type=int, default=200, help="timed purchases per phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a throwaway database to migrate and seed (default: a fresh SQLite file)",
    )
    args = parser.parse_args(argv)
    if min(args.clients, args.purchases, args.workers) < 1:
        parser.error("--clients, --purchases and --workers must be at least 1")
    return args


# The world ------------------------------------------------------------------------------


def snapshot(env: dict[str, str], *code: str) -> dict:
    """Run SNAPSHOT (after `code`) in `manage.py shell` and return what it printed."""
    log("manage.py shell: stock snapshot")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "\n".join([*code, SNAPSHOT])],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line.removeprefix(MARK))
    raise RuntimeError(f"no snapshot in the shell's output:\n{result.stdout[-2000:]}")


def start_localstripe(port: int, cwd: Path, logfile) -> subprocess.Popen:
    """Start localstripe on HOST:port in its own session; returns the process."""
    log(f"localstripe on {HOST}:{port} (in memory)")
    return subprocess.Popen(
        [sys.executable, "-c", LOCALSTRIPE, str(port)],
        cwd=cwd,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_localstripe(port: int, process: subprocess.Popen) -> None:
    """Return once localstripe answers, with its data flushed; RuntimeError otherwise."""
    deadline = time.monotonic() + harness.HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited with status {process.returncode}")
        try:
            if stripe_request(port, "DELETE", "/_config/data")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"localstripe did not answer within {harness.HEALTH_TIMEOUT_S} s")


# Many buyers ----------------------------------------------------------------------------


def plan(products: list[dict], count: int, offset: int = 0) -> list[list[dict]]:
    """`count` carts: each one in-stock line of 1-3 pieces and, every other cart, one
    made-to-order line, cycling through the products on sale."""
    in_stock = [p for p in products if p["fulfilment"] == "in_stock"]
    to_order = [p for p in products if p["fulfilment"] != "in_stock"]
    if not in_stock:
        raise RuntimeError("the demo world has no in-stock product on sale")
    carts = []
    for i in range(offset, offset + count):
        product = in_stock[i % len(in_stock)]
        qty = min(1 + i % 3, product["max_per_order"])
        cart = [{"pk": product["pk"], "qty": qty, "in_stock": True, "page": product["page"]}]
        if to_order and i % 2 == 0:
            product = to_order[i // 2 % len(to_order)]
            qty = min(1 + i // 2 % 2, product["max_per_order"])
            cart.append({"pk": product["pk"], "qty": qty, "in_stock": False, "page": ""})
        carts.append(cart)
    return carts


def drive(port: int, stripe_port: int, carts: list[list[dict]], clients: int, pay: bool):
    """Buy every cart with `clients` concurrent buyers; returns (outcomes, wall seconds)."""
    pending = iter(carts)
    lock, stopping = threading.Lock(), threading.Event()

    def buyer() -> list[Outcome]:
        outcomes = []
        while not stopping.is_set():
            with lock:
                cart = next(pending, None)
            if cart is None:
                break
            outcomes.append(purchase(port, stripe_port, cart, pay))
        return outcomes

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(buyer) for _ in range(clients)]
        try:
            outcomes = [o for future in futures for o in future.result()]
        except BaseException:  # Ctrl-C or SIGTERM: let the buyers finish their request
            stopping.set()
            raise
    return outcomes, time.perf_counter() - start


def summarise(outcomes: list[Outcome], seconds: float) -> dict:
    """Throughput, per-step latencies and failures of one phase."""
    done = [o for o in outcomes if not o.error]
    errors: dict[str, int] = {}
    for o in outcomes:
        if o.error:
            errors[o.error] = errors.get(o.error, 0) + 1
    busy = sum(o.total_ms for o in outcomes) or 1.0
    steps = {}
    for name in dict.fromkeys(step for o in outcomes for step in o.steps):
        ms = sorted(o.steps[name] for o in outcomes if name in o.steps)
        steps[name] = {
            **latency(ms),
            "purchases": len(ms),
            "seconds_total": round(sum(ms) / 1000, 3),
            "share_of_time_pct": round(100 * sum(ms) / busy, 1),
        }
    return {
        "purchases": len(done),
        "failed": len(outcomes) - len(done),
        "seconds": round(seconds, 3),
        "purchases_per_second": round(len(done) / seconds, 2),
        "purchase_latency": latency(sorted(o.total_ms for o in done)),
        "steps": steps,
        "errors": errors,
    }


def latency(ordered: list[float]) -> dict:
    if not ordered:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "p50_ms": round(harness.percentile(ordered, 50), 1),
        "p95_ms": round(harness.percentile(ordered, 95), 1),
        "max_ms": round(ordered[-1], 1),
    }


def localstripe_time(log_text: str, pays: int) -> dict:
    """What localstripe's access log says about its own time: per endpoint (ids replaced by
    {id}) the calls and their mean, and the mean per successful pay of the calls gunicorn
    made (all but the benchmark's own /v1/tokens)."""
    endpoints: dict[str, list[float]] = {}
    for method, path, _status, seconds in ACCESS_LINE.findall(log_text):
        key = f"{method} {STRIPE_ID.sub('/{id}', path.split('?')[0])}"
        endpoints.setdefault(key, []).append(float(seconds) * 1000)
    server = sum(sum(ms) for key, ms in endpoints.items() if key != "POST /v1/tokens")
    return {
        "endpoints": {
            key: {"calls": len(ms), "mean_ms": round(sum(ms) / len(ms), 1)}
            for key, ms in endpoints.items()
        },
        "ms_per_pay": round(server / pays, 1) if pays else None,
    }


def stock_check(before: dict, after: dict, outcomes: list[Outcome]) -> dict:
    """Per in-stock product: the pieces purchase lines newly hold == the stock taken."""
    asked: dict[str, int] = {}
    for o in outcomes:
        for pk, n in o.pieces.items():
            asked[pk] = asked.get(pk, 0) + n
    mismatches = {}
    for pk, stock in before["stock"].items():
        taken = stock - after["stock"][pk]
        reserved = after["held"].get(pk, 0) - before["held"].get(pk, 0)
        if taken != reserved:
            mismatches[pk] = {"taken": taken, "reserved": reserved}
    statuses = {
        status: n - before["purchases"].get(status, 0)
        for status, n in after["purchases"].items()
        if n != before["purchases"].get(status, 0)
    }
    return {
        "stock_taken": sum(before["stock"].values()) - sum(after["stock"].values()),
        "pieces_reserved": sum(after["held"].values()) - sum(before["held"].values()),
        "pieces_checked_out_by_clients": sum(asked.values()),
        "new_purchases_by_status": statuses,
        "mismatches": mismatches,
        "consistent": not mismatches,
    }


# Report ---------------------------------------------------------------------------------

PHASES = {"checkout": "(a) checkout only", "full": "(b) through the PaymentIntent"}


def markdown(results: dict, args: argparse.Namespace) -> str:
    """The phases, their steps and the stock check as markdown."""
    lines = [
        f"clients={args.clients} purchases/phase={args.purchases} workers={args.workers} "
        f"database={database_name(args)}",
        "",
        "| phase | purchases | failed | seconds | purchases/s | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, title in PHASES.items():
        r = results[key]
        pl = r["purchase_latency"]
        lines.append(
            f"| {title} | {r['purchases']} | {r['failed']} | {r['seconds']} "
            f"| {r['purchases_per_second']} | {pl['p50_ms']} | {pl['p95_ms']} | {pl['max_ms']} |"
        )
    lines += [
        "",
        "| phase | step | p50 ms | p95 ms | max ms | share of purchase time |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for key, title in PHASES.items():
        for step, s in results[key]["steps"].items():
            lines.append(
                f"| {title} | {step} | {s['p50_ms']} | {s['p95_ms']} | {s['max_ms']} "
                f"| {s['share_of_time_pct']} % |"
            )
    lines.append("")
    for key, title in PHASES.items():
        errors = results[key]["errors"]
        shown = ", ".join(f"{k} ×{v}" for k, v in errors.items()) or "none"
        lines.append(f"- errors {title}: {shown}")
    stripe = results["localstripe"]
    calls = ", ".join(
        f"{key} ×{e['calls']} mean {e['mean_ms']} ms" for key, e in stripe["endpoints"].items()
    )
    lines.append(
        f"- localstripe's own time in (b): {stripe['ms_per_pay']} ms per pay request, in the "
        f"calls gunicorn makes ({calls})"
    )
    stock = results["stock"]
    verdict = "consistent" if stock["consistent"] else f"MISMATCH {stock['mismatches']}"
    lines.append(
        f"- stock: {stock['pieces_reserved']} pieces reserved by purchase lines, "
        f"{stock['stock_taken']} taken from stock → {verdict} (the clients' successful "
        f"checkouts asked for {stock['pieces_checked_out_by_clients']}; new purchases by "
        f"status: {stock['new_purchases_by_status']})"
    )
    return "\n".join(lines)


def database_name(args: argparse.Namespace) -> str:
    return args.database_url.split(":", 1)[0] if args.database_url else "sqlite"


def write_json(results: dict, args: argparse.Namespace) -> Path:
    """Write the results, the options and a machine description; returns the file written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "benchmark": "checkout_load",
        "timestamp": stamp,
        "options": {
            "clients": args.clients,
            "purchases": args.purchases,
            "workers": args.workers,
            "database": database_name(args),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        **results,
    }
    harness.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = harness.RESULTS_DIR / f"checkout-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path


# Main -----------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, tmp: Path) -> dict:
    """Build the world in tmp, serve it, run both phases, check the stock; gunicorn and
    localstripe are always stopped."""
    stripe_port = harness.free_port()
    env = harness.server_env(tmp, args.database_url)
    env.update(
        STRIPE_API_BASE=f"http://{HOST}:{stripe_port}",
        STRIPE_SECRET_KEY=STRIPE_SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY="pk_test_localstripe",
        STRIPE_WEBHOOK_SECRET="whsec_localstripe_demo",  # noqa: S106 - no webhooks here
        # The paid-purchase emails are rendered and kept in the worker's memory: no SMTP.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    harness.build_world(env)
    before = snapshot(env, STOCK_UP)
    products = before.pop("products")
    port = harness.free_port()
    with (
        open(tmp / "localstripe.log", "w") as stripe_log,
        open(tmp / "gunicorn.log", "w") as gunicorn_log,
    ):
        stripe = start_localstripe(stripe_port, tmp, stripe_log)
        try:
            wait_localstripe(stripe_port, stripe)
            process = harness.start_gunicorn(env, port, args.workers, gunicorn_log)
            try:
                harness.wait_healthy(port, process)
                return run(args, env, (port, stripe_port), products, before, tmp)
            except Exception:
                log("gunicorn log tail:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
                log("localstripe log tail:\n" + (tmp / "localstripe.log").read_text()[-2000:])
                raise
            finally:
                harness.stop(process)
        finally:
            harness.stop(stripe)


def run(args, env, ports: tuple[int, int], products: list[dict], before: dict, tmp: Path):
    """Warm up, then phase (a) and phase (b), then localstripe's own time during (b) and the
    stock check. `ports` are gunicorn's and localstripe's; returns the results."""
    port, stripe_port = ports
    warm = 2 * args.workers
    log(f"warm-up: every product page, {warm} paid purchases")
    harness.warm_up(port, {p["sku"]: p["page"] for p in products}, rounds=1)
    warm_outcomes, _ = drive(port, stripe_port, plan(products, warm), args.clients, pay=True)
    if failed := [o.error for o in warm_outcomes if o.error]:
        raise RuntimeError(f"warm-up failed: {failed[0]}")
    results, everything = {}, list(warm_outcomes)
    offset = warm
    for key, title in PHASES.items():
        log(f"{title}: {args.purchases} purchases, {args.clients} clients")
        stripe_log_offset = (tmp / "localstripe.log").stat().st_size
        carts = plan(products, args.purchases, offset)
        outcomes, seconds = drive(port, stripe_port, carts, args.clients, pay=key == "full")
        results[key] = summarise(outcomes, seconds)
        everything += outcomes
        offset += args.purchases
    with open(tmp / "localstripe.log", "rb") as stripe_log:
        stripe_log.seek(stripe_log_offset)  # phase (b) only
        text = stripe_log.read().decode(errors="replace")
    results["localstripe"] = localstripe_time(text, results["full"]["purchases"])
    results["stock"] = stock_check(before, snapshot(env), everything)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the report, write the JSON; 1 on failure (or a stock
    mismatch). The temp dir is always removed."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, harness.interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="checkout-bench-"))
    try:
        results = benchmark(args, tmp)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        log(f"failed: {error}")
        if isinstance(error, subprocess.CalledProcessError) and error.stderr:
            log(str(error.stderr)[-2000:])
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(markdown(results, args))
    log(f"wrote {write_json(results, args).relative_to(ROOT)}")
    return 0 if results["stock"]["consistent"] else 1


if __name__ == "__main__":
    sys.exit(main())
