"""Plan allowances, in seconds; minutes only for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

SECONDS_PER_MINUTE = 60
MONTHLY_MINUTES = {"free": 60, "standard": 900, "premium": 3000}


@dataclass(frozen=True)
class Allowance:
    plan_type: str
    limit_seconds: int
    used_seconds: int
    period_end: datetime

    @property
    def remaining_seconds(self) -> int:
        return max(self.limit_seconds - self.used_seconds, 0)

    @property
    def remaining_minutes(self) -> int:
        # Round down: never promise a minute the learner does not have.
        return self.remaining_seconds // SECONDS_PER_MINUTE

    @property
    def limit_minutes(self) -> int:
        return self.limit_seconds // SECONDS_PER_MINUTE

    @property
    def used_fraction(self) -> float:
        return min(self.used_seconds / self.limit_seconds, 1.0) if self.limit_seconds else 1.0


def allowance_from_subscription(row: dict[str, Any], now: datetime | None = None) -> Allowance:
    """The allowance shown to the learner. A free period that has ended counts as fresh."""
    used = int(row["seconds_used"])
    period_end = row["current_period_end"]
    if isinstance(period_end, str):
        period_end = datetime.fromisoformat(period_end.replace("Z", "+00:00"))
    moment = now or datetime.now(period_end.tzinfo)
    if row["plan_type"] == "free" and moment >= period_end:
        used = 0
    return Allowance(row["plan_type"], int(row["monthly_seconds_limit"]), used, period_end)
