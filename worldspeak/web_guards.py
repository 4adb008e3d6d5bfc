"""Rate limits for the app's own HTTP routes (`/api/...`): one limiter, 429 with Retry-After.

Per client IP, as a decorator on a Starlette endpoint:

    from worldspeak.domain.rate_limits import API_WEBHOOK_PER_IP
    from worldspeak.web_guards import limit_per_ip

    @limit_per_ip(API_WEBHOOK_PER_IP)
    async def stripe_webhook(request: Request) -> Response: ...

Per learner, once the route has verified who is asking (never key on an unverified token: anyone
could then spend another learner's allowance):

    from worldspeak.domain.rate_limits import API_UPLOAD_PER_LEARNER
    from worldspeak.web_guards import refuse_if_limited

    async def upload_audio(request: Request) -> Response:
        claims = await asyncio.to_thread(auth_provider().verify, bearer_token)    # the route's own check
        if (refusal := await refuse_if_limited(API_UPLOAD_PER_LEARNER, claims["sub"])) is not None:
            return refusal
        ...

A refusal is `429 Too Many Requests` with `Retry-After: <seconds>` and the body
`{"error": "too_many_attempts", "retry_after_seconds": N}`. New policies go beside the others in
`worldspeak/domain/rate_limits.py`. The client IP is the socket's, or X-Forwarded-For's when
REFLEX_TRUSTED_PROXY_HOPS is set (the same rule Reflex applies to its events).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from worldspeak.domain.rate_limits import RateLimit
from worldspeak.ports.rate_limit import RateLimiter

Endpoint = Callable[[Request], Awaitable[Response]]


def _app_limiter() -> RateLimiter:
    from worldspeak.providers import rate_limiter

    return rate_limiter()


def client_ip(socket_host: str, forwarded_for: str, trusted_proxy_hops: int) -> str:
    """Who is asking. X-Forwarded-For counts only through `trusted_proxy_hops` proxies we run.

    Each trusted proxy appends the address it saw, so the client is the entry `hops` from the
    right; anything further left was written by the client and proves nothing.
    """
    if trusted_proxy_hops > 0:
        hops = [part.strip() for part in forwarded_for.split(",") if part.strip()]
        if len(hops) >= trusted_proxy_hops:
            return hops[-trusted_proxy_hops]
    return socket_host


def request_ip(request: Request) -> str:
    from worldspeak.settings import get_settings

    socket_host = request.client.host if request.client else ""
    return client_ip(socket_host, request.headers.get("x-forwarded-for", ""), get_settings().trusted_proxy_hops)


def too_many_requests(retry_after_seconds: int) -> JSONResponse:
    return JSONResponse(
        {"error": "too_many_attempts", "retry_after_seconds": retry_after_seconds},
        status_code=429,
        headers={"Retry-After": str(retry_after_seconds)},
    )


async def refuse_if_limited(
    policy: RateLimit, subject: str, limiter: Callable[[], RateLimiter] = _app_limiter
) -> Response | None:
    """Count one hit by `subject`; the 429 to return when it is over the limit, else None."""
    verdict = await asyncio.to_thread(limiter().hit, policy, subject)
    return None if verdict.allowed else too_many_requests(verdict.retry_after_seconds)


def limit_per_ip(
    policy: RateLimit, limiter: Callable[[], RateLimiter] = _app_limiter
) -> Callable[[Endpoint], Endpoint]:
    """Decorate an endpoint: each request counts against its client IP under `policy`."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            refusal = await refuse_if_limited(policy, request_ip(request), limiter)
            return refusal if refusal is not None else await endpoint(request)

        return guarded

    return decorate


def error_response(code: str, status: int) -> JSONResponse:
    """The API's error body: `{"error": <code>}`, the code the UI translates."""
    return JSONResponse({"error": code}, status_code=status)


async def verified_bearer(request: Request) -> tuple[str, dict] | JSONResponse:
    """(token, its claims) for the request's `Authorization: Bearer` token, verified by the auth
    provider off the event loop; or the 401/503 response to send instead."""
    from worldspeak.domain.errors import AuthError, DataError
    from worldspeak.providers import auth_provider

    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not token:
        return error_response("invalid_token", 401)
    try:
        return token, await asyncio.to_thread(auth_provider().verify, token)
    except AuthError as error:
        return error_response(error.code, 401)
    except DataError as error:
        return error_response(error.code, 503)
