"""The billing store in local mode: the service role on the local cluster (`LocalPostgres.as_service`).

Every write is one call of a function from …_billing.sql, so the event id and its effect commit
together, exactly as the Supabase adapter's RPC does.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.domain.errors import DataError
from worldspeak.ports.billing import BillingAccount


def as_data_error(error: psycopg.Error) -> DataError:
    if isinstance(error, psycopg.OperationalError):
        return DataError("database_unavailable", str(error))
    return DataError("database_error", error.diag.message_primary or str(error))


class LocalBillingStore:
    def __init__(self, db: LocalPostgres) -> None:
        self._db = db

    def _one(self, query: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
        try:
            with self._db.as_service() as conn:
                return conn.execute(query, params).fetchone()
        except psycopg.Error as error:
            raise as_data_error(error) from error

    def account(self, user_id: str) -> BillingAccount | None:
        row = self._one(
            "select s.user_id, p.email, s.stripe_customer_id, s.stripe_subscription_id"
            " from public.subscriptions s join public.profiles p on p.id = s.user_id where s.user_id = %s",
            (user_id,),
        )
        if row is None:
            return None
        return BillingAccount(
            str(row["user_id"]), row["email"] or "", row["stripe_customer_id"], row["stripe_subscription_id"]
        )

    def store_customer(self, user_id: str, customer_id: str) -> str:
        row = self._one("select public.store_stripe_customer(%s, %s) as customer", (user_id, customer_id))
        return str(row["customer"]) if row and row["customer"] else customer_id

    def apply_event(self, event: dict[str, Any], change: dict[str, Any]) -> tuple[str, str | None]:
        row = self._one(
            "select * from public.apply_billing_event(%s, %s, %s, %s, %s)",
            (event["id"], event.get("type", ""), bool(event.get("livemode")), Jsonb(event), Jsonb(change)),
        )
        assert row is not None
        return row["outcome"], str(row["user_id"]) if row["user_id"] else None

    def billing_status(self, user_id: str) -> dict[str, Any] | None:
        return self._one("select * from public.billing_status(%s)", (user_id,))

    def plans(self) -> list[dict[str, Any]]:
        try:
            with self._db.as_service() as conn:
                return conn.execute("select * from public.plans order by sort_order").fetchall()
        except psycopg.Error as error:
            raise as_data_error(error) from error
