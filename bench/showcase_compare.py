"""Side-by-side bench: every showcase page kind against its wagtail/bakerydemo counterpart, and
against a static file through the same stack, in one run.

Both sites are served by gunicorn (2 sync workers, production settings with DEBUG off, SQLite)
pinned to one core; this process, which drives the load, is pinned to the other. For each page
kind the bench runs `--rounds` rounds of `--seconds` seconds per server, rotating which server
goes first, and reports requests/s and the server CPU per request: the user + system time of
the gunicorn worker processes (/proc/<pid>/stat) over the round, divided by the requests served.

    .venv/bin/python bench/bakerydemo.py --source ~/src/bakerydemo     # once (see its doc)
    .venv/bin/python bench/showcase_compare.py [--seconds 20] [--rounds 3] [--clients 4]
    .venv/bin/python bench/showcase_compare.py --no-cached   # without our cached pages

With the cached pages on (the default), a third series, "ours-cart", measures the cached server
again as a buyer with a piece in her cart (her session cookie on every request): a visitor the
page cache never serves, whose pages are rendered for her from what the shared fragments keep.

Our site is built by showcase_load (a throwaway world in a temp dir); bakerydemo is the one set
up under var/bakerydemo. Prints markdown, writes bench/results/showcase-compare-<stamp>.json.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bakerydemo  # noqa: E402 - sibling modules, found through sys.path
import checkout_load as checkout  # noqa: E402
import showcase_load as harness  # noqa: E402

KINDS = ("home", "listing", "product", "cooperative", "story_index", "story", "search", "static")
# The page cache's switch (showcase page cache, issue 15): the same built world is served twice,
# once with each of these environments added.
UNCACHED_ENV = {"PAGE_CACHE": "off"}
CACHED_ENV = {"PAGE_CACHE": "on"}
OUR_SEARCH_WORD = "中国结"  # Chinese knots: several products, stories and cooperatives match
THEIR_SEARCH_WORD = "bread"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """One running gunicorn: its name, port, process and the paths of each page kind."""

    name: str
    port: int
    process: subprocess.Popen
    pages: dict[str, str] = field(default_factory=dict)
    helpers: list[int] = field(default_factory=list)  # other server processes, e.g. redis
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request measured


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of one round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page and server")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per site")
    parser.add_argument("--server-core", type=int, default=0, help="CPU of both gunicorns")
    parser.add_argument("--load-core", type=int, default=1, help="CPU of the load clients")
    parser.add_argument(
        "--cached",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also serve our pages with the page cache on (PAGE_CACHE=on)",
    )
    parser.add_argument(
        "--redis",
        action=argparse.BooleanOptionalAction,
        default=shutil.which("redis-server") is not None,
        help="our cache in a private redis-server, as in production (default: if installed;"
        " else a cache per worker process)",
    )
    parser.add_argument("--home", type=Path, default=bakerydemo.HOME, help="bakerydemo set-up")
    parser.add_argument("--source", default=os.environ.get("BAKERYDEMO_SRC", ""))
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated page kinds")
    args = parser.parse_args(argv)
    args.kinds = [kind for kind in args.kinds.split(",") if kind]
    if unknown := set(args.kinds) - set(KINDS):
        parser.error(f"unknown page kinds: {', '.join(sorted(unknown))}")
    return args


# --- processes and CPU -------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """The pids whose parent is pid (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the given processes, in seconds (fields 14 and 15 of /proc/pid/stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def pin(pids: list[int], core: int) -> bool:
    """Pin the processes to one CPU; False where affinity cannot be set (one CPU, no support)."""
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "sched_setaffinity"):
        return False
    for pid in pids:
        os.sched_setaffinity(pid, {core})
    return True


def start_redis(tmp: Path, core: int) -> Server:
    """A private, memory-only redis-server on a free loopback port, pinned with the sites."""
    port = harness.free_port()
    command = ["redis-server", "--bind", harness.HOST, "--port", str(port), "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp)]
    process = subprocess.Popen(
        command,
        stdout=open(tmp / "redis.log", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection((harness.HOST, port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    pin([process.pid], core)
    return Server("redis", port, process)


def start_ours(env: dict[str, str], tmp: Path, name: str, workers: int, core: int) -> Server:
    port = harness.free_port()
    logfile = open(tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    process = harness.start_gunicorn(env, port, workers, logfile)
    return ready(Server(name, port, process), workers, core)


def start_theirs(home: Path, tmp: Path, workers: int, core: int) -> Server:
    port = harness.free_port()
    harness.log(f"bakerydemo gunicorn on {harness.HOST}:{port} with {workers} workers")
    process = subprocess.Popen(
        bakerydemo.gunicorn_command(home, harness.HOST, port, workers),
        cwd=home / "src",
        env=bakerydemo.server_env(home),
        stdout=open(tmp / "bakerydemo.log", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return ready(Server("bakerydemo", port, process), workers, core)


def ready(server: Server, workers: int, core: int) -> Server:
    """Wait for the site to answer and all its workers to exist, then pin them to core."""
    wait_for(server, "/healthz" if server.name != "bakerydemo" else "/")
    deadline = time.monotonic() + 30
    while len(children(server.process.pid)) < workers and time.monotonic() < deadline:
        time.sleep(0.2)
    pin([server.process.pid, *children(server.process.pid)], core)
    return server


def wait_for(server: Server, path: str) -> None:
    deadline = time.monotonic() + harness.HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name}: gunicorn exited ({server.process.returncode})")
        try:
            if harness.get(server.port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{server.name}: {path} did not answer 200")


# --- the pages of each site --------------------------------------------------------------


def first_link(port: int, index: str, prefix: str) -> str:
    """The first link under prefix (a child page) on the page at index."""
    status, html = harness.get(port, index)
    match = re.search(rf'href="({re.escape(prefix)}[a-z0-9-]+/)"', html)
    if status != 200 or not match:
        raise RuntimeError(f"{index} answered {status} without a link under {prefix}")
    return match.group(1)


def static_file(port: int, page: str) -> str:
    """The first stylesheet under /static/ that the page links: whitenoise serves it."""
    status, html = harness.get(port, page)
    match = re.search(r'href="(/static/[^"]+\.css)"', html)
    if status != 200 or not match:
        raise RuntimeError(f"{page} answered {status} without a /static/ stylesheet")
    return match.group(1)


def our_pages(port: int) -> dict[str, str]:
    return {
        "home": "/",
        "listing": "/products/",
        "product": first_link(port, "/products/", "/products/"),
        "cooperative": first_link(port, "/cooperatives/", "/cooperatives/"),
        "story_index": "/stories/",
        "story": first_link(port, "/stories/", "/stories/"),
        "search": "/search/?q=" + urllib.parse.quote(OUR_SEARCH_WORD),
        "static": static_file(port, "/"),
    }


def their_pages(port: int) -> dict[str, str]:
    """bakerydemo's counterparts. The cooperative page's is the about page, as in issue 15:
    one rich-text page about the bakery with a picture, as ours is about a cooperative."""
    return {
        "home": "/",
        "listing": "/breads/",
        "product": first_link(port, "/breads/", "/breads/"),
        "cooperative": "/about/",
        "story_index": "/blog/",
        "story": first_link(port, "/blog/", "/blog/"),
        "search": "/search/?q=" + THEIR_SEARCH_WORD,
        "static": static_file(port, "/"),
    }


def check_search(server: Server, link_prefix: str) -> None:
    """The search measured must find something (an empty result page costs less)."""
    status, html = harness.get(server.port, server.pages["search"])
    if status != 200 or f'href="{link_prefix}' not in html:
        raise RuntimeError(f"{server.name}: {server.pages['search']} found nothing")


def warm_up(server: Server, rounds: int) -> None:
    """Every page `rounds` times, untimed: renditions are made, templates loaded, caches full."""
    for path in server.pages.values():
        for _ in range(rounds):
            status, _body = harness.get(server.port, path)
            if status != 200:
                raise RuntimeError(f"{server.name}: warm-up {path} answered {status}")


# --- measuring ---------------------------------------------------------------------------


def measure(server: Server, path: str, clients: int, seconds: float) -> dict:
    """`clients` clients GET path for `seconds`; requests/s and worker CPU per request."""
    workers = children(server.process.pid)
    stopping = threading.Event()
    endless = 10**9  # the clients stop when `stopping` is set
    cpu_before, start = cpu_seconds(workers), time.perf_counter()
    helpers_before = cpu_seconds(server.helpers)
    clients_before = time.process_time()
    timer = threading.Timer(seconds, stopping.set)
    timer.start()
    try:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            futures = [
                pool.submit(harness.client, server.port, path, endless, stopping, server.headers)
                for _ in range(clients)
            ]
            results = [future.result() for future in futures]
    finally:
        stopping.set()
        timer.cancel()
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds(workers) - cpu_before
    clients_cpu = time.process_time() - clients_before
    helpers_cpu = cpu_seconds(server.helpers) - helpers_before
    latencies = sorted(ms for client_latencies, _ in results for ms in client_latencies)
    failures: dict[str, int] = {}
    for _, client_failures in results:
        for outcome, n in client_failures.items():
            failures[outcome] = failures.get(outcome, 0) + n
    summary = harness.summarise(path, latencies, elapsed, failures)
    summary["cpu_ms_per_request"] = round(1000 * cpu / max(1, len(latencies)), 2)
    # redis's own CPU, on the same core: part of a cached page's cost, not of the workers'.
    summary["helpers_cpu_ms_per_request"] = round(1000 * helpers_cpu / max(1, len(latencies)), 2)
    # Near 1.0, the load clients had their core to themselves and may be what limits the rate.
    summary["clients_cpu_share"] = round(clients_cpu / elapsed, 2)
    summary["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return summary


def run_rounds(servers: list[Server], args: argparse.Namespace) -> dict[str, dict[str, list]]:
    """kind -> server name -> one summary per round; the servers' order rotates every round."""
    results = {kind: {s.name: [] for s in servers} for kind in args.kinds}
    for kind in args.kinds:
        for round_no in range(args.rounds):
            shift = round_no % len(servers)
            for server in servers[shift:] + servers[:shift]:
                path = server.pages[kind]
                harness.log(f"{kind} round {round_no + 1}: {server.name} {path}")
                results[kind][server.name].append(measure(server, path, args.clients, args.seconds))
    return results


# --- reporting ---------------------------------------------------------------------------


def spread(values: list[float], digits: int = 1) -> str:
    """'median (min–max)' of the rounds' values, or the one value."""
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratios(ours: list[dict], theirs: list[dict], key: str) -> list[float]:
    """Round by round ours ÷ theirs of key: each pair ran back to back."""
    return [a[key] / b[key] for a, b in zip(ours, theirs, strict=True) if b[key]]


def summary(results: dict[str, dict[str, list]]) -> dict[str, dict]:
    """Per kind: each server's median req/s and CPU per request, and the issue's ratios."""
    table = {}
    static = results.get("static", {})
    for kind, by_server in results.items():
        row = {
            name: {
                "requests_per_second": median(r["requests_per_second"] for r in rounds),
                "cpu_ms_per_request": median(r["cpu_ms_per_request"] for r in rounds),
            }
            for name, rounds in by_server.items()
        }
        rate, cpu = "requests_per_second", "cpu_ms_per_request"
        row["uncached_over_bakerydemo_rate"] = ratios(
            by_server["ours"], by_server["bakerydemo"], rate
        )
        row["uncached_over_bakerydemo_cpu"] = ratios(
            by_server["ours"], by_server["bakerydemo"], cpu
        )
        if "ours-cart" in by_server:
            row["cart_over_bakerydemo_cpu"] = ratios(
                by_server["ours-cart"], by_server["bakerydemo"], cpu
            )
        if "ours-cached" in by_server and "ours-cached" in static:
            row["cached_over_static_rate"] = [
                c[rate] / median(s[rate] for s in static["ours"]) for c in by_server["ours-cached"]
            ]
        table[kind] = row
    return table


def markdown(results: dict[str, dict[str, list]], args: argparse.Namespace) -> str:
    names = list(next(iter(results.values())))
    head = ["page", *(f"{n} req/s" for n in names), *(f"{n} CPU ms/req" for n in names)]
    head += ["ours ÷ bakerydemo req/s", "ours ÷ bakerydemo CPU", "clients' core busy"]
    if "ours-cart" in names:
        head += ["ours-cart ÷ bakerydemo CPU"]
    if "ours-cached" in names:
        head += ["cached ÷ static req/s", "ours-cached: redis CPU ms/req"]
    table = summary(results)
    lines = [
        f"{args.rounds} rounds × {args.seconds:g} s per page and server, {args.clients} clients, "
        f"{args.workers} workers per site; medians (min–max over rounds)",
        "",
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    for kind, by_server in results.items():
        rates = [spread([r["requests_per_second"] for r in by_server[n]]) for n in names]
        cpus = [spread([r["cpu_ms_per_request"] for r in by_server[n]], 2) for n in names]
        row = table[kind]
        cells = [kind, *rates, *cpus]
        cells += [spread(row["uncached_over_bakerydemo_rate"], 2)]
        cells += [spread(row["uncached_over_bakerydemo_cpu"], 2)]
        busy = max(r["clients_cpu_share"] for rounds in by_server.values() for r in rounds)
        cells.append(f"≤ {busy:.0%}")
        if "ours-cart" in names:
            cells.append(spread(row["cart_over_bakerydemo_cpu"], 2))
        if "ours-cached" in names:
            cells.append(spread(row.get("cached_over_static_rate", [0.0]), 2))
            redis = [r["helpers_cpu_ms_per_request"] for r in by_server["ours-cached"]]
            cells.append(spread(redis, 2))
        lines.append("| " + " | ".join(cells) + " |")
    failures = [
        f"{kind} {name}: {r['non_200']}"
        for kind, by_server in results.items()
        for name, rounds in by_server.items()
        for r in rounds
        if r["non_200"]
    ]
    lines += ["", "non-200 answers: " + ("; ".join(failures) or "none")]
    return "\n".join(lines)


def write_json(results: dict, servers: list[Server], args: argparse.Namespace, meta: dict) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "benchmark": "showcase_compare",
        "timestamp": stamp,
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            **meta,
        },
        "pages": {s.name: s.pages for s in sites(servers)},
        "rounds": results,
        "summary": summary(results),
    }
    harness.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = harness.RESULTS_DIR / f"showcase-compare-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path


# --- the run -----------------------------------------------------------------------------


def start_servers(args: argparse.Namespace, tmp: Path, servers: list[Server]) -> None:
    """Build our world, then start ours (uncached, optionally cached) and bakerydemo; each
    started server is appended to servers at once, so the caller can always stop it."""
    env = harness.server_env(tmp, "")
    harness.build_world(env)
    redis = None
    if args.redis:
        redis = start_redis(tmp, args.server_core)
        servers.append(redis)
        env["REDIS_URL"] = f"redis://{harness.HOST}:{redis.port}/0"
    variants = [("ours", UNCACHED_ENV)] + ([("ours-cached", CACHED_ENV)] if args.cached else [])
    for name, extra in variants:
        servers.append(start_ours(env | extra, tmp, name, args.workers, args.server_core))
        servers[-1].helpers = [redis.process.pid] if redis else []
    servers.append(start_theirs(args.home, tmp, args.workers, args.server_core))
    for server in sites(servers):
        theirs = server.name == "bakerydemo"
        server.pages = their_pages(server.port) if theirs else our_pages(server.port)
        check_search(server, "/breads/" if theirs else "/products/")
        warm_up(server, rounds=2 * args.workers)
    if args.cached:
        servers.append(with_a_cart(next(s for s in servers if s.name == "ours-cached")))


def with_a_cart(cached: Server) -> Server:
    """The cached server again, as a buyer with a piece in her cart: her session cookie on every
    request. The page cache never serves her (her header counts her cart), so each page is
    rendered for her, with what the shared fragments keep (issue 15, point 3)."""
    browser = checkout.Browser(cached.port)
    status, _, html = browser.request("GET", cached.pages["product"])
    product = re.search(r'name="product" value="(\d+)"', html)
    if status != 200 or not product or "csrftoken" not in browser.cookies:
        raise RuntimeError(f"ours-cart: {cached.pages['product']} answered {status} with no form")
    fields = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], "product": product.group(1)}
    status, location, _ = browser.request("POST", "/cart/add/", fields | {"quantity": 1})
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"ours-cart: /cart/add/ answered {status} {location}")
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    return Server(
        "ours-cart", cached.port, cached.process, dict(cached.pages), headers={"Cookie": cookie}
    )


def sites(servers: list[Server]) -> list[Server]:
    return [server for server in servers if server.name != "redis"]


def benchmark(args: argparse.Namespace, tmp: Path) -> tuple[dict, list[Server], dict]:
    bakerydemo.ensure(args.home, args.source)
    servers: list[Server] = []
    try:
        start_servers(args, tmp, servers)
        pinned = pin([os.getpid()], args.load_core)
        meta = {
            "pinned": pinned,
            "our_cache": "redis" if args.redis else "locmem, one per worker",
            "bakerydemo": bakerydemo.wagtail_version(args.home),
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
        }
        results = run_rounds(sites(servers), args)
        meta["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        return results, servers, meta
    except Exception:
        for log in sorted(tmp.glob("*.log")):
            harness.log(f"{log.name} tail:\n" + log.read_text()[-2000:])
        raise
    finally:
        for server in servers:
            harness.stop(server.process)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, harness.interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="showcase-compare-"))
    try:
        results, servers, meta = benchmark(args, tmp)
    except (subprocess.CalledProcessError, RuntimeError, ValueError) as error:
        harness.log(f"failed: {error}")
        return 1
    except KeyboardInterrupt:
        harness.log("interrupted")
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"load average {meta['load_average_before']} → {meta['load_average_after']}, "
        f"pinned: {meta['pinned']}, our cache: {meta['our_cache']}, "
        f"bakerydemo: {meta['bakerydemo']}\n"
    )
    print(markdown(results, args))
    harness.log(f"wrote {write_json(results, servers, args, meta).relative_to(harness.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
