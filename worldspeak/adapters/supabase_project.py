"""Where the hosted Supabase project is, and its keys: one handle (and one HTTP pool) for every adapter."""

from __future__ import annotations

import httpx
from postgrest import SyncPostgrestClient
from supabase_auth import SyncGoTrueAdminAPI

REQUEST_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class SupabaseProject:
    def __init__(self, url: str, anon_key: str, service_role_key: str) -> None:
        self.url = url.rstrip("/")
        self.anon_key = anon_key
        self.service_role_key = service_role_key
        self.http = httpx.Client(timeout=REQUEST_TIMEOUT)

    def rest(self, bearer: str, api_key: str | None = None) -> SyncPostgrestClient:
        return SyncPostgrestClient(
            f"{self.url}/rest/v1",
            headers={"apikey": api_key or self.anon_key, "Authorization": f"Bearer {bearer}"},
            http_client=self.http,
        )

    def auth_admin(self) -> SyncGoTrueAdminAPI:
        """GoTrue's admin API with the service-role key (server side only)."""
        return SyncGoTrueAdminAPI(
            url=f"{self.url}/auth/v1",
            headers={"apikey": self.service_role_key, "Authorization": f"Bearer {self.service_role_key}"},
            http_client=self.http,
        )
