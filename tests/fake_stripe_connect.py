"""A fake of Stripe's Connect API over real HTTP, for the payout tests.

localstripe has no Connect (no transfers, accounts or account links), and the real Stripe
cannot be reached here, so this is the one part of Stripe the tests fake — at the HTTP level,
so that the gateway's real StripeClient, its form encoding, headers and retries all run.

Like Stripe it answers a repeated ``Idempotency-Key`` with the response it gave the first
time (and refuses the same key with different parameters), so a test can check that a
resumed payout run pays nobody twice. Every request is recorded with its key.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Recorded:
    method: str
    path: str
    key: str
    params: dict


@dataclass
class FakeConnect:
    refuse: set = field(default_factory=set)  # destinations Stripe says no to
    # The next ``garble`` transfer requests are answered 200 with an empty body, as a proxy in
    # the way might: Stripe never saw them, so nothing is made or remembered.
    garble: int = 0
    slow: float = 0  # seconds each transfer takes to answer (a worker can be killed meanwhile)
    requests: list = field(default_factory=list)
    transfers: dict = field(default_factory=dict)  # id → transfer, made once each
    _answers: dict = field(default_factory=dict)  # key → (params, status, body)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "FakeConnect":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                params = dict(parse_qsl(self.rfile.read(length).decode()))
                key = self.headers.get("Idempotency-Key", "")
                status, body = fake.answer(self.path, key, params)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, key: str, params: dict) -> tuple[int, dict]:
        if path == "/v1/transfers" and self.slow:
            time.sleep(self.slow)
        with self._lock:
            if path == "/v1/transfers" and self.garble:
                self.garble -= 1
                return 200, {}
            self.requests.append(Recorded("POST", path, key, params))
            if key and key in self._answers:
                seen, status, body = self._answers[key]
                if seen != params:
                    return 400, _error(
                        "idempotency_error",
                        "Keys for idempotent requests can only be used "
                        "with the same parameters they were first used with.",
                    )
                return status, body
            status, body = self._new(path, params)
            if key:
                self._answers[key] = (params, status, body)
            return status, body

    def _new(self, path: str, params: dict) -> tuple[int, dict]:
        number = next(self._ids)
        if path == "/v1/transfers":
            if params.get("destination") in self.refuse:
                return 400, _error(
                    "invalid_request_error", "No such destination: " + params["destination"]
                )
            transfer = {
                "id": f"tr_fake_{number}",
                "object": "transfer",
                "amount": int(params["amount"]),
                "currency": params["currency"],
                "destination": params["destination"],
                "transfer_group": params.get("transfer_group"),
                "metadata": {
                    k[len("metadata[") : -1]: v
                    for k, v in params.items()
                    if k.startswith("metadata[")
                },
                "reversed": False,
            }
            self.transfers[transfer["id"]] = transfer
            return 200, transfer
        if path == "/v1/accounts":
            return 200, {"id": f"acct_fake_{number}", "object": "account", "type": "express"}
        if path == "/v1/account_links":
            return 200, {
                "object": "account_link",
                "url": f"https://connect.stripe.test/setup/{params.get('account')}",
            }
        return 404, _error("invalid_request_error", f"Unrecognized request URL (POST: {path})")

    def paid_to(self) -> dict[str, int]:
        """Minor units transferred to each destination (each transfer once)."""
        totals: dict[str, int] = {}
        for transfer in self.transfers.values():
            totals[transfer["destination"]] = (
                totals.get(transfer["destination"], 0) + transfer["amount"]
            )
        return totals


def _error(kind: str, message: str) -> dict:
    return {"error": {"type": kind, "message": message}}
