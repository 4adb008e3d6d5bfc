"""Maintenance and backups for local mode: advisory-locked job runs, pg_dump / pg_restore, table fingerprints."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.domain.errors import DataError
from worldspeak.localstack.cluster import SUPERUSER, LocalCluster
from worldspeak.ports.operations import MaintenanceSession

# Every table that holds data, partitions included (their parents hold none themselves).
# Materialized views are derived: pg_restore recomputes them from the restored tables.
DATA_TABLES = """
select format('%I.%I', n.nspname, c.relname) as name
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'r'
  and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%'
order by 1
"""


Row = dict[str, Any]
Connection = psycopg.Connection[Row]


def _one(cursor: psycopg.Cursor[Row]) -> Row:
    row = cursor.fetchone()
    if row is None:  # every query passed here returns exactly one row
        raise DataError("database_error", "expected one row")
    return row


class LocalMaintenanceSession:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def refresh_statistics(self) -> None:
        self._conn.execute("select private.refresh_admin_statistics()")

    def ensure_message_partition(self, month: date) -> str:
        return str(_one(self._conn.execute("select private.ensure_message_partition(%s) as name", (month,)))["name"])

    def prune_job_runs(self, before: datetime) -> int:
        return self._conn.execute("delete from private.scheduled_job_runs where started_at < %s", (before,)).rowcount

    def purge_rate_limit_counters(self) -> int:
        return int(_one(self._conn.execute("select private.purge_rate_limit_counters() as purged"))["purged"])


class LocalMaintenance:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def run_exclusively(
        self,
        job: str,
        started_at: datetime,
        not_since: datetime,
        worker: str,
        work: Callable[[MaintenanceSession], None],
    ) -> str:
        # One transaction holds the job's advisory lock from the due check to the recorded outcome,
        # so two workers can never both decide a run is due.
        with self._db.as_service() as conn:
            locked = _one(
                conn.execute(
                    "select pg_try_advisory_xact_lock(hashtextextended(%s, 0)) as locked", (f"worldspeak-job:{job}",)
                )
            )
            if not locked["locked"]:
                return "busy"
            last = _one(
                conn.execute("select max(started_at) as at from private.scheduled_job_runs where job = %s", (job,))
            )["at"]
            if last is not None and last > not_since:
                return "not_due"
            run_id = _one(
                conn.execute(
                    "insert into private.scheduled_job_runs (job, started_at, outcome, worker)"
                    " values (%s, %s, 'running', %s) returning id",
                    (job, started_at, worker),
                )
            )["id"]
            began = datetime.now(started_at.tzinfo)
            outcome, error = "succeeded", None
            try:
                with conn.transaction():  # a savepoint: a failing job undoes only its own work
                    work(LocalMaintenanceSession(conn))
            except Exception as failure:  # noqa: BLE001 - any failure is recorded, and the next job still runs
                outcome, error = "failed", f"{type(failure).__name__}: {failure}"[:2000]
            conn.execute(
                "update private.scheduled_job_runs set outcome = %s, error = %s, finished_at = %s where id = %s",
                (outcome, error, started_at + (datetime.now(started_at.tzinfo) - began), run_id),
            )
            return outcome

    def job_runs(self, job: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        with self._db.as_service() as conn:
            return conn.execute(
                "select job, started_at, finished_at, outcome, error, worker from private.scheduled_job_runs"
                " where %s::text is null or job = %s order by started_at desc, id desc limit %s",
                (job, job, limit),
            ).fetchall()


def fingerprints(conn: Connection) -> dict[str, dict[str, Any]]:
    """Row count and an order-independent checksum (sum of per-row md5 prefixes) per table."""
    conn.execute("set local timezone = 'UTC'")
    result: dict[str, dict[str, Any]] = {}
    for row in conn.execute(DATA_TABLES).fetchall():
        table = row["name"]
        figures = _one(
            conn.execute(
                sql.SQL(
                    "select count(*) as rows,"
                    " coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text as checksum"
                    " from {} t"
                ).format(sql.SQL(table))
            )
        )
        result[table] = {"rows": figures["rows"], "checksum": figures["checksum"]}
    return result


class LocalDatabaseArchive:
    """One database of the local cluster, as the superuser (a backup must see every schema)."""

    dump_format = "pg_dump-custom"

    def __init__(self, cluster: LocalCluster, dbname: str) -> None:
        self._cluster = cluster
        self._dbname = dbname

    def _connect(self, dbname: str | None = None) -> Connection:
        return psycopg.connect(self._cluster.url(dbname=dbname or self._dbname), row_factory=dict_row)

    def _tool_env(self) -> dict[str, str]:
        # The password goes in the environment, never on a command line others can read.
        return {**os.environ, "PGPASSWORD": self._cluster.superuser_password()}

    def _tool(self, name: str, *args: str) -> None:
        settings = self._cluster.settings
        command = [
            str(settings.pg_bin_dir / name),
            "--host", settings.db_host, "--port", str(settings.db_port), "--username", SUPERUSER,
            *args,
        ]  # fmt: skip
        result = subprocess.run(command, env=self._tool_env(), capture_output=True, text=True)
        if result.returncode != 0:
            detail = " / ".join((result.stderr or result.stdout).strip().splitlines()[-5:])
            raise DataError("backup_failed", f"{name} failed: {detail}")

    def dump(self, path: Path) -> dict[str, dict[str, Any]]:
        with self._connect() as conn:
            conn.execute("begin isolation level repeatable read read only")
            snapshot = _one(conn.execute("select pg_export_snapshot() as id"))["id"]
            figures = fingerprints(conn)
            # pg_dump reads the very snapshot the fingerprints were taken in, while it stays open.
            self._tool("pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(path), self._dbname)
            conn.rollback()
        return figures

    def _exists(self) -> bool:
        with self._connect("postgres") as conn:
            return conn.execute("select 1 from pg_database where datname = %s", (self._dbname,)).fetchone() is not None

    def is_empty(self) -> bool:
        if not self._exists():
            return True
        with self._connect() as conn:
            row = _one(
                conn.execute(
                    "select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    " where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')"
                )
            )
        return row["n"] == 0

    def restore(self, path: Path) -> None:
        if self._dbname in ("postgres", "template0", "template1"):
            raise DataError("backup_failed", f"will not restore over the {self._dbname} database")
        with psycopg.connect(self._cluster.url(dbname="postgres"), autocommit=True) as conn:
            conn.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
                (self._dbname,),
            )
            conn.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(self._dbname)))
            conn.execute(sql.SQL("create database {} template template0").format(sql.Identifier(self._dbname)))
        self._tool("pg_restore", "--exit-on-error", "--single-transaction", "--dbname", self._dbname, str(path))

    def table_fingerprints(self) -> dict[str, dict[str, Any]]:
        with self._connect() as conn:
            return fingerprints(conn)
