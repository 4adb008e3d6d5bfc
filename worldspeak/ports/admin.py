"""What the admin console reads and writes. Adapters implement it per mode.

`AdminData` acts as one admin, with their own access token: the database checks again, on every
call, that the token's holder is an admin right now (private.require_admin / private.is_admin), so
a learner's token or a revoked admin's gets `DataError("not_allowed")`. `AdminAccounts` is the
service path for granting and revoking the role (the CLI), audited by the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, Protocol


class AdminData(Protocol):
    def dashboard(self) -> dict[str, Any]:
        """KPIs, chart series and top scripts as of the last refresh (`refreshed_at`)."""
        ...

    def refresh_statistics(self) -> datetime: ...

    def learners(
        self, search: str | None, sort_by: str, descending: bool, page_size: int, page_offset: int
    ) -> list[dict[str, Any]]: ...

    def learners_count(self, search: str | None) -> int: ...

    def learners_csv(self, search: str | None, sort_by: str, descending: bool) -> Iterator[str]:
        """Every matching learner as CSV text (header first, spreadsheet-safe cells), streamed in chunks."""
        ...

    def audit_log(
        self,
        table: str | None,
        action: str | None,
        actor: str | None,
        since: datetime | None,
        until: datetime | None,
        page_size: int,
        page_offset: int,
    ) -> list[dict[str, Any]]: ...

    def scripts(self) -> list[dict[str, Any]]:
        """Every script, retired ones included, newest first."""
        ...

    def script(self, script_id: str) -> dict[str, Any] | None: ...

    def create_script(self, fields: dict[str, Any]) -> str: ...

    def update_script(self, script_id: str, fields: dict[str, Any]) -> None: ...

    def retire_script(self, script_id: str) -> None: ...

    def health(self) -> dict[str, Any]: ...


class AdminAccounts(Protocol):
    """The service path: who holds the admin role."""

    def find_account(self, email: str) -> dict[str, Any] | None:
        """{"id", "email", "role"} of the account with this email, or None."""
        ...

    def set_admin(self, user_id: str, admin: bool) -> None: ...


class AdminGateway(Protocol):
    def for_admin(self, access_token: str) -> AdminData: ...

    def accounts(self) -> AdminAccounts: ...
