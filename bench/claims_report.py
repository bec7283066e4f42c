"""What a claims_load run measured, what the database said after it, and the verdict: the
report half of bench/claims_load.py (see its docstring), which imports these (and so do
cluster_load.py and the cluster tests, through claims_load)."""

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import showcase_load as harness  # noqa: E402 - the sibling module, found through sys.path

LOCKED = "database is locked"


def latency(ordered: list[float]) -> dict:
    if not ordered:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": round(harness.percentile(ordered, 50), 1),
        "p95_ms": round(harness.percentile(ordered, 95), 1),
        "p99_ms": round(harness.percentile(ordered, 99), 1),
        "max_ms": round(ordered[-1], 1),
    }


def summarise(mothers: list, seconds: float, gunicorn_log: str) -> dict:
    """Throughput, latencies and outcomes of the load, from every mother's POSTs."""
    sent = [s for m in mothers for s in m.sent]
    outcomes: dict[str, int] = {}
    for outcome, _ms in sent:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    reasons: dict[str, int] = {}
    for m in mothers:
        for reason, n in m.reasons.items():
            reasons[reason] = reasons.get(reason, 0) + n
    claims = outcomes.get("302", 0)
    unchanged = sum(m.unchanged_302 for m in mothers)
    by_outcome = {o: latency(sorted(ms for out, ms in sent if out == o)) for o in sorted(outcomes)}
    server_errors = {o: n for o, n in outcomes.items() if o.isdigit() and int(o) >= 500}
    return {
        "seconds": round(seconds, 3),
        "posts": len(sent),
        "posts_per_second": round(len(sent) / seconds, 1),
        "claims": claims,
        "claims_per_second": round(claims / seconds, 1),
        "changes_per_second": round((claims - unchanged) / seconds, 1),
        "unchanged_302": unchanged,
        "latency": latency(sorted(ms for _, ms in sent)),
        "latency_by_outcome": by_outcome,
        "outcomes": outcomes,
        "status_409": outcomes.get("409", 0),
        "reasons_409": reasons,
        "status_400": outcomes.get("400", 0),
        "status_5xx": sum(server_errors.values()),
        "other_failures": {
            o: n
            for o, n in outcomes.items()
            if o not in {"302", "409", "400"} and o not in server_errors
        },
        "posts_per_mother": spread(sorted(len(m.sent) for m in mothers)),
        "reloads": sum(m.reloads for m in mothers),
        "retries_on_new_connection": sum(m.retries for m in mothers),
        "database_locked": {
            "responses": sum(m.locked for m in mothers),
            "gunicorn_log": gunicorn_log.count(LOCKED),
        },
        "gunicorn_log": {
            "tracebacks": gunicorn_log.count("Traceback (most recent call last)"),
            "error_lines": sum("[ERROR]" in line for line in gunicorn_log.splitlines()),
            "first_error": first_error(gunicorn_log),
        },
    }


def spread(ordered: list[int]) -> dict:
    """Least, median and most of a non-empty ascending list: how evenly the mothers fared."""
    return {"min": ordered[0], "median": ordered[len(ordered) // 2], "max": ordered[-1]}


def first_error(gunicorn_log: str) -> str:
    """The gunicorn log from its first error or traceback on (3000 characters), or ''."""
    starts = [i for i in (gunicorn_log.find("[ERROR]"), gunicorn_log.find("Traceback")) if i >= 0]
    if not starts:
        return ""
    start = gunicorn_log.rfind("\n", 0, min(starts)) + 1
    return gunicorn_log[start : start + 3000]


def check(db: dict, mothers: list) -> dict:
    """The database after the load: never over-claimed, the counter equals the active claims,
    every claim's status fits its quantity, and every mother holds what she last set."""
    problems = []
    if db["claimed"] != db["active_sum"]:
        problems.append(f"claimed {db['claimed']} != sum of active claims {db['active_sum']}")
    if db["claimed"] > db["quantity"]:
        problems.append(f"over-claimed: {db['claimed']} > quantity {db['quantity']}")
    full = db["claimed"] == db["quantity"]
    if db["status"] != ("fully_claimed" if full else "open"):
        problems.append(f"status {db['status']} with {db['claimed']} of {db['quantity']} claimed")
    for membership, (quantity, status) in db["claims"].items():
        if (status == "active") != (quantity > 0):
            problems.append(f"claim of membership {membership}: {status} with {quantity}")
    mismatched = {}
    for m in mothers:
        quantity, status = db["claims"].get(str(m.membership), [0, "none"])
        holds = quantity if status == "active" else 0
        if holds != m.mine:
            mismatched[m.membership] = {"database": holds, "her last successful POST": m.mine}
    if mismatched:
        problems.append(f"{len(mismatched)} mothers hold other than their last successful POST")
    return {**db, "mismatched_mothers": mismatched, "problems": problems, "ok": not problems}


def verdict(results: dict) -> list[str]:
    """Why the run fails (empty when it does not)."""
    load, reasons = results["load"], results["load"]["reasons_409"]
    failures = [*results["check"]["problems"]]
    if load["status_5xx"]:
        failures.append(f"{load['status_5xx']} answers 5xx")
    if sum(load["database_locked"].values()):
        failures.append(f"'{LOCKED}': {load['database_locked']}")
    if load["other_failures"]:
        failures.append(f"failed requests: {load['other_failures']}")
    if reasons.get("no reason"):
        failures.append(f"{reasons['no reason']} answers 409 without a reason")
    return failures


def database_name(args: argparse.Namespace) -> str:
    return args.database_url.split(":", 1)[0] if args.database_url else "sqlite"


def markdown(results: dict, args: argparse.Namespace) -> str:
    """The run as markdown: one row of figures, then the outcomes and the check."""
    load, db = results["load"], results["check"]
    lat = load["latency"]
    kind = args.worker_class + (f"×{args.threads}" if args.worker_class == "gthread" else "")
    lines = [
        f"clients={args.clients} workers={args.workers} ({kind}) database={database_name(args)} "
        f"order={args.quantity} pieces, asks 0–{args.max_ask}, "
        + (f"{args.requests} POSTs per mother" if args.requests else f"{args.seconds:g} s"),
        "",
        "| POSTs | POSTs/s | claims/s (302) | changes/s | p50 ms | p95 ms | p99 ms | max ms "
        "| 409 | 400 | 5xx | db locked | check |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {load['posts']} | {load['posts_per_second']} | {load['claims_per_second']} "
        f"| {load['changes_per_second']} | {lat['p50_ms']} | {lat['p95_ms']} | {lat['p99_ms']} "
        f"| {lat['max_ms']} | {load['status_409']} | {load['status_400']} | {load['status_5xx']} "
        f"| {sum(load['database_locked'].values())} | {'OK' if db['ok'] else 'FAIL'} |",
        "",
    ]
    for outcome, s in load["latency_by_outcome"].items():
        lines.append(
            f"- {outcome} ×{load['outcomes'][outcome]}: p50 {s['p50_ms']} / p95 {s['p95_ms']} "
            f"/ max {s['max_ms']} ms"
        )
    reasons = ", ".join(f"{k} ×{v}" for k, v in load["reasons_409"].items()) or "none"
    lines += [
        f"- 302s that left her claim as it was (0 when she held none, or the same number): "
        f"{load['unchanged_302']}",
        f"- 409 reasons: {reasons} (left = 只剩 N 件, full = 全部被认领)",
        "- POSTs per mother: {min} least, {median} median, {max} most".format(
            **load["posts_per_mother"]
        ),
        f"- gunicorn log: {load['gunicorn_log']['tracebacks']} tracebacks, "
        f"{load['gunicorn_log']['error_lines']} [ERROR] lines; page reloads after a failed "
        f"POST: {load['reloads']}; requests sent again on a new connection after the server "
        f"closed a kept-alive one: {load['retries_on_new_connection']}",
        f"- database: claimed {db['claimed']} of {db['quantity']} ({db['status']}), active "
        f"claims sum to {db['active_sum']}, claims by status {db['claims_by_status']}, "
        f"mothers whose claim differs from their last successful POST: "
        f"{len(db['mismatched_mothers'])} → {'OK' if db['ok'] else 'FAIL'}",
    ]
    failures = verdict(results)
    lines.append(f"- verdict: {'FAIL: ' + '; '.join(failures) if failures else 'OK'}")
    return "\n".join(lines)


def write_json(results: dict, args: argparse.Namespace) -> Path:
    """Write the results, the options and a machine description; returns the file written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "benchmark": "claims_load",
        "timestamp": stamp,
        "options": {
            "clients": args.clients,
            "seconds": args.seconds,
            "requests_per_client": args.requests,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "quantity": args.quantity,
            "max_ask": args.max_ask,
            "max_per_mother": args.max_per_mother,
            "seed": args.seed,
            "database": database_name(args),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_before": results.pop("load_average_before"),
        },
        **results,
        "failures": verdict(results),
    }
    harness.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = harness.RESULTS_DIR / f"claims-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path
