"""Admin console adapter for supabase mode: the Data API with the admin's own token.

The same public.admin_* functions and conversation_scripts policies decide as in local mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
from postgrest import APIError

from worldspeak.adapters.errors import data_error
from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.errors import DataError

EXPORT_PAGE = 1000
LEARNER_EXPORT_COLUMNS = (
    "user_id", "email", "full_name", "plan_type", "period_seconds_used", "total_conversations",
    "finished_conversations", "total_minutes", "active_days", "last_conversation_at", "last_active_at", "joined_at",
)  # fmt: skip
SCRIPT_LIST_COLUMNS = (
    "id, title, target_language, category, difficulty_level, is_premium, usage_count, retired_at, updated_at"
)


def _refused(error: Exception) -> DataError:
    if isinstance(error, APIError):
        return data_error(error.code, error.message or str(error), "admin console")
    return DataError("database_unavailable", str(error))


class SupabaseAdminData:
    def __init__(self, project: SupabaseProject, access_token: str) -> None:
        self._rest = project.rest(access_token)

    def _call(self, function: str, params: dict[str, Any]) -> Any:
        try:
            return self._rest.rpc(function, params).execute().data
        except (APIError, httpx.HTTPError) as error:
            raise _refused(error) from error

    def _run(self, query: Any) -> list[dict[str, Any]]:
        try:
            return list(query.execute().data or [])
        except (APIError, httpx.HTTPError) as error:
            raise _refused(error) from error

    def dashboard(self) -> dict[str, Any]:
        return self._call("admin_dashboard", {}) or {}

    def refresh_statistics(self) -> datetime:
        return datetime.fromisoformat(str(self._call("admin_refresh_statistics", {})).replace("Z", "+00:00"))

    def learners(
        self, search: str | None, sort_by: str, descending: bool, page_size: int, page_offset: int
    ) -> list[dict[str, Any]]:
        params = {
            "search": search,
            "sort_by": sort_by,
            "descending": descending,
            "page_size": page_size,
            "page_offset": page_offset,
        }
        return list(self._call("admin_learners", params) or [])

    def learners_count(self, search: str | None) -> int:
        return int(self._call("admin_user_statistics_count", {"search": search}) or 0)

    def learners_csv(self, search: str | None, sort_by: str, descending: bool) -> Iterator[str]:
        params: dict[str, Any] = {"search": search, "sort_by": sort_by, "descending": descending}
        offset, header = 0, True
        while True:
            try:
                request = self._rest.rpc("admin_learners_export", params).range(offset, offset + EXPORT_PAGE - 1)
                answer: Any = request.execute().data
                page: list[Any] = list(answer or [])
            except (APIError, httpx.HTTPError) as error:
                raise _refused(error) from error
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            if header:
                writer.writerow(LEARNER_EXPORT_COLUMNS)
                header = False
            for row in page:
                writer.writerow(["" if row.get(column) is None else row[column] for column in LEARNER_EXPORT_COLUMNS])
            yield buffer.getvalue()
            if len(page) < EXPORT_PAGE:
                return
            offset += EXPORT_PAGE

    def audit_log(
        self,
        table: str | None,
        action: str | None,
        actor: str | None,
        since: datetime | None,
        until: datetime | None,
        page_size: int,
        page_offset: int,
    ) -> list[dict[str, Any]]:
        params = {
            "table_filter": table,
            "action_filter": action,
            "actor_filter": actor,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "page_size": page_size,
            "page_offset": page_offset,
        }
        return list(self._call("admin_audit_log", params) or [])

    def scripts(self) -> list[dict[str, Any]]:
        return self._run(
            self._rest.table("conversation_scripts")
            .select(SCRIPT_LIST_COLUMNS)
            .order("retired_at", desc=False, nullsfirst=True)
            .order("updated_at", desc=True)
        )

    def script(self, script_id: str) -> dict[str, Any] | None:
        rows = self._run(self._rest.table("conversation_scripts").select("*").eq("id", script_id).limit(1))
        return rows[0] if rows else None

    def create_script(self, fields: dict[str, Any]) -> str:
        rows = self._run(self._rest.table("conversation_scripts").insert(fields))
        return str(rows[0]["id"])

    def update_script(self, script_id: str, fields: dict[str, Any]) -> None:
        if not self._run(self._rest.table("conversation_scripts").update(fields).eq("id", script_id)):
            raise DataError("not_found", "no such script, or not visible to this account")

    def retire_script(self, script_id: str) -> None:
        rows = self._run(
            self._rest.table("conversation_scripts")
            .update({"retired_at": datetime.now().astimezone().isoformat()})
            .eq("id", script_id)
            .is_("retired_at", "null")
        )
        if not rows and self.script(script_id) is None:
            raise DataError("not_found", "no such script, or not visible to this account")

    def health(self) -> dict[str, Any]:
        return self._call("admin_health", {}) or {}


class SupabaseAdminAccounts:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project
        self._rest = project.rest(project.service_role_key, api_key=project.service_role_key)

    def find_account(self, email: str) -> dict[str, Any] | None:
        query = self._rest.table("profiles").select("id, email").eq("email", email.strip().lower()).limit(1)
        found: list[Any] = list(query.execute().data or [])
        if not found:
            return None
        user_id = str(found[0]["id"])
        user = self._project.auth_admin().get_user_by_id(user_id).user
        role = (user.app_metadata or {}).get("role") if user else None
        return {"id": user_id, "email": str(found[0]["email"]), "role": role}

    def set_admin(self, user_id: str, admin: bool) -> None:
        # GoTrue merges app_metadata: a null role is how it is taken away.
        self._project.auth_admin().update_user_by_id(user_id, {"app_metadata": {"role": "admin" if admin else None}})


class SupabaseAdminGateway:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def for_admin(self, access_token: str) -> SupabaseAdminData:
        return SupabaseAdminData(self._project, access_token)

    def accounts(self) -> SupabaseAdminAccounts:
        return SupabaseAdminAccounts(self._project)
