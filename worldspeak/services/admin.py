"""The admin console: dashboard, learners, audit log, scripts, health, and granting the role.

Authorization is decided twice: here from the verified session of the event (`session.is_admin`,
from the token's app_metadata, never user_metadata or a State var), and again by the database on
every call (private.require_admin, which also checks the account's role now, so a revoked admin
is refused on their next event even while their token still says "admin").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from worldspeak.domain.errors import DataError
from worldspeak.domain.languages import LANGUAGES
from worldspeak.ports.admin import AdminAccounts, AdminData
from worldspeak.services.session import VerifiedSession

LEARNER_SORT_COLUMNS = (
    "email",
    "full_name",
    "plan_type",
    "period_seconds_used",
    "total_conversations",
    "finished_conversations",
    "total_minutes",
    "active_days",
    "last_conversation_at",
    "last_active_at",
    "joined_at",
)
LEARNERS_PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 20
AUDIT_TABLES = (
    "public.conversation_scripts",
    "public.profiles",
    "public.subscriptions",
    "public.plans",
    "auth.users",
)
AUDIT_ACTIONS = ("INSERT", "UPDATE", "DELETE")
SCRIPT_CATEGORIES = ("travel", "business", "daily_life", "medical", "academic")
SPEAKERS = ("partner", "learner")


def require_admin(session: VerifiedSession | None) -> VerifiedSession:
    """The session if its verified token says admin; else DataError("not_allowed")."""
    if session is None or not session.is_admin:
        raise DataError("not_allowed", "admins only")
    return session


# -- dashboard -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dashboard:
    refreshed_at: datetime | None
    refresh_ms: int
    kpis: dict[str, Any]
    minutes_by_day: tuple[dict[str, Any], ...]  # one row per day: {"day": "2026-12-01", "en": 12.5, ...}
    languages: tuple[str, ...]  # the stacks of minutes_by_day
    conversations_by_day: tuple[dict[str, Any], ...]
    plan_distribution: tuple[dict[str, Any], ...]
    score_distribution: tuple[dict[str, Any], ...]
    near_limit_by_plan: tuple[dict[str, Any], ...]
    top_scripts: tuple[dict[str, Any], ...]


def _timestamp(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def dashboard(data: AdminData) -> Dashboard:
    raw = data.dashboard()
    per_day: dict[str, dict[str, Any]] = {}
    languages: list[str] = []
    for point in raw.get("minutes_by_day") or []:
        row = per_day.setdefault(str(point["day"]), {"day": str(point["day"])})
        row[point["language"]] = float(point["minutes"])
        if point["language"] not in languages:
            languages.append(point["language"])
    for row in per_day.values():
        for language in languages:
            row.setdefault(language, 0.0)
    return Dashboard(
        refreshed_at=_timestamp(raw.get("refreshed_at")),
        refresh_ms=int(raw.get("refresh_ms") or 0),
        kpis=dict(raw.get("kpis") or {}),
        minutes_by_day=tuple(per_day[day] for day in sorted(per_day)),
        languages=tuple(sorted(languages)),
        conversations_by_day=tuple(
            {"day": str(row["day"]), "conversations": int(row["conversations"])}
            for row in raw.get("conversations_by_day") or []
        ),
        plan_distribution=tuple(
            {"plan_type": row["plan_type"], "learners": int(row["learners"])}
            for row in raw.get("plan_distribution") or []
        ),
        score_distribution=tuple(
            {
                "bucket": f"{row['bucket']}-{min(int(row['bucket']) + 9, 100) if row['bucket'] < 90 else 100}",
                "conversations": int(row["conversations"]),
            }
            for row in raw.get("score_distribution") or []
        ),  # fmt: skip
        near_limit_by_plan=tuple(
            {"plan_type": row["plan_type"], "learners": int(row["learners"])}
            for row in raw.get("near_limit_by_plan") or []
        ),
        top_scripts=tuple(dict(row) for row in raw.get("top_scripts") or []),
    )


def refresh_statistics(data: AdminData) -> Dashboard:
    data.refresh_statistics()
    return dashboard(data)


# -- learners ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LearnersPage:
    rows: tuple[dict[str, Any], ...]
    total: int
    page: int  # from 0
    pages: int
    search: str
    sort_by: str
    descending: bool


def _sort(sort_by: str) -> str:
    if sort_by not in LEARNER_SORT_COLUMNS:
        raise DataError("invalid_value", f"cannot sort by {sort_by!r}")
    return sort_by


def learners_page(
    data: AdminData,
    search: str = "",
    sort_by: str = "last_active_at",
    descending: bool = True,
    page: int = 0,
    page_size: int = LEARNERS_PAGE_SIZE,
) -> LearnersPage:
    search = search.strip()
    total = data.learners_count(search or None)
    pages = max(1, -(-total // page_size))
    page = min(max(page, 0), pages - 1)
    rows = data.learners(search or None, _sort(sort_by), descending, page_size, page * page_size)
    return LearnersPage(tuple(rows), total, page, pages, search, sort_by, descending)


def learners_csv(
    data: AdminData, search: str = "", sort_by: str = "last_active_at", descending: bool = True
) -> Iterator[str]:
    """The filtered learners as CSV (header first), in chunks: streamable, constant memory."""
    return data.learners_csv(search.strip() or None, _sort(sort_by), descending)


# -- audit log ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditFilter:
    table: str = ""
    action: str = ""
    actor: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive (UTC)
    until: str = ""  # YYYY-MM-DD, inclusive (UTC)


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[dict[str, Any], ...]
    page: int
    has_more: bool


def _day(text: str, end: bool = False) -> datetime | None:
    if not text.strip():
        return None
    try:
        day = datetime.fromisoformat(text.strip() + "T00:00:00+00:00")
    except ValueError as error:
        raise DataError("invalid_value", f"not a date: {text!r}") from error
    return day + timedelta(days=1) if end else day


def _iso(value: Any) -> str:
    moment = _timestamp(value)
    return moment.isoformat(timespec="seconds") if moment else ""


def _changed_keys(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    old, new = old or {}, new or {}
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def audit_page(data: AdminData, where: AuditFilter, page: int = 0, page_size: int = AUDIT_PAGE_SIZE) -> AuditPage:
    if where.table and where.table not in AUDIT_TABLES:
        raise DataError("invalid_value", f"unknown table {where.table!r}")
    if where.action and where.action not in AUDIT_ACTIONS:
        raise DataError("invalid_value", f"unknown action {where.action!r}")
    page = max(page, 0)
    rows = data.audit_log(
        where.table or None,
        where.action or None,
        where.actor.strip() or None,
        _day(where.since),
        _day(where.until, end=True),
        page_size + 1,
        page * page_size,
    )
    entries = []
    for row in rows[:page_size]:
        changed = _changed_keys(row.get("old_values"), row.get("new_values"))
        old, new = row.get("old_values") or {}, row.get("new_values") or {}
        entries.append(
            {
                "id": str(row["id"]),
                "at": _iso(row.get("created_at")),
                "table": row["table_name"],
                "action": row["action"],
                "record": str(row.get("record_id") or ""),
                "actor": row.get("actor_email") or row.get("actor_role") or "",
                # Side by side: only the fields that changed.
                "changes": [
                    {"field": key, "old": _short(old.get(key)), "new": _short(new.get(key))} for key in changed
                ],
            }
        )
    return AuditPage(tuple(entries), page, len(rows) > page_size)


def _short(value: Any, limit: int = 160) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- scripts --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    speaker: str
    text: str
    alternatives: tuple[str, ...] = ()
    translation: str = ""


@dataclass(frozen=True)
class ScriptDraft:
    title: str = ""
    description: str = ""
    target_language: str = "en"
    translation_language: str = "ja"
    scenario: str = ""
    difficulty_level: str = "1"
    estimated_duration_minutes: str = ""
    category: str = "daily_life"
    tags: str = ""  # comma-separated
    is_premium: bool = False
    cultural_notes: str = ""  # one note per line, in the translation language's UI (en) and ...
    vocabulary: str = ""  # one "term = meaning" per line
    segments: tuple[Segment, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Problem:
    key: str  # an i18n key, e.g. "admin_problem_empty_line"
    line: int = 0  # the segment it is about (from 1), or 0


def _int(text: str) -> int | None:
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def validate_script(draft: ScriptDraft) -> list[Problem]:
    problems: list[Problem] = []
    if not draft.title.strip():
        problems.append(Problem("admin_problem_title_empty"))
    elif len(draft.title.strip()) > 200:
        problems.append(Problem("admin_problem_title_long"))
    if not draft.scenario.strip():
        problems.append(Problem("admin_problem_scenario_empty"))
    if draft.target_language not in LANGUAGES:
        problems.append(Problem("admin_problem_language"))
    difficulty = _int(draft.difficulty_level)
    if difficulty is None or not 1 <= difficulty <= 10:
        problems.append(Problem("admin_problem_difficulty"))
    if draft.estimated_duration_minutes.strip():
        minutes = _int(draft.estimated_duration_minutes)
        if minutes is None or minutes <= 0:
            problems.append(Problem("admin_problem_duration"))
    if draft.category not in SCRIPT_CATEGORIES:
        problems.append(Problem("admin_problem_category"))
    if len(draft.segments) < 2:
        problems.append(Problem("admin_problem_too_few_lines"))
    for number, segment in enumerate(draft.segments, start=1):
        if not segment.text.strip():
            problems.append(Problem("admin_problem_empty_line", number))
        if segment.speaker not in SPEAKERS:
            problems.append(Problem("admin_problem_speaker", number))
    if draft.segments and not any(s.speaker == "learner" and s.text.strip() for s in draft.segments):
        problems.append(Problem("admin_problem_no_learner_line"))
    for line in draft.vocabulary.splitlines():
        if line.strip() and "=" not in line:
            problems.append(Problem("admin_problem_vocabulary"))
            break
    return problems


def script_fields(draft: ScriptDraft) -> dict[str, Any]:
    """The database columns for a valid draft."""
    segments = []
    for order, segment in enumerate(draft.segments, start=1):
        entry: dict[str, Any] = {"order": order, "speaker": segment.speaker, "text": segment.text.strip()}
        alternatives = [a.strip() for a in segment.alternatives if a.strip()]
        if alternatives:
            entry["alternatives"] = alternatives
        if segment.translation.strip():
            entry["translations"] = {draft.translation_language: segment.translation.strip()}
        segments.append(entry)
    notes = [line.strip() for line in draft.cultural_notes.splitlines() if line.strip()]
    vocabulary = []
    for line in draft.vocabulary.splitlines():
        if "=" in line:
            term, _, meaning = line.partition("=")
            vocabulary.append({"term": term.strip(), "meaning": {draft.translation_language: meaning.strip()}})
    minutes = _int(draft.estimated_duration_minutes) if draft.estimated_duration_minutes.strip() else None
    return {
        "title": draft.title.strip(),
        "description": draft.description.strip() or None,
        "language_pair": {"target": draft.target_language, "native": draft.translation_language},
        "scenario": re.sub(r"\s+", "_", draft.scenario.strip().lower()),
        "difficulty_level": _int(draft.difficulty_level),
        "estimated_duration_minutes": minutes,
        "script_segments": segments,
        "cultural_notes": {draft.translation_language: notes} if notes else None,
        "vocabulary_focus": vocabulary or None,
        "category": draft.category,
        "tags": [tag.strip() for tag in draft.tags.split(",") if tag.strip()],
        "is_premium": draft.is_premium,
    }


def draft_from_script(row: dict[str, Any]) -> ScriptDraft:
    pair = row.get("language_pair") or {}
    translation_language = pair.get("native") or "ja"
    segments = []
    for entry in sorted(row.get("script_segments") or [], key=lambda s: s.get("order", 0)):
        translations = entry.get("translations") or {}
        segments.append(
            Segment(
                speaker=entry.get("speaker", "partner"),
                text=entry.get("text", ""),
                alternatives=tuple(entry.get("alternatives") or ()),
                translation=translations.get(translation_language) or next(iter(translations.values()), ""),
            )
        )
    notes = row.get("cultural_notes") or {}
    note_lines: list[str] = (
        notes.get(translation_language) or next(iter(notes.values()), []) if isinstance(notes, dict) else []
    )
    vocabulary_lines = []
    for item in row.get("vocabulary_focus") or []:
        meaning = item.get("meaning") or {}
        text = (
            meaning.get(translation_language) or next(iter(meaning.values()), "")
            if isinstance(meaning, dict)
            else meaning
        )
        vocabulary_lines.append(f"{item.get('term', '')} = {text}")
    return ScriptDraft(
        title=row.get("title") or "",
        description=row.get("description") or "",
        target_language=pair.get("target") or "en",
        translation_language=translation_language,
        scenario=row.get("scenario") or "",
        difficulty_level=str(row.get("difficulty_level") or 1),
        estimated_duration_minutes=str(row.get("estimated_duration_minutes") or ""),
        category=row.get("category") or "daily_life",
        tags=", ".join(row.get("tags") or []),
        is_premium=bool(row.get("is_premium")),
        cultural_notes="\n".join(note_lines),
        vocabulary="\n".join(vocabulary_lines),
        segments=tuple(segments),
    )


@dataclass(frozen=True)
class SaveOutcome:
    script_id: str = ""
    problems: tuple[Problem, ...] = ()


def save_script(data: AdminData, draft: ScriptDraft, script_id: str = "") -> SaveOutcome:
    """Validate, then create (no id) or update. Problems come back instead of a write."""
    problems = validate_script(draft)
    if problems:
        return SaveOutcome(script_id, tuple(problems))
    fields = script_fields(draft)
    if script_id:
        data.update_script(script_id, fields)
        return SaveOutcome(script_id)
    return SaveOutcome(data.create_script(fields))


def scripts(data: AdminData) -> list[dict[str, Any]]:
    return data.scripts()


def load_script(data: AdminData, script_id: str) -> ScriptDraft:
    row = data.script(script_id)
    if row is None:
        raise DataError("not_found", f"no script {script_id}")
    return draft_from_script(row)


def retire_script(data: AdminData, script_id: str) -> None:
    data.retire_script(script_id)


# -- health -----------------------------------------------------------------------------------------
def health(data: AdminData) -> dict[str, Any]:
    return data.health()


# -- the role ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoleChange:
    email: str
    user_id: str
    admin: bool
    changed: bool


def set_admin_role(accounts: AdminAccounts, email: str, admin: bool) -> RoleChange:
    """Grant or revoke the admin role (service path; the database audits the change)."""
    account = accounts.find_account(email)
    if account is None:
        raise DataError("not_found", f"no account with the email {email!r}")
    is_admin_now = account.get("role") == "admin"
    if is_admin_now != admin:
        accounts.set_admin(account["id"], admin)
    return RoleChange(account["email"], account["id"], admin, is_admin_now != admin)
