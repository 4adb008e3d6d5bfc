"""The in-app scheduler for local mode: runs the maintenance jobs (services.operations.default_jobs).

Every app worker runs this loop; a PostgreSQL advisory lock per job and the recorded last run make
each run happen once across them (ports.operations.Maintenance.run_exclusively). Hosted Supabase runs
the same maintenance with pg_cron instead, so there the loop does not start.

Started from the app's lifespan (`app.register_lifespan_task(scheduler.run_scheduler)`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from worldspeak.services import operations

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_once(now: datetime | None = None) -> dict[str, str]:
    """One pass over the jobs, with the configured adapters (for tests and `python -m worldspeak`)."""
    from worldspeak.providers import maintenance
    from worldspeak.settings import get_settings

    jobs = operations.default_jobs(timedelta(minutes=get_settings().statistics_refresh_minutes))
    return operations.run_due_jobs(maintenance(), jobs, now or datetime.now(UTC), worker_name())


async def run_scheduler(tick_seconds: float = TICK_SECONDS, clock: Callable[[], datetime] | None = None) -> None:
    """Forever: run what is due, then sleep one tick. Cancelled when the app stops."""
    from worldspeak.settings import get_settings

    settings = get_settings()
    if settings.mode != "local" or not settings.scheduler_enabled:
        log.info("app scheduler off (%s mode)", settings.mode)
        return
    log.info("app scheduler started (worker %s)", worker_name())
    while True:
        try:
            await asyncio.to_thread(run_once, clock() if clock else None)
        except Exception:  # never let one bad pass end the loop
            log.exception("scheduler pass failed")
        await asyncio.sleep(tick_seconds)
