"""`/admin/health`: database size per table, slowest statements, partition coverage, the jobs' last runs."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from worldspeak.components.admin import admin_session, console, lose_admin_display
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.providers import admin_gateway
from worldspeak.services import admin as admin_service
from worldspeak.session import SessionState

T = SessionState.t
MONTHS_AHEAD_WANTED = 3


def _size(value: Any) -> str:
    size = float(value or 0)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} GB"


def _when(value: Any) -> str:
    return str(value or "").replace("T", " ")[:19]


class AdminHealthState(rx.State):
    forbidden: bool = False
    loaded: bool = False
    error: str = ""
    database_size: str = ""
    tables: list[dict[str, str]] = []
    statements_available: bool = False
    statements: list[dict[str, str]] = []
    months_ahead: int = 0
    last_partition: str = ""
    jobs: list[dict[str, str]] = []

    @rx.event
    async def open(self):
        redirect, session = await admin_session(self)
        if redirect is not None:
            return redirect
        if session is None:
            self.reset()
            self.forbidden = True
            return None
        try:
            health = await asyncio.to_thread(admin_service.health, admin_gateway().for_admin(session.access_token))
        except (DataError, AuthError) as error:
            if error.code == "not_allowed":
                self.reset()
                self.forbidden = True
                await lose_admin_display(self)
            else:
                self.error = f"err_{error.code}"
            return None
        self._show(health)
        self.forbidden, self.error, self.loaded = False, "", True
        return None

    def _show(self, health: dict[str, Any]) -> None:
        self.database_size = _size(health.get("database_bytes"))
        self.tables = [
            {"name": t["name"], "size": _size(t["total_bytes"]), "rows": f"{max(int(t['estimated_rows']), 0):,}"}
            for t in health.get("tables") or []
        ]
        statements = health.get("slow_statements")
        self.statements_available = statements is not None
        self.statements = [
            {"query": s["query"], "calls": f"{int(s['calls']):,}", "mean_ms": str(s["mean_ms"])}
            for s in statements or []
        ]
        self.months_ahead = int(health.get("months_ahead") or 0)
        self.last_partition = str(health.get("last_partition_month") or "")[:7]
        self.jobs = [
            {
                "job": job["job"],
                "started": _when(job.get("started_at")),
                "finished": _when(job.get("finished_at")),
                "outcome": job["outcome"],
                "error": str(job.get("error") or ""),
            }
            for job in health.get("jobs") or []
        ]


def simple_table(headers: list[str], rows: rx.Var, cells, table_id: str) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(T[h]) for h in headers])),
            rx.table.body(rx.foreach(rows, cells)),
            size="1",
            id=table_id,
        ),
        overflow_x="auto",
        width="100%",
    )


def job_row(job: rx.Var) -> rx.Component:
    failed = job["outcome"] == "failed"
    return rx.table.row(
        rx.table.cell(rx.code(job["job"])),
        rx.table.cell(job["started"]),
        rx.table.cell(job["finished"]),
        rx.table.cell(rx.badge(T["outcome_" + job["outcome"].to(str)], color_scheme=rx.cond(failed, "red", "green"))),
        rx.table.cell(rx.text(job["error"], color_scheme="red", size="1")),
        background=rx.cond(failed, "var(--red-a3)", "transparent"),
        class_name=rx.cond(failed, "job-failed", "job-ok"),
    )


@rx.page(route="/admin/health", title="Health · Admin · WorldSpeak", on_load=AdminHealthState.open)
@app_page(max_width="1100px")
def admin_health() -> rx.Component:
    return console(
        AdminHealthState.forbidden,
        AdminHealthState.loaded,
        rx.heading(T["health_title"], size="7"),
        rx.cond(AdminHealthState.error != "", rx.callout(T[AdminHealthState.error], color_scheme="red")),
        rx.heading(T["health_partitions"], size="5"),
        rx.cond(
            AdminHealthState.months_ahead < MONTHS_AHEAD_WANTED,
            rx.callout(T["health_partitions_low"], color_scheme="red", icon="triangle-alert"),
        ),
        rx.text(
            T["health_months_ahead"]
            .to(str)
            .replace("{n}", AdminHealthState.months_ahead.to_string())
            .replace("{month}", AdminHealthState.last_partition),
            id="health-months-ahead",
        ),  # fmt: skip
        rx.heading(T["health_jobs"], size="5"),
        rx.cond(
            AdminHealthState.jobs.length() > 0,
            simple_table(
                ["col_job", "col_started", "col_ended", "col_outcome", "col_error"],
                AdminHealthState.jobs,
                job_row,
                "health-jobs",
            ),
            rx.text(T["health_no_runs"], color_scheme="gray"),
        ),  # fmt: skip
        rx.heading(T["health_tables"], size="5"),
        rx.text(T["health_database_size"].to(str).replace("{size}", AdminHealthState.database_size)),
        simple_table(
            ["col_table", "col_size", "col_rows"],
            AdminHealthState.tables,
            lambda t: rx.table.row(
                rx.table.cell(rx.code(t["name"])), rx.table.cell(t["size"]), rx.table.cell(t["rows"])
            ),
            "health-tables",
        ),
        rx.heading(T["health_slow"], size="5"),
        rx.cond(
            AdminHealthState.statements_available,
            simple_table(
                ["col_query", "col_calls", "col_mean_ms"],
                AdminHealthState.statements,
                lambda s: rx.table.row(
                    rx.table.cell(rx.code(s["query"], white_space="pre-wrap", word_break="break-all")),
                    rx.table.cell(s["calls"]),
                    rx.table.cell(s["mean_ms"]),
                ),
                "health-statements",
            ),
            rx.text(T["health_slow_unavailable"], color_scheme="gray"),
        ),
        active="health",
    )
