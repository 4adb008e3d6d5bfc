"""A signed-in account as the auth provider hands it over. Plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuthSession:
    access_token: str
    refresh_token: str
    expires_at: int
    user_id: str
    email: str
    app_metadata: dict[str, Any] = field(default_factory=dict)
    user_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        # app_metadata only: any user can write their own user_metadata.
        return self.app_metadata.get("role") == "admin"
