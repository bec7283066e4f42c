"""Claims and checkout through the cluster's nginx, with one app server and then with two.

Starts the cluster of `make cluster` (bin/cluster) in a temporary directory on free ports, as
tests/cluster/test_cluster.py does, and runs the same two phases twice: first with nginx's
upstream cut down to app1 (its configuration rewritten and reloaded; app2 keeps running,
idle), then with both app servers (--two-first: the other way round). Each phase is

- the claims load of claims_load.py: --mothers mothers with a session each claim one fresh
  first-come order at once for --seconds (its own threads, client and database check:
  claimed never above the quantity, the counter equals the sum of the active claims, every
  mother holds what her last successful POST set);
- the checkout load of checkout_load.py: --buyers concurrent anonymous buyers make
  --purchases purchases, each paid through localstripe, then its stock check
  (the stock taken equals the pieces the purchase lines hold, no stock below zero) and the
  payment check: every purchase of the phase that a buyer saw paid is paid in the database,
  with one PaymentIntent, and localstripe holds exactly one succeeded PaymentIntent for it.

Prints the two configurations side by side (requests/s, p50/p95 latency, errors, the
checks), writes bench/results/cluster-<timestamp>.json and exits 1 if any check fails or any
request failed. The cluster is always stopped and its directory removed. A benchmark, not a
test: it needs nginx, redis-server and PostgreSQL (bin/system-deps) and takes 3–5 minutes.

    .venv/bin/python bench/cluster_load.py [--mothers 20] [--seconds 20] [--purchases 60]
        [--buyers 8] [--app-workers 2] [--two-first]
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkout_load  # noqa: E402 - sibling modules, found through sys.path
import claims_load  # noqa: E402
import showcase_load as harness  # noqa: E402

ROOT = harness.ROOT
HOST = harness.HOST
log = harness.log
MARK = claims_load.MARK
SCRIPT = ROOT / "bin" / "cluster"
OFFSETS = (0, 1, 2, 10, 11, 30)  # nginx, app1, app2, PostgreSQL, Redis, localstripe
# Run by `manage.py shell -c`: the purchases after pk {after}, with status and intent.
PURCHASES = """
import json
from marketplace.models import Purchase
rows = Purchase.objects.filter(pk__gt={after}).values_list("pk", "status", "payment_intent_id")
last = Purchase.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
print({mark!r} + json.dumps({{"last": last, "purchases": {{str(p): [s, i] for p, s, i in rows}}}}))
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mothers", type=int, default=20, help="mothers claiming at once")
    parser.add_argument("--seconds", type=float, default=20, help="how long they claim")
    parser.add_argument("--buyers", type=int, default=8, help="concurrent buyers")
    parser.add_argument("--purchases", type=int, default=60, help="paid purchases per phase")
    parser.add_argument(
        "--app-workers", type=int, default=2, help="gunicorn processes per app server"
    )
    parser.add_argument(
        "--two-first",
        action="store_true",
        help="both app servers first, then one (the first phase follows the cluster's start)",
    )
    args = parser.parse_args(argv)
    if min(args.mothers, args.buyers, args.purchases, args.app_workers) < 1:
        parser.error("--mothers, --buyers, --purchases and --app-workers must be at least 1")
    return args


# The cluster ----------------------------------------------------------------------------


def free_base_port() -> int:
    """A base port whose every cluster port is free, away from the test's 8600–9600."""
    for base in range(9700, 10700, 50):
        if all(port_free(base + offset) for offset in OFFSETS):
            return base
    raise RuntimeError("no free ports for a bench cluster")


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def cluster_script(command: str, env: dict[str, str]) -> None:
    log(f"bin/cluster {command}")
    result = subprocess.run(
        [str(SCRIPT), command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode:
        raise RuntimeError(
            f"bin/cluster {command} failed:\n{(result.stdout + result.stderr)[-3000:]}"
        )


def django_env(directory: Path) -> dict[str, str]:
    """This process's environment with the cluster's settings (its env file) on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    for line in (directory / "env").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    return env


def use_upstreams(directory: Path, template: str, app_ports: list[int]) -> None:
    """Rewrite nginx.conf with only app_ports in the upstream and reload nginx gracefully."""
    lines = [
        line
        for line in template.splitlines()
        if not (
            line.strip().startswith(f"server {HOST}:")
            and not any(f"{HOST}:{p} " in line for p in app_ports)
        )
    ]
    conf = directory / "nginx.conf"
    conf.write_text("\n".join(lines) + "\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run(
        [
            nginx,
            "-p",
            str(directory / "nginx"),
            "-e",
            str(directory / "nginx-error.log"),
            "-c",
            str(conf),
            "-t",
            "-q",
        ],
        check=True,
    )
    os.kill(int((directory / "nginx.pid").read_text()), signal.SIGHUP)


def served_by(port: int, expected: set[str]) -> None:
    """Wait until 20 requests in a row are answered by exactly the expected app servers."""
    deadline = time.monotonic() + 30
    seen: set[str] = set()
    while time.monotonic() < deadline:
        seen = set()
        for _ in range(20):
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=10) as answer:
                seen.add(answer.headers.get("X-Served-By", ""))
        if seen == expected:
            return
        time.sleep(0.5)
    raise RuntimeError(f"nginx sends to {seen}, not {expected}")


# One phase ------------------------------------------------------------------------------


def claims_phase(env, port: int, args, directory: Path, seed: int) -> dict:
    """A fresh order, the mothers claiming through nginx, then claims_load's check."""
    options = claims_load.parse_args(
        ["--clients", str(args.mothers), "--seconds", str(args.seconds), "--seed", str(seed)]
    )
    world = claims_load.mothers_and_order(env, options)
    logs = {name: log_size(directory, name) for name in ("app1", "app2")}
    mothers, seconds = claims_load.drive(port, world, options)
    app_log = "".join(log_since(directory, name, size) for name, size in logs.items())
    load = claims_load.summarise(mothers, seconds, app_log)
    db = claims_load.shell_json(
        env, "the order and its claims", claims_load.CHECK.format(order=world["order"], mark=MARK)
    )
    results = {"load": load, "check": claims_load.check(db, mothers)}
    results["failures"] = claims_load.verdict(results)
    return results


def checkout_phase(env, ports: tuple[int, int], args, offset: int) -> dict:
    """Paid purchases through nginx, then the stock check and the payment check."""
    port, stripe_port = ports
    before = checkout_load.snapshot(env, checkout_load.STOCK_UP)
    products = before.pop("products")
    first = claims_load.shell_json(env, "the last purchase", PURCHASES.format(after=0, mark=MARK))
    # Warm every gunicorn process first (untimed, but in the checks): 2 purchases each.
    warm = 4 * args.app_workers
    carts = checkout_load.plan(products, warm + args.purchases, offset)
    warmed, _ = checkout_load.drive(port, stripe_port, carts[:warm], args.buyers, pay=True)
    outcomes, seconds = checkout_load.drive(port, stripe_port, carts[warm:], args.buyers, pay=True)
    load = checkout_load.summarise(outcomes, seconds)
    after = checkout_load.snapshot(env)
    stock = checkout_load.stock_check(before, after, warmed + outcomes)
    negative = {pk: n for pk, n in after["stock"].items() if n < 0}
    new = claims_load.shell_json(
        env, "the phase's purchases", PURCHASES.format(after=first["last"], mark=MARK)
    )["purchases"]
    paid_by_buyers = sum(not o.error for o in warmed + outcomes)
    payments = payment_check(new, stripe_port, paid_by_buyers)
    failures = [f"{n} × {error}" for error, n in load["errors"].items()]
    failures += [f"warm-up: {o.error}" for o in warmed if o.error]
    if not stock["consistent"]:
        failures.append(f"stock taken != pieces held: {stock['mismatches']}")
    if negative:
        failures.append(f"oversold: stock below zero {negative}")
    failures += payments["problems"]
    return {
        "load": load,
        "stock": stock,
        "negative_stock": negative,
        "payments": payments,
        "failures": failures,
    }


def payment_check(purchases: dict, stripe_port: int, paid_by_buyers: int) -> dict:
    """Every paid purchase has one intent, and localstripe one succeeded intent for it."""
    status, body = checkout_load.stripe_request(
        stripe_port, "GET", "/v1/payment_intents?limit=1000000"
    )
    if status != 200:
        raise RuntimeError(f"localstripe's PaymentIntents: {status} {body[:300]}")
    succeeded: dict[str, list[str]] = {}
    for intent in json.loads(body)["data"]:
        if intent["status"] == "succeeded":
            purchase = (intent.get("metadata") or {}).get("purchase_id", "")
            succeeded.setdefault(purchase, []).append(intent["id"])
    paid = {pk: intent for pk, (status, intent) in purchases.items() if status == "paid"}
    problems = []
    if len(paid) != paid_by_buyers:
        problems.append(f"{len(paid)} purchases paid in the database, buyers saw {paid_by_buyers}")
    for pk in purchases:
        intents = succeeded.get(pk, [])
        if pk in paid and intents != [paid[pk]]:
            problems.append(
                f"purchase {pk} paid by {paid[pk] or 'no intent'}; succeeded: {intents}"
            )
        elif pk not in paid and intents:
            problems.append(f"purchase {pk} not paid but charged: {intents}")
    return {"purchases": len(purchases), "paid": len(paid), "problems": problems}


def log_size(directory: Path, name: str) -> int:
    path = directory / f"{name}.log"
    return path.stat().st_size if path.exists() else 0


def log_since(directory: Path, name: str, offset: int) -> str:
    with open(directory / f"{name}.log", "rb") as file:
        file.seek(offset)
        return file.read().decode(errors="replace")


# Report ---------------------------------------------------------------------------------


def markdown(results: dict, args) -> str:
    one, two = results["phases"]["one"], results["phases"]["two"]
    rows = []

    def row(name: str, pick) -> None:
        rows.append(f"| {name} | {pick(one)} | {pick(two)} |")

    row("load average before", lambda p: " ".join(f"{x:.2f}" for x in p["load_average_before"]))
    row("claims: POSTs/s", lambda p: p["claims"]["load"]["posts_per_second"])
    row("claims: successful claims/s (302)", lambda p: p["claims"]["load"]["claims_per_second"])
    row("claims: p50 / p95 ms", lambda p: ms(p["claims"]["load"]["latency"]))
    row("claims: 409 (told why)", lambda p: p["claims"]["load"]["status_409"])
    row("claims: errors (5xx, failed)", lambda p: claim_errors(p["claims"]["load"]))
    row("claims: check", lambda p: "OK" if p["claims"]["check"]["ok"] else "FAIL")
    row("checkout: paid purchases/s", lambda p: p["checkout"]["load"]["purchases_per_second"])
    row("checkout: purchase p50 / p95 ms", lambda p: ms(p["checkout"]["load"]["purchase_latency"]))
    row("checkout: requests/s (7 per purchase)", lambda p: requests_per_second(p["checkout"]))
    row("checkout: errors", lambda p: p["checkout"]["load"]["failed"])
    row("checkout: stock and payments", lambda p: "OK" if not p["checkout"]["failures"] else "FAIL")
    title = (
        f"cluster, {args.app_workers} gunicorn processes per app server; "
        f"{args.mothers} mothers for {args.seconds:g} s; "
        f"{args.buyers} buyers × {args.purchases} paid purchases"
    )
    lines = [f"### {title}", "", "| | one app server | two app servers |", "|---|---:|---:|", *rows]
    for key, phase in results["phases"].items():
        for failure in phase["claims"]["failures"] + phase["checkout"]["failures"]:
            lines.append(f"\n**FAIL ({key})**: {failure}")
    return "\n".join(lines)


def ms(latency: dict) -> str:
    return f"{latency['p50_ms']:.0f} / {latency['p95_ms']:.0f}" if latency["p50_ms"] else "–"


def claim_errors(load: dict) -> int:
    return load["status_5xx"] + sum(load["other_failures"].values())


def requests_per_second(checkout: dict) -> float:
    load = checkout["load"]
    requests = sum(step["purchases"] for step in load["steps"].values())
    return round(requests / load["seconds"], 1)


def write_json(results: dict, args) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "benchmark": "cluster_load",
        "when": stamp,
        "options": vars(args),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        **results,
    }
    harness.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = harness.RESULTS_DIR / f"cluster-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path


# Main -----------------------------------------------------------------------------------


def benchmark(args, directory: Path, script_env: dict[str, str], base: int) -> dict:
    """The cluster, with a localstripe of the bench's own: bin/demo-stripe's would reload
    /tmp/localstripe.pickle, shared with every demo and cluster on this machine (whose
    purchases had the same primary keys, and whose writes have left it truncated), while this
    one starts empty and keeps nothing. bin/demo-stripe finds it answering and only registers
    the cluster's webhook on it. Both are always stopped."""
    with open(directory / "bench-localstripe.log", "w") as stripe_log:
        stripe = checkout_load.start_localstripe(base + 30, directory, stripe_log)
        try:
            checkout_load.wait_localstripe(base + 30, stripe)
            cluster_script("start", script_env)
            return {"phases": phases(args, directory, base)}
        finally:
            try:
                cluster_script("stop", script_env)
            finally:
                harness.stop(stripe)


def phases(args, directory: Path, base: int) -> dict:
    """One app server, then two: the claims load and the checkout load in each."""
    env = django_env(directory)
    template = (directory / "nginx.conf").read_text()
    results = {}
    order = [("one", [base + 1], {"app1"}), ("two", [base + 1, base + 2], {"app1", "app2"})]
    for key, app_ports, served in reversed(order) if args.two_first else order:
        use_upstreams(directory, template, app_ports)
        served_by(base, served)
        load_average = os.getloadavg()
        log(f"{key} app server(s); load average {' '.join(f'{x:.2f}' for x in load_average)}")
        offset = 0 if key == "one" else args.purchases + 4 * args.app_workers
        results[key] = {
            "load_average_before": load_average,
            "claims": claims_phase(env, base, args, directory, seed=len(results) + 1),
            "checkout": checkout_phase(env, (base, base + 30), args, offset),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, harness.interrupt)
    # A directory the postgres user can enter when run as root.
    directory = Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    directory.chmod(0o755)
    base = free_base_port()
    script_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND"))
    } | {
        "CLUSTER_DIR": str(directory),
        "CLUSTER_PORT": str(base),
        "CLUSTER_APP_WORKERS": str(args.app_workers),
        "VENV": sys.prefix,
    }
    try:
        results = benchmark(args, directory, script_env, base)
    except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
        log(f"failed: {error}")
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print(markdown(results, args))
    log(f"wrote {write_json(results, args).relative_to(ROOT)}")
    failures = [
        f
        for phase in results["phases"].values()
        for f in phase["claims"]["failures"] + phase["checkout"]["failures"]
    ]
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
