"""A local STUB of the Stripe API (third-party HTTP), for asserting what our adapter sends.

It answers the four calls the Stripe adapter makes with minimal Stripe-shaped objects and records
every request (method, path, form parameters, headers). It is not Stripe: it checks nothing.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class StubRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class StripeApiStub:
    requests: list[StubRequest] = field(default_factory=list)
    base_url: str = ""
    missing_subscriptions: set[str] = field(default_factory=set)

    def calls(self, method: str, path: str) -> list[StubRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]


def start_stub() -> tuple[StripeApiStub, ThreadingHTTPServer]:
    stub = StripeApiStub()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _answer(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            path, _, query = self.path.partition("?")
            params = dict(parse_qsl(raw or query, keep_blank_values=True))
            stub.requests.append(
                StubRequest(self.command, path, params, {k.lower(): v for k, v in self.headers.items()})
            )
            number = f"{len(stub.requests)}_{secrets.token_hex(4)}"
            if self.command == "POST" and path == "/v1/customers":
                self._answer(200, {"id": f"cus_stub_{number}", "object": "customer", "email": params.get("email")})
            elif self.command == "POST" and path == "/v1/checkout/sessions":
                session_id = f"cs_stub_{number}"
                self._answer(
                    200,
                    {"id": session_id, "object": "checkout.session", "url": f"https://checkout.stub/c/{session_id}"},
                )
            elif self.command == "POST" and path == "/v1/billing_portal/sessions":
                self._answer(200, {"id": f"bps_stub_{number}", "object": "billing_portal.session",
                                   "url": f"https://portal.stub/p/{number}"})  # fmt: skip
            elif self.command == "DELETE" and path.startswith("/v1/subscriptions/"):
                sub_id = path.rsplit("/", 1)[1]
                if sub_id in stub.missing_subscriptions:
                    self._answer(404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                                 "message": f"No such subscription: '{sub_id}'"}})  # fmt: skip
                else:
                    self._answer(200, {"id": sub_id, "object": "subscription", "status": "canceled"})
            else:
                self._answer(404, {"error": {"type": "invalid_request_error", "message": f"stub: {path}"}})

        do_GET = do_POST = do_DELETE = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stub, server
