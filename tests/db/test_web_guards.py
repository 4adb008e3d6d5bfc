"""The HTTP side of hardening, through the app's real ASGI stack (`with_api_routes`):
security headers on pages, API and file responses; 429 with Retry-After from the shared limiter;
user files that can never render as a page.

The Reflex app is stood in for by a small ASGI app serving a prerendered-style page (inline
scripts, optionally gzip-precompressed as Reflex serves it) and a file.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import uuid

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from worldspeak.adapters.postgres_rate_limit import PostgresRateLimiter
from worldspeak.api import with_api_routes
from worldspeak.domain.rate_limits import API_HEALTH_PER_IP, RateLimit
from worldspeak.security_headers import SecurityHeaders, script_hashes
from worldspeak.user_files import user_file_response
from worldspeak.web_guards import limit_per_ip, refuse_if_limited

SCRIPTS = ["window.__reactRouterContext = {};", 'import "/assets/root.js";']
PAGE = (
    "<!DOCTYPE html><html><head><script>" + SCRIPTS[0] + "</script>"
    '<script type="module" async="">' + SCRIPTS[1] + "</script>"
    '<script src="/assets/entry.js"></script></head><body>hi</body></html>'
).encode()
AUDIO = bytes(range(256)) * 40  # 10,240 bytes


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


async def page(request: Request) -> Response:
    if request.headers.get("if-none-match") == '"v1"':
        return Response(status_code=304, headers={"etag": '"v1"'})
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzip.compress(PAGE), media_type="text/html", headers={"content-encoding": "gzip"})
    return HTMLResponse(PAGE)


async def recording(request: Request) -> Response:
    return user_file_response(request, AUDIO, "audio/webm;codecs=opus", "turn 3 録音.webm")


async def disguised(request: Request) -> Response:
    return user_file_response(request, b"<script>alert(1)</script>", "text/html", "evil.html")


def reflex_stand_in() -> Starlette:
    return Starlette(
        routes=[
            Route("/signin", page),
            Route("/files/turn.webm", recording),
            Route("/files/evil", disguised),
            Route(
                "/files/on-disk",
                lambda request: user_file_response(request, request.app.state.path, "audio/mp4", "a.m4a"),
            ),
        ]
    )


@pytest.fixture
def client(test_db, tmp_path):
    inner = reflex_stand_in()
    path = tmp_path / "a.m4a"
    path.write_bytes(AUDIO)
    inner.state.path = path
    with TestClient(with_api_routes(inner)) as test_client:
        yield test_client


COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


def assert_common_headers(response) -> None:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name
    assert "microphone=(self)" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers  # plain HTTP


def directives(csp: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part}


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_page_gets_a_csp_allowing_exactly_its_own_inline_scripts(client, encoding):
    response = client.get("/signin", headers={"accept-encoding": encoding})
    assert response.status_code == 200 and response.content == PAGE
    assert_common_headers(response)
    policy = directives(response.headers["content-security-policy"])
    hashes = [source for source in policy["script-src"] if source.startswith("'sha256-")]
    assert hashes == [sha256_source(s) for s in SCRIPTS]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["media-src"] == ["'self'", "blob:"]
    assert "ws://testserver" in policy["connect-src"]


def test_a_304_keeps_the_cached_pages_policy(client):
    response = client.get("/signin", headers={"if-none-match": '"v1"'})
    assert response.status_code == 304
    assert "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_responses_get_the_headers_and_a_policy_that_allows_nothing(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert_common_headers(response)
    assert directives(response.headers["content-security-policy"])["default-src"] == ["'none'"]


def test_a_learners_audio_keeps_its_type_names_itself_and_cannot_run_script(client):
    response = client.get("/files/turn.webm")
    assert response.status_code == 200 and response.content == AUDIO
    assert response.headers["content-type"] == "audio/webm;codecs=opus"
    assert response.headers["content-disposition"] == (
        "inline; filename=\"turn_3___.webm\"; filename*=UTF-8''turn%203%20%E9%8C%B2%E9%9F%B3.webm"
    )
    assert_common_headers(response)
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["accept-ranges"] == "bytes"


def test_audio_answers_range_requests_as_safari_needs(client):
    part = client.get("/files/turn.webm", headers={"range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == AUDIO[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(AUDIO)}"
    tail = client.get("/files/turn.webm", headers={"range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == AUDIO[-10:]
    assert client.get("/files/turn.webm", headers={"range": "bytes=99999-"}).status_code == 416
    on_disk = client.get("/files/on-disk", headers={"range": "bytes=0-9"})
    assert on_disk.status_code == 206 and on_disk.content == AUDIO[:10]
    assert on_disk.headers["content-type"] == "audio/mp4"
    assert on_disk.headers["content-disposition"].startswith("inline;")


def test_a_file_claiming_to_be_html_is_served_as_an_attachment_of_bytes(client):
    response = client.get("/files/evil")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_hsts_only_over_https_or_from_a_trusted_proxy(test_db):
    async def ok(scope, receive, send):
        await JSONResponse({})(scope, receive, send)

    # (No lifespan: these stand-ins only speak HTTP.)
    secure = TestClient(SecurityHeaders(ok, hsts_seconds=600), base_url="https://app.example")
    assert secure.get("/").headers["strict-transport-security"] == "max-age=600"
    plain = TestClient(SecurityHeaders(ok, hsts_seconds=600))
    assert "strict-transport-security" not in plain.get("/", headers={"x-forwarded-proto": "https"}).headers
    proxied = TestClient(SecurityHeaders(ok, hsts_seconds=600, trusted_proxy_hops=1))
    assert proxied.get("/", headers={"x-forwarded-proto": "https"}).headers["strict-transport-security"]
    off = TestClient(SecurityHeaders(ok, hsts_seconds=0), base_url="https://app.example")
    assert "strict-transport-security" not in off.get("/").headers


def test_health_answers_429_with_retry_after_past_its_per_ip_limit(client, db):
    db.execute("delete from private.rate_limit_counters where bucket = %s", (API_HEALTH_PER_IP.name,))
    statuses = [client.get("/api/health").status_code for _ in range(API_HEALTH_PER_IP.limit)]
    assert statuses == [200] * API_HEALTH_PER_IP.limit
    refused = client.get("/api/health")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json() == {"error": "too_many_attempts", "retry_after_seconds": int(refused.headers["retry-after"])}
    assert refused.headers["x-content-type-options"] == "nosniff"
    db.execute("delete from private.rate_limit_counters where bucket = %s", (API_HEALTH_PER_IP.name,))


def _guarded_app(limiter, policy: RateLimit) -> Starlette:
    @limit_per_ip(policy, limiter=lambda: limiter)
    async def by_ip(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def by_learner(request: Request) -> Response:
        learner = request.headers["x-verified-learner"]  # what the route's own token check found
        if (refusal := await refuse_if_limited(policy, learner, limiter=lambda: limiter)) is not None:
            return refusal
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/by-ip", by_ip), Route("/by-learner", by_learner)])


@pytest.fixture
def limiter(cluster, test_db):
    store = PostgresRateLimiter(cluster.url(dbname=test_db, user="authenticator"))
    yield store
    store.close()


def test_the_route_guards_count_per_ip_and_per_learner(limiter):
    policy = RateLimit(f"test_route_{uuid.uuid4().hex[:8]}", limit=2, window_seconds=60)
    with TestClient(_guarded_app(limiter, policy)) as client:
        assert [client.get("/by-ip").status_code for _ in range(3)] == [200, 200, 429]
        aiko = {"x-verified-learner": "aiko"}
        assert [client.get("/by-learner", headers=aiko).status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/by-learner", headers={"x-verified-learner": "ben"}).status_code == 200


def test_x_forwarded_for_counts_only_when_a_proxy_is_trusted(limiter, monkeypatch):
    import dataclasses

    from worldspeak import settings as settings_module

    policy = RateLimit(f"test_xff_{uuid.uuid4().hex[:8]}", limit=1, window_seconds=60)
    with TestClient(_guarded_app(limiter, policy)) as client:
        assert client.get("/by-ip", headers={"x-forwarded-for": "203.0.113.1"}).status_code == 200
        # A forged header does not buy a fresh counter: the socket's address is what counts.
        assert client.get("/by-ip", headers={"x-forwarded-for": "203.0.113.2"}).status_code == 429

        behind_proxy = dataclasses.replace(settings_module.get_settings(), trusted_proxy_hops=1)
        monkeypatch.setattr(settings_module, "get_settings", lambda: behind_proxy)
        assert client.get("/by-ip", headers={"x-forwarded-for": "6.6.6.6, 203.0.113.3"}).status_code == 200
        assert client.get("/by-ip", headers={"x-forwarded-for": "7.7.7.7, 203.0.113.3"}).status_code == 429
        assert client.get("/by-ip", headers={"x-forwarded-for": "203.0.113.4"}).status_code == 200


def test_script_hashes_skip_external_and_empty_scripts():
    html = b'<script src="/a.js"></script><SCRIPT>x=1</SCRIPT><script> </script><script>x=1</script>'
    assert script_hashes(html) == [sha256_source("x=1")]


def test_a_page_streamed_in_chunks_is_hashed_whole():
    body = PAGE

    async def chunked(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        for start in range(0, len(body), 7):
            await send({"type": "http.response.body", "body": body[start : start + 7], "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    response = TestClient(SecurityHeaders(chunked)).get("/")
    assert response.content == body
    assert re.findall(r"'sha256-[^']+'", response.headers["content-security-policy"]) == [
        sha256_source(s) for s in SCRIPTS
    ]
