"""Load benchmark of the mothers' claims on one first-come production order, under gunicorn.

Builds a throwaway world in a temporary directory (migrate and collectstatic with the
production settings, no demo data), or in the database of --database-url / DATABASE_URL: one
cooperative, one product, one skill, N mothers holding the skill, each with a session made
in the setup step, and one open first-come order that holds fewer pieces than the mothers
want. gunicorn serves it on a free loopback port; N client threads, one per mother, each GET
the order page once (CSRF token, her claim) and then POST /work/orders/<id>/ with random
absolute quantities from 0 to 60 (take, raise, lower, release) and the page's `seen` field,
for --seconds or --requests.

Reports claims per second (successful 302s), POSTs per second, latencies, the 409s and
whether each told why (what is left), 400s, 5xx and any "database is locked", then checks the
database directly: the order's `claimed` equals the sum of the active claims and never exceeds
its quantity, and every mother's claim is what her last successful POST set. Prints a markdown
table, writes bench/results/claims-<timestamp>.json, and exits 1 if the check fails, on any
5xx, "database is locked" or failed request, or on a 409 that does not say why. gunicorn is
always stopped and the temporary directory always removed. This is a benchmark, not a test.

    .venv/bin/python bench/claims_load.py [--clients 30] [--seconds 20] [--workers 4]
"""

import argparse
import http.client
import http.cookies
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import showcase_load as harness  # noqa: E402 - the sibling module, found through sys.path
from claims_report import (  # noqa: E402, F401 - the report half; cluster_load uses these here
    LOCKED,
    check,
    markdown,
    summarise,
    verdict,
    write_json,
)

ROOT = harness.ROOT
HOST = harness.HOST
log = harness.log

MARK = "BENCH-JSON "
MINE = "/work/mine/"  # where a successful claim redirects (Chinese, the default language)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN_FIELD = re.compile(r'name="seen" value="(\d+)"')
# Why a 409 said no, in Chinese (the default language) or English.
REASONS = {
    "left": re.compile(r"只剩 ?\d+ ?件|Only \d+ pieces? (?:is|are) left"),
    "full": re.compile(r"全部被认领|已全部认领|Every piece of this order has been claimed"),
    "stale": re.compile(r"打开页面后您的认领|since this page was opened"),
    "limits": re.compile(r"请认领 ?\d+ ?到|Claim between"),
    "closed": re.compile(r"这个工单现在不能认领|not open for claims"),
}
CLOSED_WHILE_IDLE = (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected)

# Run by `manage.py shell -c` after migrate, the options filled in: the cooperative, product,
# skill, the mothers with the skill and a signed-in session each (written with the session
# engine of the settings, as django.contrib.auth.login would), and the order. One JSON line.
SETUP = """
import datetime, json, secrets
from decimal import Decimal
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.utils import timezone
from marketplace.models import Category, Cooperative, Fulfilment, Membership, Product, Role
from orders.models import MemberSkill, OrderMode, OrderStatus, ProductionOrder, Skill

tag = secrets.token_hex(3)  # unique names, should --database-url hold an earlier run
coop = Cooperative.objects.create(
    name="压测合作社", name_en="Bench cooperative", slug=f"bench-{{tag}}", city="莱西"
)
category = Category.objects.create(name="中国结", name_en="Knots", slug=f"bench-knots-{{tag}}")
product = Product.objects.create(
    cooperative=coop, category=category, name="红色中国结", name_en="Red knot",
    sku=f"BENCH-{{tag}}".upper(), price=Decimal("38.00"), fulfilment=Fulfilment.MADE_TO_ORDER,
)
skill = Skill.objects.create(name="中国结·基础", name_en="Knots, basic", slug=f"bench-knot-{{tag}}")
order = ProductionOrder.objects.create(
    cooperative=coop, product=product, quantity={quantity}, piece_rate=Decimal("3.50"),
    due_date=timezone.localdate() + datetime.timedelta(days=21), required_skill=skill,
    min_claim={min_claim}, max_per_mother={max_per_mother}, mode=OrderMode.FIRST_COME,
    status=OrderStatus.OPEN,
)
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
backend = "django.contrib.auth.backends.ModelBackend"
assert backend in settings.AUTHENTICATION_BACKENDS
first = 13900000000 + secrets.randbelow(90_000_000)
mothers = []
for i in range({clients}):
    user = get_user_model()(username=str(first + i), first_name="王秀兰")
    user.set_unusable_password()  # signed in by session only: no password hashing here
    user.save()
    membership = Membership.objects.create(user=user, cooperative=coop, role=Role.MOTHER)
    MemberSkill.objects.create(membership=membership, skill=skill)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    mothers.append({{"membership": membership.pk, "session": session.session_key}})
print({mark!r} + json.dumps({{
    "order": order.pk,
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "csrf_cookie": settings.CSRF_COOKIE_NAME,
    "mothers": mothers,
}}))
"""
# Run by `manage.py shell -c` after the load: the order and every claim on it, as one JSON line.
CHECK = """
import json
from django.db.models import Count, Sum
from orders.models import Claim, ClaimStatus, ProductionOrder
order = ProductionOrder.objects.get(pk={order})
claims = Claim.objects.filter(order=order).order_by()
print({mark!r} + json.dumps({{
    "quantity": order.quantity,
    "claimed": order.claimed,
    "status": order.status,
    "active_sum": claims.filter(status=ClaimStatus.ACTIVE).aggregate(n=Sum("quantity"))["n"] or 0,
    "claims_by_status": dict(claims.values_list("status").annotate(n=Count("pk"))),
    "claims": {{
        str(m): [q, s] for m, q, s in claims.values_list("mother_id", "quantity", "status")
    }},
}}))
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options; --database-url defaults to $DATABASE_URL ('' = temp SQLite)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30, help="concurrent mothers")
    parser.add_argument("--seconds", type=float, default=20, help="how long the mothers claim")
    parser.add_argument(
        "--requests", type=int, default=0, help="POSTs per mother instead of --seconds"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn workers"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument(
        "--quantity", type=int, default=0, help="pieces of the order (default: 20 per mother)"
    )
    parser.add_argument("--max-ask", type=int, default=60, help="most pieces one POST asks for")
    parser.add_argument("--max-per-mother", type=int, default=100, help="the order's limit")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the quantities")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a throwaway database to migrate and fill (default: a fresh SQLite file)",
    )
    args = parser.parse_args(argv)
    if min(args.clients, args.workers, args.threads, args.max_ask) < 1 or args.seconds <= 0:
        parser.error("--clients, --seconds, --workers, --threads and --max-ask must be positive")
    if args.requests < 0 or args.quantity < 0:
        parser.error("--requests and --quantity cannot be negative")
    if args.threads > 1 and args.worker_class != "gthread":
        parser.error("--threads needs --worker-class gthread")
    args.quantity = args.quantity or 20 * args.clients
    return args


# The world ------------------------------------------------------------------------------


def shell_json(env: dict[str, str], what: str, code: str) -> dict:
    """Run code in `manage.py shell -c` and return the JSON it printed after MARK."""
    log(f"manage.py shell: {what}")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line.removeprefix(MARK))
    raise RuntimeError(f"no result in the shell's output:\n{result.stdout[-2000:]}")


def build_world(env: dict[str, str], args: argparse.Namespace) -> dict:
    """Migrate, collect static files (the pages' manifest), make the mothers and the order."""
    harness.manage(env, "migrate", "--noinput", "-v0")
    harness.manage(env, "collectstatic", "--noinput", "-v0")
    return mothers_and_order(env, args)


def mothers_and_order(env: dict[str, str], args: argparse.Namespace) -> dict:
    """SETUP in the database of env: args.clients mothers with a session each, one order."""
    code = SETUP.format(
        quantity=args.quantity,
        min_claim=1,
        max_per_mother=args.max_per_mother,
        clients=args.clients,
        mark=MARK,
    )
    return shell_json(env, f"{args.clients} mothers, their sessions, one order", code)


def start_gunicorn(env, port: int, args: argparse.Namespace, logfile) -> subprocess.Popen:
    """Start gunicorn on HOST:port in its own session, output to logfile; returns the process."""
    command = [
        *(sys.executable, "-m", "gunicorn", "--pythonpath", "site,."),
        *("--bind", f"{HOST}:{port}", "--workers", str(args.workers), "--no-control-socket"),
        *("--worker-class", args.worker_class),
        *(("--threads", str(args.threads)) if args.worker_class == "gthread" else ()),
        "config.wsgi",
    ]
    kind = args.worker_class + (f" × {args.threads} threads" if args.threads > 1 else "")
    log(f"gunicorn on {HOST}:{port} with {args.workers} {kind} workers")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )


# One mother -----------------------------------------------------------------------------


@dataclass
class Mother:
    """One client: her cookies, her claim as her own successful POSTs left it, and what she
    saw. `sent` holds (outcome, ms) per POST; outcome is the status code, '302' only for the
    redirect to her claims, 'redirect <path>' for any other, or an exception's name."""

    membership: int
    cookies: dict[str, str]
    mine: int = 0
    csrf: str = ""
    sent: list[tuple[str, float]] = field(default_factory=list)
    unchanged_302: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    locked: int = 0
    reloads: int = 0
    retries: int = 0


class Client:
    """Her browser on one connection to gunicorn, reopened whenever the server closes it
    (sync workers close every one). The production cookies are `Secure` and the benchmark
    speaks plain HTTP (as behind a TLS proxy), so they are kept and sent by hand: her session
    and CSRF cookies only (the messages cookie is dropped, so messages do not pile up)."""

    def __init__(self, port: int, mother: Mother, path: str, keep: set[str]):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.mother, self.path, self.keep = mother, path, keep
        self.served_by = ""  # the last answer's X-Served-By: which app server behind nginx

    def request(self, method: str, fields=None) -> tuple[int, str, str]:
        """(status, Location, body text) of one request to her order page."""
        cookies = self.mother.cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            reused = self.connection.sock is not None
            try:
                self.connection.request(method, self.path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (OSError, http.client.HTTPException) as error:
                self.connection.close()
                if not (reused and attempt == 1 and isinstance(error, CLOSED_WHILE_IDLE)):
                    raise
                # The server closed the kept-alive connection before reading this request
                # (gthread closes one left idle for its keepalive time, 2 s, e.g. while this
                # thread waited for a CPU): once more on a new one, as browsers do. Had the
                # first been answered after all, the final check would show it.
                self.mother.retries += 1
        self.served_by = response.headers.get("X-Served-By", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if name in self.keep:
                    cookies[name] = morsel.coded_value
        return response.status, response.headers.get("Location", ""), text

    def load(self) -> None:
        """GET the order page: her CSRF cookie and form token, and her claim as shown."""
        status, location, body = self.request("GET")
        csrf, seen = CSRF_FIELD.search(body), SEEN_FIELD.search(body)
        if status != 200 or not csrf:
            raise RuntimeError(f"order page: {status} {location or 'without a CSRF token'}")
        self.mother.csrf = csrf.group(1)
        self.mother.mine = int(seen.group(1)) if seen else 0

    def claim(self, quantity: int) -> None:
        """POST her new absolute claim (with `seen`, as the page's form sends it); record it."""
        mother = self.mother
        fields = {"csrfmiddlewaretoken": mother.csrf, "quantity": quantity, "seen": mother.mine}
        start = time.perf_counter()
        try:
            status, location, body = self.request("POST", fields)
        except (OSError, http.client.HTTPException) as error:
            mother.sent.append((type(error).__name__, (time.perf_counter() - start) * 1000))
            self.reload()  # the outcome is unknown: read her claim again, as a browser would
            return
        ms = (time.perf_counter() - start) * 1000
        outcome = str(status)
        if status == 302:
            if urllib.parse.urlsplit(location).path == MINE:
                mother.unchanged_302 += quantity == mother.mine
                mother.mine = quantity
            else:
                outcome = f"redirect {location}"
        elif status == 409:
            reason = next((k for k, r in REASONS.items() if r.search(body)), "no reason")
            mother.reasons[reason] = mother.reasons.get(reason, 0) + 1
        mother.locked += LOCKED in body
        mother.sent.append((outcome, ms))

    def reload(self) -> None:
        self.mother.reloads += 1
        try:
            self.load()
        except (OSError, http.client.HTTPException, RuntimeError):
            time.sleep(0.5)  # the next POST is judged on the claim she last knew

    def close(self) -> None:
        self.connection.close()


@dataclass
class Race:
    """What the mothers share: the start line, the moment it was crossed and a stop sign."""

    mothers: int
    stopping: threading.Event = field(default_factory=threading.Event)
    started_at: float = 0.0
    start: threading.Barrier = field(init=False)

    def __post_init__(self) -> None:
        self.start = threading.Barrier(self.mothers, action=self._started)

    def _started(self) -> None:
        self.started_at = time.perf_counter()


def mother_loop(client: Client, rng: random.Random, args, race: Race) -> None:
    """Load the page, wait for every mother, then claim until the time or the count is up."""
    try:
        client.load()
    except BaseException:
        race.start.abort()
        raise
    race.start.wait()
    deadline = race.started_at + args.seconds
    count = 0
    while not race.stopping.is_set():
        if args.requests and count >= args.requests:
            break
        if not args.requests and time.perf_counter() >= deadline:
            break
        client.claim(rng.randint(0, args.max_ask))
        count += 1


def drive(
    port: int, world: dict, args: argparse.Namespace, client=Client
) -> tuple[list[Mother], float]:
    """Every mother claims on her own thread, through a `client` (Client or one like it);
    returns them and the wall time of the load."""
    path = f"/work/orders/{world['order']}/"
    keep = {world["session_cookie"], world["csrf_cookie"]}
    mothers = [
        Mother(membership=m["membership"], cookies={world["session_cookie"]: m["session"]})
        for m in world["mothers"]
    ]
    clients = [client(port, mother, path, keep) for mother in mothers]
    race = Race(len(clients))
    errors: list[BaseException] = []

    def run(client: Client, seed: int) -> None:
        try:
            mother_loop(client, random.Random(seed), args, race)
        except threading.BrokenBarrierError:
            pass
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            client.close()

    threads = [
        threading.Thread(target=run, args=(client, args.seed * 1000 + i), daemon=True)
        for i, client in enumerate(clients)
    ]
    log(f"{len(clients)} mothers claiming on {path}")
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:  # Ctrl-C or SIGTERM: let the mothers finish their request
        race.stopping.set()
        race.start.abort()
        raise
    if errors:
        raise RuntimeError(f"a mother could not start: {errors[0]}")
    return mothers, time.perf_counter() - race.started_at


# Main -----------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, tmp: Path) -> dict:
    """Build the world in tmp, serve it, let the mothers claim, check the database; gunicorn
    is always stopped."""
    env = harness.server_env(tmp, args.database_url)
    world = build_world(env, args)
    port = harness.free_port()
    with open(tmp / "gunicorn.log", "w") as logfile:
        process = start_gunicorn(env, port, args, logfile)
        try:
            harness.wait_healthy(port, process)
            load_average = os.getloadavg()
            log(f"load average before the run: {' '.join(f'{x:.2f}' for x in load_average)}")
            mothers, seconds = drive(port, world, args)
        except Exception:
            log("gunicorn log tail:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
            raise
        finally:
            harness.stop(process)
    load = summarise(mothers, seconds, (tmp / "gunicorn.log").read_text(errors="replace"))
    db = shell_json(env, "the order and its claims", CHECK.format(order=world["order"], mark=MARK))
    return {"load_average_before": load_average, "load": load, "check": check(db, mothers)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the report, write the JSON; 1 on failure, a failed check, a
    5xx or a locked database. The temp dir is always removed."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, harness.interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="claims-bench-"))
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
    failures = verdict(results)
    log(f"wrote {write_json(results, args).relative_to(ROOT)}")
    if results["load"]["gunicorn_log"]["first_error"]:
        log("gunicorn log from its first error:\n" + results["load"]["gunicorn_log"]["first_error"])
    for failure in failures:
        log(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
