"""`/admin`: the usage dashboard: KPIs, charts, the learners table, top scripts, freshness and the audit log."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from worldspeak.components.admin import admin_session, console, kpi_card, lose_admin_display
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.languages import LANGUAGES
from worldspeak.providers import admin_gateway
from worldspeak.services import admin as admin_service
from worldspeak.services.admin import AUDIT_ACTIONS, AUDIT_TABLES, AuditFilter, Dashboard, LearnersPage
from worldspeak.session import SessionState

T = SessionState.t

# One stacked bar per language the app teaches (a fixed set, so the chart's bars are static).
CHART_LANGUAGES = tuple(LANGUAGES)
COLORS = ("#3e63dd", "#e5484d", "#30a46c", "#f76b15", "#8e4ec6", "#12a594", "#d6409f", "#ffc53d", "#978365")
LEARNER_COLUMNS = (
    ("email", "col_email"),
    ("full_name", "col_name"),
    ("plan_type", "col_plan"),
    ("total_conversations", "col_conversations"),
    ("total_minutes", "col_minutes"),
    ("active_days", "col_active_days"),
    ("last_active_at", "col_last_active"),
    ("joined_at", "col_joined"),
)


@dataclass
class AuditChange:
    field: str = ""
    old: str = ""
    new: str = ""


@dataclass
class AuditRow:
    id: str = ""
    at: str = ""
    table: str = ""
    action: str = ""
    record: str = ""
    actor: str = ""
    changes: list[AuditChange] = field(default_factory=list)


def _number(value: Any) -> str:
    if value is None:
        return "0"
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value or "")


class AdminState(rx.State):
    forbidden: bool = False
    loaded: bool = False
    error: str = ""
    refreshing: bool = False
    refreshed_at: str = ""
    kpis: dict[str, str] = {}
    minutes_by_day: list[dict[str, Any]] = []
    conversations_by_day: list[dict[str, Any]] = []
    plan_distribution: list[dict[str, Any]] = []
    score_distribution: list[dict[str, Any]] = []
    near_limit_by_plan: list[dict[str, Any]] = []
    top_scripts: list[dict[str, str]] = []
    # learners table
    search: str = ""
    sort_by: str = "last_active_at"
    descending: bool = True
    page: int = 0
    pages: int = 1
    total: int = 0
    learners: list[dict[str, str]] = []
    # audit log
    audit_table: str = ""
    audit_action: str = ""
    audit_actor: str = ""
    audit_since: str = ""
    audit_until: str = ""
    audit_page: int = 0
    audit_has_more: bool = False
    audit: list[AuditRow] = []

    # -- the admin check, in every event ---------------------------------------------------
    async def _data(self):
        """(redirect, AdminData or None). None means: show the 403 page, and nothing else."""
        redirect, session = await admin_session(self)
        if redirect is not None:
            return redirect, None
        if session is None:
            self._forbid()
            return None, None
        return None, admin_gateway().for_admin(session.access_token)

    def _forbid(self) -> None:
        self.reset()
        self.forbidden = True

    async def _refused(self, error: DataError | AuthError) -> None:
        if error.code == "not_allowed":
            self._forbid()
            await lose_admin_display(self)
        else:
            self.error = f"err_{error.code}"

    # -- events ------------------------------------------------------------------------------
    @rx.event
    async def open(self):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            board = await asyncio.to_thread(admin_service.dashboard, data)
            learners = await asyncio.to_thread(admin_service.learners_page, data, "", self.sort_by, self.descending)
            audit = await asyncio.to_thread(admin_service.audit_page, data, AuditFilter())
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        self.forbidden, self.error = False, ""
        self._show_dashboard(board)
        self._show_learners(learners)
        self._show_audit(audit)
        self.loaded = True
        return None

    @rx.event(background=True)
    async def refresh_now(self):
        async with self:
            if self.refreshing:
                return
            redirect, data = await self._data()
            if data is None:
                return redirect
            self.refreshing = True
            table = (self.search, self.sort_by, self.descending, self.page)
        try:
            board = await asyncio.to_thread(admin_service.refresh_statistics, data)
            learners = await asyncio.to_thread(admin_service.learners_page, data, *table)
        except (DataError, AuthError) as error:
            async with self:
                self.refreshing = False
                await self._refused(error)
            return None
        async with self:
            self.refreshing = False
            self._show_dashboard(board)
            self._show_learners(learners)
        return None

    async def _load_learners(self, search: str, sort_by: str, descending: bool, page: int):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            learners = await asyncio.to_thread(admin_service.learners_page, data, search, sort_by, descending, page)
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        self._show_learners(learners)
        return None

    @rx.event
    async def search_learners(self, form: dict[str, Any]):
        return await self._load_learners(str(form.get("search", "")), self.sort_by, self.descending, 0)

    @rx.event
    async def sort_learners(self, column: str):
        descending = not self.descending if column == self.sort_by else column not in ("email", "full_name")
        return await self._load_learners(self.search, column, descending, 0)

    @rx.event
    async def learners_page(self, step: int):
        return await self._load_learners(self.search, self.sort_by, self.descending, self.page + int(step))

    @rx.event
    async def export_learners(self):
        redirect, data = await self._data()
        if data is None:
            return redirect
        query = json.dumps({"search": self.search, "sort": self.sort_by, "desc": "1" if self.descending else "0"})
        # The browser downloads the CSV from /api/admin/learners.csv with its own token (checked there
        # and by the database again); the rows stream, so 100k learners never sit in memory.
        return rx.call_script(
            "(async () => {"
            f" const q = new URLSearchParams({query});"
            " const r = await fetch('/api/admin/learners.csv?' + q, {headers: {Authorization: 'Bearer ' +"
            " window.localStorage.getItem('ws_access_token')}});"
            " if (!r.ok) { return; }"
            " const url = URL.createObjectURL(await r.blob());"
            " const a = document.createElement('a'); a.href = url; a.download = 'worldspeak-learners.csv';"
            " document.body.appendChild(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(url), 1000);"
            "})()"
        )

    @rx.event
    async def filter_audit(self, form: dict[str, Any]):
        return await self._load_audit(
            AuditFilter(
                table=str(form.get("table", "")).replace("any", ""),
                action=str(form.get("action", "")).replace("any", ""),
                actor=str(form.get("actor", "")),
                since=str(form.get("since", "")),
                until=str(form.get("until", "")),
            ),
            0,
        )

    @rx.event
    async def audit_step(self, step: int):
        where = AuditFilter(self.audit_table, self.audit_action, self.audit_actor, self.audit_since, self.audit_until)
        return await self._load_audit(where, self.audit_page + int(step))

    async def _load_audit(self, where: AuditFilter, page: int):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            audit = await asyncio.to_thread(admin_service.audit_page, data, where, page)
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        self.audit_table, self.audit_action, self.audit_actor = where.table, where.action, where.actor
        self.audit_since, self.audit_until = where.since, where.until
        self._show_audit(audit)
        return None

    # -- copying results into vars -------------------------------------------------------------
    def _show_dashboard(self, board: Dashboard) -> None:
        kpis = board.kpis
        paid = kpis.get("paid_by_plan") or {}
        self.refreshed_at = _when(board.refreshed_at)
        self.kpis = {
            "learners": _number(kpis.get("learners")),
            "daily_active": _number(kpis.get("daily_active")),
            "weekly_active": _number(kpis.get("weekly_active")),
            "monthly_active": _number(kpis.get("monthly_active")),
            "minutes_month": _number(kpis.get("microphone_minutes_month")),
            "conversations_today": _number(kpis.get("conversations_today")),
            "paid": " · ".join(f"{plan} {_number(n)}" for plan, n in sorted(paid.items())) or "0",
            "mrr": f"${float(kpis.get('mrr_cents') or 0) / 100:,.2f}",
            "conversion": f"{float(kpis.get('conversion') or 0) * 100:.1f} %",
            "near_limit": _number(kpis.get("near_limit")),
        }
        self.minutes_by_day = [
            {"day": row["day"][5:], **{code: row.get(code, 0.0) for code in CHART_LANGUAGES}}
            for row in board.minutes_by_day
        ]
        self.conversations_by_day = [
            {"day": r["day"][5:], "conversations": r["conversations"]} for r in board.conversations_by_day
        ]
        self.plan_distribution = list(board.plan_distribution)
        self.score_distribution = list(board.score_distribution)
        self.near_limit_by_plan = list(board.near_limit_by_plan)
        self.top_scripts = [
            {
                "id": str(s.get("id")),
                "title": str(s.get("title") or ""),
                "language": str(s.get("target_language") or ""),
                "uses": _number(s.get("uses")),
                "completion": f"{float(s.get('completion_rate') or 0) * 100:.0f} %",
                "score": "—" if s.get("average_score") is None else _number(s.get("average_score")),
            }
            for s in board.top_scripts
        ]

    def _show_learners(self, result: LearnersPage) -> None:
        self.search, self.sort_by, self.descending = result.search, result.sort_by, result.descending
        self.page, self.pages, self.total = result.page, result.pages, result.total
        self.learners = [
            {
                "id": str(row["user_id"]),
                "email": str(row.get("email") or ""),
                "full_name": str(row.get("full_name") or ""),
                "plan_type": str(row.get("plan_type") or ""),
                "total_conversations": _number(row.get("total_conversations")),
                "total_minutes": _number(row.get("total_minutes")),
                "active_days": _number(row.get("active_days")),
                "last_active_at": _when(row.get("last_active_at")),
                "joined_at": _when(row.get("joined_at")),
            }
            for row in result.rows
        ]

    def _show_audit(self, result: admin_service.AuditPage) -> None:
        self.audit_page, self.audit_has_more = result.page, result.has_more
        self.audit = [
            AuditRow(
                id=entry["id"],
                at=entry["at"].replace("T", " ")[:16],
                table=entry["table"],
                action=entry["action"],
                record=entry["record"][:8],
                actor=entry["actor"],
                changes=[AuditChange(**change) for change in entry["changes"]],
            )
            for entry in result.entries
        ]


# -- the page --------------------------------------------------------------------------------
def chart_card(title: rx.Var, chart: rx.Component, chart_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(title, weight="medium"), chart, spacing="2", width="100%"),
        width="100%",
        id=chart_id,
    )


def minutes_chart() -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="day"),
        rx.recharts.y_axis(),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        *[
            rx.recharts.bar(data_key=code, name=code.upper(), stack_id="minutes", fill=COLORS[i % len(COLORS)])
            for i, code in enumerate(CHART_LANGUAGES)
        ],
        data=AdminState.minutes_by_day,
        width="100%",
        height=260,
    )


def simple_bar_chart(data: rx.Var, x_key: str, y_key: str, color: str) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key=x_key),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        rx.recharts.bar(data_key=y_key, fill=color),
        data=data,
        width="100%",
        height=220,
    )


def kpis() -> rx.Component:
    cards = [
        ("kpi_learners", "learners"),
        ("kpi_daily_active", "daily_active"),
        ("kpi_weekly_active", "weekly_active"),
        ("kpi_monthly_active", "monthly_active"),
        ("kpi_minutes_month", "minutes_month"),
        ("kpi_conversations_today", "conversations_today"),
        ("kpi_paid", "paid"),
        ("kpi_mrr", "mrr"),
        ("kpi_conversion", "conversion"),
        ("kpi_near_limit", "near_limit"),
    ]
    return rx.grid(
        *[kpi_card(T[label], AdminState.kpis[key], key) for label, key in cards],
        columns=rx.breakpoints(initial="2", sm="3", lg="5"),
        gap="3",
        width="100%",
    )


def freshness() -> rx.Component:
    return rx.hstack(
        rx.text(
            rx.cond(
                AdminState.refreshed_at != "",
                T["admin_refreshed_at"].to(str).replace("{at}", AdminState.refreshed_at),
                T["admin_never_refreshed"],
            ),
            color_scheme="gray",
            id="admin-refreshed-at",
        ),
        rx.button(
            rx.cond(AdminState.refreshing, T["admin_refreshing"], T["admin_refresh_now"]),
            on_click=AdminState.refresh_now,
            loading=AdminState.refreshing,
            id="admin-refresh",
            size="2",
        ),
        justify="between",
        align="center",
        wrap="wrap",
        width="100%",
    )


def sort_header(column: str, label_key: str) -> rx.Component:
    arrow = rx.cond(AdminState.sort_by == column, rx.cond(AdminState.descending, " ↓", " ↑"), "")
    # A button, not a link: a link without a page would navigate (and reload the page's data).
    return rx.table.column_header_cell(
        rx.button(
            T[label_key],
            arrow,
            on_click=AdminState.sort_learners(column),
            variant="ghost",
            size="1",
            id=f"sort-{column}",
        ),
    )


def learner_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        *[rx.table.cell(row[column]) for column, _ in LEARNER_COLUMNS],
        class_name="learner-row",
    )


def learners_table() -> rx.Component:
    return rx.vstack(
        rx.heading(T["learners_title"], size="5"),
        rx.hstack(
            rx.form(
                rx.hstack(
                    rx.input(
                        name="search",
                        placeholder=T["learners_search"],
                        id="learners-search",
                        default_value=AdminState.search,
                    ),  # fmt: skip
                    rx.button(
                        rx.icon("search", size=16),
                        type="submit",
                        variant="soft",
                        id="learners-search-go",
                        aria_label=T["learners_search"],
                    ),  # fmt: skip
                ),
                on_submit=AdminState.search_learners,
            ),
            rx.text(T["learners_total"].to(str).replace("{n}", AdminState.total.to_string()), id="learners-total"),
            rx.button(
                rx.icon("download", size=16),
                T["learners_export"],
                on_click=AdminState.export_learners,
                variant="outline",
                id="learners-export",
            ),  # fmt: skip
            wrap="wrap",
            align="center",
            spacing="3",
            width="100%",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[sort_header(column, key) for column, key in LEARNER_COLUMNS])),
                rx.table.body(rx.foreach(AdminState.learners, learner_row)),
                size="1",
                id="learners-table",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(AdminState.total == 0, rx.text(T["learners_none"], color_scheme="gray")),
        rx.hstack(
            rx.button(
                T["pager_previous"],
                on_click=AdminState.learners_page(-1),
                disabled=AdminState.page <= 0,
                variant="soft",
                id="learners-previous",
            ),  # fmt: skip
            rx.text(
                T["pager_page"]
                .to(str)
                .replace("{page}", (AdminState.page + 1).to_string())
                .replace("{pages}", AdminState.pages.to_string()),
                id="learners-page",
            ),  # fmt: skip
            rx.button(
                T["pager_next"],
                on_click=AdminState.learners_page(1),
                disabled=AdminState.page + 1 >= AdminState.pages,
                variant="soft",
                id="learners-next",
            ),  # fmt: skip
            align="center",
        ),
        spacing="3",
        width="100%",
    )


def top_scripts() -> rx.Component:
    return rx.vstack(
        rx.heading(T["top_scripts_title"], size="5"),
        rx.cond(
            AdminState.top_scripts.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(T["col_script"]),
                            rx.table.column_header_cell(T["col_uses"]),
                            rx.table.column_header_cell(T["col_completion"]),
                            rx.table.column_header_cell(T["col_average_score"]),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            AdminState.top_scripts,
                            lambda s: rx.table.row(
                                rx.table.cell(s["title"] + " (" + s["language"] + ")"),
                                rx.table.cell(s["uses"]),
                                rx.table.cell(s["completion"]),
                                rx.table.cell(s["score"]),
                            ),
                        )
                    ),
                    size="1",
                    id="top-scripts",
                ),
                overflow_x="auto",
                width="100%",
            ),
            rx.text(T["top_scripts_none"], color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )


def audit_entry(entry: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(entry.action),
                rx.code(entry.table),
                rx.text(entry.record, size="1", color_scheme="gray"),
                rx.spacer(),
                rx.text(entry.actor, size="1"),
                rx.text(entry.at, size="1", color_scheme="gray"),
                wrap="wrap",
                width="100%",
                align="center",
            ),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(T["audit_field"]),
                            rx.table.column_header_cell(T["audit_old"]),
                            rx.table.column_header_cell(T["audit_new"]),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            entry.changes,
                            lambda change: rx.table.row(
                                rx.table.cell(rx.code(change.field)),
                                rx.table.cell(change.old, color="var(--red-11)", word_break="break-word"),
                                rx.table.cell(change.new, color="var(--green-11)", word_break="break-word"),
                            ),
                        )
                    ),
                    size="1",
                ),
                overflow_x="auto",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="audit-entry",
    )


def audit_log() -> rx.Component:
    def choice(name: str, options: list[str], label_key: str) -> rx.Component:
        return rx.vstack(
            rx.text(T[label_key], size="1"),
            rx.select.root(
                rx.select.trigger(id=f"audit-{name}"),
                rx.select.content(
                    rx.select.item(T["audit_any"], value="any"),
                    *[rx.select.item(option, value=option) for option in options],
                ),
                name=name,
                default_value="any",
            ),
            spacing="1",
        )

    def text_field(name: str, label_key: str) -> rx.Component:
        return rx.vstack(rx.text(T[label_key], size="1"), rx.input(name=name, id=f"audit-{name}"), spacing="1")

    return rx.vstack(
        rx.heading(T["audit_title"], size="5"),
        rx.form(
            rx.hstack(
                choice("table", list(AUDIT_TABLES), "audit_table"),
                choice("action", list(AUDIT_ACTIONS), "audit_action"),
                text_field("actor", "audit_actor"),
                text_field("since", "audit_since"),
                text_field("until", "audit_until"),
                rx.button(T["audit_apply"], type="submit", id="audit-apply"),
                wrap="wrap",
                align="end",
                spacing="3",
            ),
            on_submit=AdminState.filter_audit,
            width="100%",
        ),
        rx.cond(AdminState.audit.length() == 0, rx.text(T["audit_none"], color_scheme="gray")),
        rx.vstack(rx.foreach(AdminState.audit, audit_entry), spacing="2", width="100%", id="audit-entries"),
        rx.hstack(
            rx.button(
                T["audit_newer"],
                on_click=AdminState.audit_step(-1),
                disabled=AdminState.audit_page <= 0,
                variant="soft",
            ),  # fmt: skip
            rx.button(
                T["audit_more"],
                on_click=AdminState.audit_step(1),
                disabled=~AdminState.audit_has_more,
                variant="soft",
                id="audit-more",
            ),  # fmt: skip
        ),
        spacing="3",
        width="100%",
    )


@rx.page(route="/admin", title="Admin · WorldSpeak", on_load=AdminState.open)
@app_page(max_width="1200px")
def admin_dashboard() -> rx.Component:
    return console(
        AdminState.forbidden,
        AdminState.loaded,
        rx.heading(T["admin_dashboard_title"], size="7"),
        rx.cond(AdminState.error != "", rx.callout(T[AdminState.error], color_scheme="red", icon="triangle-alert")),
        freshness(),
        kpis(),
        rx.grid(
            chart_card(T["chart_minutes_by_day"], minutes_chart(), "chart-minutes"),
            chart_card(
                T["chart_conversations_by_day"],
                simple_bar_chart(AdminState.conversations_by_day, "day", "conversations", "#3e63dd"),
                "chart-conversations",
            ),
            chart_card(
                T["chart_plan_distribution"],
                simple_bar_chart(AdminState.plan_distribution, "plan_type", "learners", "#30a46c"),
                "chart-plans",
            ),
            chart_card(
                T["chart_score_distribution"],
                simple_bar_chart(AdminState.score_distribution, "bucket", "conversations", "#8e4ec6"),
                "chart-scores",
            ),
            chart_card(
                T["chart_near_limit"],
                simple_bar_chart(AdminState.near_limit_by_plan, "plan_type", "learners", "#f76b15"),
                "chart-near-limit",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="3",
            width="100%",
        ),
        learners_table(),
        top_scripts(),
        audit_log(),
        active="dashboard",
    )
