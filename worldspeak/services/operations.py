"""Operations: the scheduled maintenance jobs, and backup / restore with a verified manifest.

No Reflex, no SQL: the database side is behind `ports.operations` (Maintenance, DatabaseArchive).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from worldspeak.domain.errors import DataError
from worldspeak.ports.operations import DatabaseArchive, Maintenance, MaintenanceSession

log = logging.getLogger(__name__)

PARTITION_MONTHS_AHEAD = 3
JOB_RUN_RETENTION = timedelta(days=30)
# A run that started this close to its due time counts as on time (ticks are never exact).
DUE_TOLERANCE = timedelta(seconds=5)

MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
STORAGE_PREFIX = "storage"
MANIFEST_FORMAT = 1


# -- scheduled jobs ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    work: Callable[[MaintenanceSession, datetime], None]


def months_to_cover(now: datetime, ahead: int = PARTITION_MONTHS_AHEAD) -> list[date]:
    """The first day of last month, this month and the `ahead` months after it (UTC)."""
    current = now.astimezone(UTC)
    index = current.year * 12 + current.month - 1
    return [date((index + step) // 12, (index + step) % 12 + 1, 1) for step in range(-1, ahead + 1)]


def create_partitions_ahead(session: MaintenanceSession, now: datetime) -> None:
    for month in months_to_cover(now):
        session.ensure_message_partition(month)


def refresh_statistics(session: MaintenanceSession, now: datetime) -> None:
    session.refresh_statistics()


def prune_job_runs(session: MaintenanceSession, now: datetime) -> None:
    session.prune_job_runs(now - JOB_RUN_RETENTION)


def purge_rate_limit_counters(session: MaintenanceSession, now: datetime) -> None:
    session.purge_rate_limit_counters()


def default_jobs(statistics_every: timedelta = timedelta(minutes=10)) -> tuple[Job, ...]:
    """What local mode schedules (hosted Supabase runs the statistics, partitions and purge with pg_cron)."""
    return (
        Job("refresh_statistics", statistics_every, refresh_statistics),
        Job("message_partitions", timedelta(days=1), create_partitions_ahead),
        Job("prune_job_runs", timedelta(days=1), prune_job_runs),
        Job("purge_rate_limit_counters", timedelta(minutes=10), purge_rate_limit_counters),
    )


def run_due_jobs(maintenance: Maintenance, jobs: Iterable[Job], now: datetime, worker: str) -> dict[str, str]:
    """Run each job that is due, once across every worker. A failure never stops the jobs after it."""
    outcomes: dict[str, str] = {}
    for job in jobs:
        try:
            outcomes[job.name] = maintenance.run_exclusively(
                job.name, now, now - job.every + DUE_TOLERANCE, worker, partial(_call, job.work, now)
            )
        except Exception:  # the database itself failed (e.g. unavailable): log it, try the next job
            log.exception("scheduled job %s could not run", job.name)
            outcomes[job.name] = "error"
        if outcomes[job.name] == "failed":
            log.error("scheduled job %s failed (recorded in private.scheduled_job_runs)", job.name)
    return outcomes


def _call(work: Callable[[MaintenanceSession, datetime], None], now: datetime, session: MaintenanceSession) -> None:
    work(session, now)


# -- backup and restore -------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupReport:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int
    mismatches: tuple[str, ...] = field(default_factory=tuple)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def storage_files(storage_dir: Path) -> dict[str, Path]:
    """Every file under the storage folder, by its POSIX path relative to it."""
    if not storage_dir.is_dir():
        return {}
    return {
        path.relative_to(storage_dir).as_posix(): path
        for path in sorted(storage_dir.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def backup(archive: DatabaseArchive, storage_dir: Path, destination: Path, source: str = "") -> BackupReport:
    """One tar archive: the custom-format dump, the storage files, and a manifest of checksums."""
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        dump_path = Path(work) / DUMP_NAME
        tables = archive.dump(dump_path)
        files = storage_files(storage_dir)
        manifest: dict[str, Any] = {
            "format": MANIFEST_FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "source": source,
            "dump": {
                "name": DUMP_NAME,
                "format": archive.dump_format,
                "sha256": _sha256(dump_path),
                "bytes": dump_path.stat().st_size,
            },
            "tables": tables,
            "files": {name: {"sha256": _sha256(path), "bytes": path.stat().st_size} for name, path in files.items()},
        }
        manifest_path = Path(work) / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        partial_path = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial_path, "w") as tar:
            tar.add(manifest_path, arcname=MANIFEST_NAME)
            tar.add(dump_path, arcname=DUMP_NAME)
            for name, path in files.items():
                tar.add(path, arcname=f"{STORAGE_PREFIX}/{name}")
        partial_path.replace(destination)  # a crash never leaves a half-written archive under the real name
    return BackupReport(
        destination,
        tables=len(tables),
        rows=sum(int(figures["rows"]) for figures in tables.values()),
        files=len(files),
        bytes=destination.stat().st_size,
    )


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile(MANIFEST_NAME)
            if member is None:
                raise KeyError(MANIFEST_NAME)
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise DataError("backup_invalid", f"{path} is not a WorldSpeak backup: {error}") from error
    if manifest.get("format") != MANIFEST_FORMAT:
        raise DataError("backup_invalid", f"unknown backup format {manifest.get('format')!r}")
    return manifest


def restore(archive: DatabaseArchive, storage_dir: Path, source: Path, force: bool = False) -> RestoreReport:
    """Restore into an empty database (or any, with `force`), then prove it equals the manifest."""
    manifest = read_manifest(source)
    if not force and (not archive.is_empty() or storage_files(storage_dir)):
        raise DataError("database_not_empty", "the database (or storage folder) already holds data; use --force")
    with tempfile.TemporaryDirectory(prefix="worldspeak-restore-") as work:
        unpacked = Path(work)
        with tarfile.open(source, "r") as tar:
            for member in tar.getmembers():
                if not member.isfile() or not _safe_member(member.name):
                    raise DataError("backup_invalid", f"unexpected entry {member.name!r} in the archive")
            tar.extractall(unpacked, filter="data")
        # Everything is checked before anything is replaced.
        problems = []
        dump_path = unpacked / DUMP_NAME
        if not dump_path.is_file() or _sha256(dump_path) != manifest["dump"]["sha256"]:
            problems.append(f"{DUMP_NAME}: checksum differs from the manifest")
        for name, expected in manifest["files"].items():
            path = unpacked / STORAGE_PREFIX / name
            if not path.is_file() or _sha256(path) != expected["sha256"]:
                problems.append(f"{STORAGE_PREFIX}/{name}: checksum differs from the manifest")
        if problems:
            raise DataError("backup_invalid", "; ".join(problems))

        archive.restore(dump_path)
        if storage_dir.exists():
            shutil.rmtree(storage_dir)
        storage_dir.mkdir(parents=True, exist_ok=True)
        unpacked_storage = unpacked / STORAGE_PREFIX
        if unpacked_storage.is_dir():
            shutil.copytree(unpacked_storage, storage_dir, dirs_exist_ok=True)

    mismatches = list(compare_tables(manifest["tables"], archive.table_fingerprints()))
    restored = storage_files(storage_dir)
    for name, expected in manifest["files"].items():
        if name not in restored or _sha256(restored[name]) != expected["sha256"]:
            mismatches.append(f"file {name}: differs after restore")
    report = RestoreReport(
        tables=len(manifest["tables"]),
        rows=sum(int(figures["rows"]) for figures in manifest["tables"].values()),
        files=len(manifest["files"]),
        mismatches=tuple(mismatches),
    )
    if mismatches:
        raise DataError("backup_mismatch", "; ".join(mismatches[:20]))
    return report


def compare_tables(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> Iterable[str]:
    for table, figures in expected.items():
        found = actual.get(table)
        if found is None:
            yield f"table {table}: missing after restore"
        elif int(found["rows"]) != int(figures["rows"]) or str(found["checksum"]) != str(figures["checksum"]):
            yield f"table {table}: {found['rows']} rows / {found['checksum']} instead of {figures['rows']} / {figures['checksum']}"
    for table in actual.keys() - expected.keys():
        yield f"table {table}: not in the backup"
