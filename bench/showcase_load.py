"""Load benchmark of the public showcase pages served by gunicorn with the production settings.

Builds a throwaway demo world (migrate, seed_demo, collectstatic) in a temporary directory, or
in the database of --database-url / DATABASE_URL, starts gunicorn on a free loopback port and
drives N concurrent keep-alive clients at the home page, the product listing and one product
page. Only the HTML of each page is measured: images and static files are not fetched.

Prints a markdown table and writes bench/results/showcase-<timestamp>.json. gunicorn is always
stopped and the temporary directory always removed. This is a benchmark, not a test.

    .venv/bin/python bench/showcase_load.py [--clients 4] [--requests 300] [--workers 2]
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
HOST = "127.0.0.1"
PRODUCT_LINK = re.compile(r'href="(/products/[a-z0-9-]+/)"')
HEALTH_TIMEOUT_S = 60


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options; --database-url defaults to $DATABASE_URL ('' = temp SQLite)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients per page")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a throwaway database to migrate and seed (default: a fresh SQLite file)",
    )
    args = parser.parse_args(argv)
    if min(args.clients, args.requests, args.workers) < 1:
        parser.error("--clients, --requests and --workers must be at least 1")
    return args


def server_env(tmp: Path, database_url: str) -> dict[str, str]:
    """The environment of every child process: production settings, all state under tmp."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # A fake Stripe, so production starts without keys; checkout_load sets its own.
        STRIPE_API_BASE="http://127.0.0.1:9",
        SECURE_SSL_REDIRECT="false",
        # No Redis here: each process keeps its own cache, which nothing measured depends on.
        REDIS_URL="locmem://",
        VAR_DIR=str(tmp),
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *args: str) -> None:
    """Run `manage.py <args>` from the repository root; raises CalledProcessError on failure."""
    log(f"manage.py {' '.join(args)}")
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_world(env: dict[str, str]) -> None:
    """Migrate, load the demo world and collect static files (whitenoise serves them)."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--allow-without-debug", "-v0")  # a throwaway database
    manage(env, "collectstatic", "--noinput", "-v0")


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, logfile) -> subprocess.Popen:
    """Start gunicorn on HOST:port in its own session, output to logfile; returns the process."""
    command = [
        *(sys.executable, "-m", "gunicorn", "--pythonpath", "site,."),
        *("--bind", f"{HOST}:{port}", "--workers", str(workers), "--no-control-socket"),
        "config.wsgi",
    ]
    log(f"gunicorn on {HOST}:{port} with {workers} workers")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn gracefully (SIGTERM stops its workers too), killing it after 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_healthy(port: int, process: subprocess.Popen) -> None:
    """Return once /healthz answers 200; RuntimeError if gunicorn exits or time runs out."""
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"/healthz did not answer 200 within {HEALTH_TIMEOUT_S} s")


def get(port: int, path: str) -> tuple[int, str]:
    """One GET on a fresh connection: (status, body text); HTTP errors are returned, not raised."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def pages_to_measure(port: int) -> dict[str, str]:
    """Name -> path of the home page, the listing and the first product linked from it."""
    status, listing = get(port, "/products/")
    match = PRODUCT_LINK.search(listing)
    if status != 200 or not match:
        raise RuntimeError(f"/products/ answered {status} without a product link")
    return {"home": "/", "listing": "/products/", "product": match.group(1)}


def warm_up(port: int, pages: dict[str, str], rounds: int) -> None:
    """Fetch every page `rounds` times untimed (renditions, templates); RuntimeError if not 200."""
    for path in pages.values():
        for _ in range(rounds):
            status, _body = get(port, path)
            if status != 200:
                raise RuntimeError(f"warm-up: {path} answered {status}")


def client(
    port: int, path: str, count: int, stopping: threading.Event, headers: dict | None = None
) -> tuple[list[float], dict[str, int]]:
    """One client: `count` sequential GETs on one keep-alive connection (reopened when the
    server closes it), fewer if `stopping` is set, each with `headers` (a cookie, say). Returns
    latencies in ms and a count of non-200 outcomes (status code or exception name)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    latencies, failures = [], {}
    try:
        for _ in range(count):
            if stopping.is_set():
                break
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                outcome = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                outcome = type(error).__name__
            latencies.append((time.perf_counter() - start) * 1000)
            if outcome != "200":
                failures[outcome] = failures.get(outcome, 0) + 1
    finally:
        connection.close()
    return latencies, failures


def drive(port: int, path: str, clients: int, requests: int) -> dict:
    """Spread `requests` GETs of path over `clients` concurrent clients; returns the summary."""
    shares = [requests // clients + (i < requests % clients) for i in range(clients)]
    stopping = threading.Event()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, port, path, share, stopping) for share in shares]
        try:
            results = [future.result() for future in futures]
        except BaseException:  # Ctrl-C or SIGTERM: let the clients finish their request
            stopping.set()
            raise
    elapsed = time.perf_counter() - start
    latencies = sorted(ms for client_latencies, _ in results for ms in client_latencies)
    failures: dict[str, int] = {}
    for _, client_failures in results:
        for outcome, n in client_failures.items():
            failures[outcome] = failures.get(outcome, 0) + n
    return summarise(path, latencies, elapsed, failures)


def summarise(path: str, latencies: list[float], elapsed: float, failures: dict) -> dict:
    """Throughput and latency figures of one page from sorted latencies (ms)."""
    return {
        "path": path,
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "max_ms": round(latencies[-1], 1),
        "non_200": failures,
    }


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty ascending list."""
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least 1
    return ordered[int(rank) - 1]


def markdown(results: dict[str, dict], args: argparse.Namespace) -> str:
    """The results as a markdown table, one row per page."""
    lines = [
        f"clients={args.clients} requests/page={args.requests} workers={args.workers}",
        "",
        "| page | path | req/s | p50 ms | p95 ms | max ms | non-200 |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        bad = ", ".join(f"{k}×{v}" for k, v in r["non_200"].items()) or "none"
        lines.append(
            f"| {name} | `{r['path']}` | {r['requests_per_second']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['max_ms']} | {bad} |"
        )
    return "\n".join(lines)


def write_json(results: dict[str, dict], args: argparse.Namespace) -> Path:
    """Write the results, the options and a machine description; returns the file written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "benchmark": "showcase_load",
        "timestamp": stamp,
        "options": {
            "clients": args.clients,
            "requests": args.requests,
            "workers": args.workers,
            "database": args.database_url.split(":", 1)[0] if args.database_url else "sqlite",
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "pages": results,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"showcase-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path


def interrupt(signum: int, _frame) -> None:
    """Signal handler: turn SIGTERM into KeyboardInterrupt so every finally block runs."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def benchmark(args: argparse.Namespace, tmp: Path) -> dict[str, dict]:
    """Build the world in tmp, serve it, measure every page; gunicorn is always stopped."""
    env = server_env(tmp, args.database_url)
    build_world(env)
    port = free_port()
    with open(tmp / "gunicorn.log", "w") as logfile:
        process = start_gunicorn(env, port, args.workers, logfile)
        try:
            wait_healthy(port, process)
            pages = pages_to_measure(port)
            warm_up(port, pages, rounds=2 * args.workers)
            results = {}
            for name, path in pages.items():
                log(f"{name} {path}: {args.requests} requests, {args.clients} clients")
                results[name] = drive(port, path, args.clients, args.requests)
            return results
        except Exception:
            log("gunicorn log tail:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
            raise
        finally:
            stop(process)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON; 1 on failure. The temp dir is always
    removed."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="showcase-bench-"))
    try:
        results = benchmark(args, tmp)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        log(f"failed: {error}")
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(markdown(results, args))
    log(f"wrote {write_json(results, args).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
