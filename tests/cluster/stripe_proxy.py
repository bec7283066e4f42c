"""The cluster test's Stripe: one address in front of the cluster's localstripe that also
speaks Connect, which localstripe lacks (no transfers, accounts or account links).

Requests to Connect's endpoints go to the tests' fake Connect (tests/fake_stripe_connect.py,
its transfers as slow as the test wants, so that a worker can be killed in the middle of a
payout run); every other request is passed on to localstripe unchanged. `bin/cluster` points
the cluster's processes at it through CLUSTER_STRIPE_API_BASE."""

import contextlib
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fake_stripe_connect import FakeConnect

CONNECT = ("/v1/transfers", "/v1/accounts", "/v1/account_links")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


class StripeProxy:
    def __init__(self, localstripe_port: int):
        self.localstripe_port = localstripe_port
        self.connect = FakeConnect().start()

    def start(self) -> "StripeProxy":
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _pass(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                status, headers, answer = proxy.forward(
                    self.command, self.path, dict(self.headers), body
                )
                # The worker asking may have been killed meanwhile: the test's doing.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    for name, value in headers:
                        if name.lower() not in HOP_BY_HOP:
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)

            do_GET = do_POST = do_DELETE = _pass  # noqa: N815 (http.server's names)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def forward(self, method: str, path: str, headers: dict, body: bytes | None):
        """(status, headers, body) of the request from Connect's fake or localstripe."""
        upstream = self.connect.url if path.startswith(CONNECT) else None
        port = int(upstream.rsplit(":", 1)[1]) if upstream else self.localstripe_port
        sent = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        except OSError:
            return 502, [], b'{"error": {"message": "the proxy could not reach it"}}'
        finally:
            connection.close()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.connect.stop()
