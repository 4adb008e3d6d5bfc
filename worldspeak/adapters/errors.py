"""How both data adapters turn database refusals into the port's errors.

The SQLSTATEs are the ones our migrations raise on purpose (or PostgreSQL raises for a broken
rule); PostgREST passes them through as its error `code`, so local and Supabase mode agree.
"""

from __future__ import annotations

import logging

from worldspeak.domain.errors import DataError

log = logging.getLogger("worldspeak.adapters")

KNOWN_SQLSTATES: dict[str, str] = {
    "WSLIM": "monthly_limit_reached",
    "WSPER": "subscription_inactive",
    "22023": "invalid_value",
    "23514": "invalid_value",
    "23505": "already_exists",
    "42501": "not_allowed",
    "P0002": "not_found",
}


def data_error(sqlstate: str | None, message: str, context: str) -> DataError:
    """The port's error for a refusal; an unexpected one is logged with where it happened."""
    code = KNOWN_SQLSTATES.get(sqlstate or "", "database_error")
    if code == "database_error":
        log.error("%s: unexpected database error %s: %s", context, sqlstate, message)
    else:
        log.info("%s: refused (%s): %s", context, code, message)
    return DataError(code, message)
