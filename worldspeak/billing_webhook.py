"""`POST /api/stripe/webhook`: Stripe's (or the local twin's) events, verified, applied once, in order.

* 429 with Retry-After past the per-IP limit (Stripe retries later);
* 413 for a body over 1 MB (read no further);
* 400 when `stripe.Webhook.construct_event` rejects the raw body: a missing, forged, wrong-secret
  or stale (> 300 s) signature, or a body that is no event. Nothing is recorded;
* 500 when applying fails: the event id and its effect roll back together, so Stripe's retry
  finds nothing half done;
* 200 otherwise, a replay included (it changes nothing).

After an applied event the learner's open tabs get the new plan and limit (`plan_status.push`).
"""

from __future__ import annotations

import asyncio
import json
import logging

import stripe
from starlette.requests import Request
from starlette.responses import JSONResponse

from worldspeak import providers
from worldspeak.domain.billing import MAX_WEBHOOK_BYTES
from worldspeak.domain.rate_limits import API_WEBHOOK_PER_IP
from worldspeak.services import billing as billing_service
from worldspeak.web_guards import limit_per_ip

log = logging.getLogger(__name__)


async def _body_within_limit(request: Request) -> bytes | None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_WEBHOOK_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_WEBHOOK_BYTES:
            return None
    return bytes(body)


@limit_per_ip(API_WEBHOOK_PER_IP)
async def stripe_webhook(request: Request) -> JSONResponse:
    body = await _body_within_limit(request)
    if body is None:
        return JSONResponse({"error": "payload_too_large"}, status_code=413)
    secret = providers.stripe_webhook_secret()
    if not secret:
        # Stripe keeps retrying a 5xx for 3 days: nothing is lost while the secret gets set.
        log.error("STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: cannot verify Stripe events")
        return JSONResponse({"error": "webhook_not_configured"}, status_code=500)
    try:
        stripe.Webhook.construct_event(body, request.headers.get("stripe-signature"), secret)
        event = json.loads(body)
    except stripe.SignatureVerificationError:
        return JSONResponse({"error": "invalid_signature"}, status_code=400)
    except (ValueError, UnicodeDecodeError):
        return JSONResponse({"error": "invalid_payload"}, status_code=400)
    if not isinstance(event, dict) or not str(event.get("id", "")).startswith("evt_"):
        return JSONResponse({"error": "invalid_payload"}, status_code=400)
    try:
        outcome = await asyncio.to_thread(
            billing_service.apply_stripe_event, providers.billing_store(), providers.billing_prices(), event
        )
    except Exception:
        log.exception("Stripe event %s (%s) failed; rolled back for a retry", event.get("id"), event.get("type"))
        return JSONResponse({"error": "processing_failed"}, status_code=500)
    if outcome.outcome == "applied" and outcome.user_id:
        # Not awaited: Stripe gets its answer whatever the tabs do, and a tab whose own event
        # delivered this (the local checkout) is never waited for while it holds its state.
        task = asyncio.create_task(_push(outcome.user_id))
        _pushes.add(task)
        task.add_done_callback(_pushes.discard)
    return JSONResponse({"received": True, "outcome": outcome.outcome})


_pushes: set[asyncio.Task[None]] = set()


async def _push(user_id: str) -> None:
    """Best effort: the event is committed whatever happens to the tabs."""
    try:
        from worldspeak.components.plan_status import push_to_open_tabs

        await push_to_open_tabs(user_id)
    except Exception:
        log.exception("could not push the new plan to the open tabs of %s", user_id)
