"""What scheduled maintenance and backups need from the database. Adapters implement it per mode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol


class MaintenanceSession(Protocol):
    """The maintenance a job may do, inside the run that holds the job's lock."""

    def refresh_statistics(self) -> None: ...

    def ensure_message_partition(self, month: date) -> str: ...

    def prune_job_runs(self, before: datetime) -> int: ...

    def purge_rate_limit_counters(self) -> int: ...


class Maintenance(Protocol):
    def run_exclusively(
        self,
        job: str,
        started_at: datetime,
        not_since: datetime,
        worker: str,
        work: Callable[[MaintenanceSession], None],
    ) -> str:
        """Run `work` unless another worker holds the job's lock or it already started after `not_since`.

        Returns "succeeded", "failed" (the run is recorded with its error), "busy" or "not_due".
        """
        ...

    def job_runs(self, job: str | None = None, limit: int = 50) -> list[dict[str, Any]]: ...


class DatabaseArchive(Protocol):
    """A whole database, dumped and restored (local mode), or exported through the API (supabase mode)."""

    dump_format: str  # what `dump` writes, recorded in the manifest

    def dump(self, path: Path) -> dict[str, dict[str, Any]]:
        """Write a dump to `path`; returns the fingerprints of exactly what it holds (one snapshot)."""
        ...

    def restore(self, path: Path) -> None:
        """Into a fresh, empty database (dropping the existing one: the caller decided)."""
        ...

    def is_empty(self) -> bool: ...

    def table_fingerprints(self) -> dict[str, dict[str, Any]]:
        """{"schema.table": {"rows": n, "checksum": "..."}} for every table holding data."""
        ...
