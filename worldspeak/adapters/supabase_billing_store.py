"""The billing store in supabase mode: the Data API with the service-role key (server side only)."""

from __future__ import annotations

from typing import Any

import httpx
from postgrest import APIError

from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.errors import DataError
from worldspeak.ports.billing import BillingAccount


def _as_data_error(error: Exception) -> DataError:
    if isinstance(error, APIError):
        return DataError("database_error", error.message or str(error))
    return DataError("database_unavailable", str(error))


class SupabaseBillingStore:
    def __init__(self, project: SupabaseProject) -> None:
        self._rest = project.rest(project.service_role_key, api_key=project.service_role_key)

    def _rows(self, query: Any) -> list[dict[str, Any]]:
        try:
            return list(query.execute().data or [])
        except (APIError, httpx.HTTPError) as error:
            raise _as_data_error(error) from error

    def account(self, user_id: str) -> BillingAccount | None:
        rows = self._rows(
            self._rest.table("subscriptions")
            .select("user_id, stripe_customer_id, stripe_subscription_id, profiles(email)")
            .eq("user_id", user_id)
            .limit(1)
        )
        if not rows:
            return None
        row = rows[0]
        email = (row.get("profiles") or {}).get("email") or ""
        return BillingAccount(row["user_id"], email, row.get("stripe_customer_id"), row.get("stripe_subscription_id"))

    def store_customer(self, user_id: str, customer_id: str) -> str:
        try:
            stored = self._rest.rpc("store_stripe_customer", {"learner": user_id, "customer": customer_id}).execute()
        except (APIError, httpx.HTTPError) as error:
            raise _as_data_error(error) from error
        return str(stored.data or customer_id)

    def apply_event(self, event: dict[str, Any], change: dict[str, Any]) -> tuple[str, str | None]:
        params: dict[str, Any] = {
            "event_id": event["id"],
            "event_type": event.get("type", ""),
            "livemode": bool(event.get("livemode")),
            "payload": event,
            "change": change,
        }
        rows = self._rows(self._rest.rpc("apply_billing_event", params))
        return rows[0]["outcome"], rows[0].get("user_id")

    def billing_status(self, user_id: str) -> dict[str, Any] | None:
        rows = self._rows(self._rest.rpc("billing_status", {"learner": user_id}))
        return rows[0] if rows else None

    def plans(self) -> list[dict[str, Any]]:
        return self._rows(self._rest.table("plans").select("*").order("sort_order"))
