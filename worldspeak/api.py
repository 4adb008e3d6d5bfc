"""HTTP routes beside the Reflex app (Starlette, mounted by api_transformer)."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.types import ASGIApp

from worldspeak.domain.rate_limits import API_HEALTH_PER_IP
from worldspeak.providers import data_gateway
from worldspeak.security_headers import with_security_headers
from worldspeak.settings import get_settings
from worldspeak.web_guards import limit_per_ip


@limit_per_ip(API_HEALTH_PER_IP)
async def health(_request: Request) -> JSONResponse:
    database = await asyncio.to_thread(lambda: data_gateway().service().database_status())
    body = {"status": "ok" if database == "ok" else "degraded", "mode": get_settings().mode, "database": database}
    return JSONResponse(body, status_code=200 if database == "ok" else 503)


def with_api_routes(reflex_app: ASGIApp) -> ASGIApp:
    """Built per call: a module-level Starlette app breaks a second harness in one process."""
    from worldspeak.admin_api import learners_csv
    from worldspeak.billing_webhook import stripe_webhook
    from worldspeak.practice_api import signed_audio, upload_recording

    app = Starlette(
        routes=[
            Route("/api/health", health, methods=["GET"]),
            Route("/api/admin/learners.csv", learners_csv, methods=["GET"]),
            Route("/api/stripe/webhook", stripe_webhook, methods=["POST"]),
            Route("/api/practice/{conversation_id}/recordings", upload_recording, methods=["POST"]),
            Route("/api/audio/{path:path}", signed_audio, methods=["GET", "HEAD"]),
            Mount("/", app=reflex_app),
        ]
    )
    # Outermost: every response (pages, /api, files, /_upload) gets the security headers.
    return with_security_headers(app)
