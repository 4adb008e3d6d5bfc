"""Security headers on every HTTP response the app serves: pages, `/api/...`, files, `/_upload`.

`with_security_headers(app)` wraps the whole ASGI app (`worldspeak.api.with_api_routes`). Headers a
route sets itself (e.g. a file response's stricter CSP) are kept.

The Content-Security-Policy of a page is what the compiled Reflex app (React Router, prerendered)
needs and no more:
* scripts from self, plus the page's own inline scripts by SHA-256 hash. The prerendered HTML
  carries about ten inline scripts (colour-mode, scroll restoration, the router context, the
  module entry, React's streaming helpers) that differ per page, so the hashes are taken from the
  HTML being served (after gunzipping a precompressed file). An injected script has no hash.
* 'unsafe-eval': Reflex runs `rx.call_script(...)` payloads sent by the server with `eval`
  (reflex_base/.templates/web/utils/state.js, applyEvent); onboarding reads the browser's time zone
  that way. Without it those events fail with a CSP violation.
* styles from self and 'unsafe-inline': Emotion (Reflex's `style=` props) inserts <style>
  elements at run time and the prerendered HTML has style attributes; neither can carry a hash.
* the event websocket and HTTP calls to self (and to the configured API origin), media from self
  and blob: (recordings played back before upload), images from self, data: and blob:.
* frame-ancestors 'none' (and X-Frame-Options: DENY for old browsers): no site can frame the app.

Dev mode (`reflex run` without `--env prod`) serves pages from Vite on another port, outside this
middleware: the headers apply to the production server.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import logging
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

INLINE_SCRIPT = re.compile(rb"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)

PERMISSIONS_POLICY = "microphone=(self), camera=(), geolocation=(), payment=(), usb=()"
REFERRER_POLICY = "strict-origin-when-cross-origin"
# Anything that is not a page (JSON, scripts, audio...): nothing may run or be framed.
NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def script_hashes(html: bytes) -> list[str]:
    """CSP sources for every inline <script> of a document, in order, without duplicates."""
    seen: dict[str, None] = {}
    for body in INLINE_SCRIPT.findall(html):
        if body.strip():
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
            seen[f"'sha256-{digest}'"] = None
    return list(seen)


def websocket_origin(origin: str) -> str:
    parts = urlsplit(origin)
    scheme = {"https": "wss", "http": "ws"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


def page_csp(script_sources: Iterable[str], connect_origins: Iterable[str]) -> str:
    connect = " ".join(dict.fromkeys(connect_origins))
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self' 'unsafe-eval'", *script_sources]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' blob:",
            f"connect-src 'self' {connect}".rstrip(),
            "worker-src 'self' blob:",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _decoded(body: bytes, encoding: str) -> bytes | None:
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return None


class SecurityHeaders:
    """ASGI middleware. `api_origin` is the URL the compiled frontend calls (Reflex's api_url)."""

    def __init__(self, app: ASGIApp, api_origin: str = "", hsts_seconds: int = 0, trusted_proxy_hops: int = 0) -> None:
        self.app = app
        self.api_origins = [api_origin.rstrip("/"), websocket_origin(api_origin)] if api_origin else []
        self.hsts_seconds = hsts_seconds
        self.trusted_proxy_hops = trusted_proxy_hops

    def _https(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        if scope.get("scheme") == "https":
            return True
        if self.trusted_proxy_hops > 0:
            proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").split(",")[-1].strip()
            return proto == "https"
        return False

    def _connect_origins(self, scope: Scope, headers: dict[bytes, bytes], https: bool) -> list[str]:
        host = headers.get(b"host", b"").decode("latin-1")
        own = [f"{'wss' if https else 'ws'}://{host}"] if host and re.fullmatch(r"[A-Za-z0-9.\-:\[\]]+", host) else []
        return own + self.api_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope.get("headers") or [])
        https = self._https(scope, request_headers)
        start: Message | None = None
        chunks: list[bytes] = []

        def common(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
            present = {name.lower() for name, _ in headers}
            wanted = [
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", REFERRER_POLICY.encode()),
                (b"permissions-policy", PERMISSIONS_POLICY.encode()),
                (b"x-frame-options", b"DENY"),
                (b"cross-origin-opener-policy", b"same-origin"),
            ]
            if https and self.hsts_seconds > 0:
                wanted.append((b"strict-transport-security", f"max-age={self.hsts_seconds}".encode()))
            return headers + [(name, value) for name, value in wanted if name not in present]

        def with_csp(headers: list[tuple[bytes, bytes]], csp: str) -> list[tuple[bytes, bytes]]:
            if any(name.lower() == b"content-security-policy" for name, _ in headers):
                return headers
            return headers + [(b"content-security-policy", csp.encode())]

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                values = {name.lower(): value for name, value in headers}
                content_type = values.get(b"content-type", b"").split(b";")[0].strip().lower()
                if message["status"] == 304:
                    # Keep the cached page's CSP: a 304's headers replace the stored ones.
                    await send({**message, "headers": common(headers)})
                elif content_type == b"text/html":
                    start = {**message, "headers": common(headers)}  # sent once the body is known
                else:
                    await send({**message, "headers": with_csp(common(headers), NON_DOCUMENT_CSP)})
                return
            if start is not None and message["type"] == "http.response.pathsend":
                # Granian's zero-copy file send (Starlette's FileResponse uses it when offered):
                # the page is on disk, so hash it from there and let the server send the file.
                body = await asyncio.to_thread(Path(message["path"]).read_bytes)
                await send({**start, "headers": with_csp(start["headers"], self._document_csp(start, body, scope))})
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            await send({**start, "headers": with_csp(start["headers"], self._document_csp(start, body, scope))})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, send_with_headers)

    def _document_csp(self, start: Message, body: bytes, scope: Scope) -> str:
        headers = {name.lower(): value for name, value in start["headers"]}
        encoding = headers.get(b"content-encoding", b"").decode("latin-1").strip().lower()
        try:
            html = _decoded(body, encoding)
        except (OSError, zlib.error, EOFError):
            html = None
        if html is None:
            # Fail closed: the page's inline scripts will be refused, which shows at once.
            log.error("cannot read a %r-encoded page to hash its scripts: %s", encoding, scope.get("path"))
            html = b""
        request_headers = dict(scope.get("headers") or [])
        https = self._https(scope, request_headers)
        return page_csp(script_hashes(html), self._connect_origins(scope, request_headers, https))


def with_security_headers(app: ASGIApp) -> ASGIApp:
    from worldspeak.settings import get_settings

    settings = get_settings()
    return SecurityHeaders(app, settings.app_url, settings.hsts_seconds, settings.trusted_proxy_hops)
