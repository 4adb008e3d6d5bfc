"""The security-header middleware on the ways a server hands over a page (no database needed)."""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib

from starlette.responses import FileResponse

from worldspeak.security_headers import SecurityHeaders

INLINE = "window.__reactRouterContext = {};"
PAGE = f"<html><head><script>{INLINE}</script><script src='/a.js'></script></head></html>".encode()
EXPECTED = "'sha256-" + base64.b64encode(hashlib.sha256(INLINE.encode()).digest()).decode() + "'"


def serve(app, extensions: dict, headers: list | None = None) -> list[dict]:
    sent: list[dict] = []

    requested = False

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected; the response ends the wait

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/signin",
        "headers": headers or [(b"host", b"localhost:3000")],
        "extensions": extensions,
        "scheme": "http",
        "query_string": b"",
    }
    asyncio.run(SecurityHeaders(app, "http://localhost:3000")(scope, receive, send))
    return sent


def csp_of(start: dict) -> str:
    return dict(start["headers"])[b"content-security-policy"].decode()


def test_a_page_sent_with_pathsend_is_hashed_from_the_file(tmp_path):
    """Granian offers http.response.pathsend; Starlette's FileResponse (Reflex's static pages) uses it."""
    page = tmp_path / "signin.html"
    page.write_bytes(PAGE)
    sent = serve(FileResponse(page, media_type="text/html"), {"http.response.pathsend": {}})
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.pathsend"]
    assert EXPECTED in csp_of(sent[0])


def test_a_precompressed_page_sent_with_pathsend_is_gunzipped_to_hash(tmp_path):
    page = tmp_path / "signin.html.gz"
    page.write_bytes(gzip.compress(PAGE))
    response = FileResponse(page, media_type="text/html", headers={"content-encoding": "gzip"})
    sent = serve(response, {"http.response.pathsend": {}})
    assert EXPECTED in csp_of(sent[0])


def test_the_websocket_and_api_origins_are_allowed_to_connect(tmp_path):
    page = tmp_path / "signin.html"
    page.write_bytes(PAGE)
    sent = serve(FileResponse(page, media_type="text/html"), {})
    connect = next(d for d in csp_of(sent[0]).split("; ") if d.startswith("connect-src"))
    assert connect == "connect-src 'self' ws://localhost:3000 http://localhost:3000"


def test_an_unreadable_encoding_fails_closed(tmp_path):
    page = tmp_path / "signin.html.br"
    page.write_bytes(b"not brotli we can read")
    sent = serve(FileResponse(page, media_type="text/html", headers={"content-encoding": "br"}), {})
    policy = csp_of(sent[0])
    assert "'sha256-" not in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
