"""The admin console's HTTP route: `GET /api/admin/learners.csv` (streamed CSV of the filtered learners).

`Authorization: Bearer <access token>`: the token is verified here and must say admin; the database
checks again (private.require_admin, the account's current role) before the first row, so a learner
or a revoked admin gets 403 and no rows.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from worldspeak.domain.errors import DataError
from worldspeak.services import admin as admin_service
from worldspeak.web_guards import error_response, verified_bearer

_error = error_response


async def learners_csv(request: Request) -> Response:
    from worldspeak.providers import admin_gateway

    bearer = await verified_bearer(request)
    if isinstance(bearer, JSONResponse):
        return bearer
    token, claims = bearer
    if (claims.get("app_metadata") or {}).get("role") != "admin":
        return _error("not_allowed", 403)
    params = request.query_params
    try:
        chunks = admin_service.learners_csv(
            admin_gateway().for_admin(token),
            search=params.get("search", ""),
            sort_by=params.get("sort", "last_active_at"),
            descending=params.get("desc", "1") != "0",
        )
        # The first chunk runs the query: a refusal is still a clean 403, not a broken stream.
        first = await asyncio.to_thread(next, chunks, "")
    except DataError as error:
        return _error(error.code, 403 if error.code == "not_allowed" else 400 if error.code == "invalid_value" else 503)

    def stream():
        yield first
        yield from chunks

    return StreamingResponse(
        stream(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="worldspeak-learners.csv"', "Cache-Control": "no-store"},
    )
