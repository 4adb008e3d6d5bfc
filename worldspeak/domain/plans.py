"""Plan allowances: seconds are the unit; minutes are for display only.

Whether a period has rolled over is decided once, in the database
(`public.microphone_allowance()`); this module only presents the result.
"""

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
    can_record: bool = True

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


def allowance_from_row(row: dict[str, Any]) -> Allowance:
    """From a `microphone_allowance()` row (psycopg gives datetimes, the Data API ISO strings)."""
    period_end = row["current_period_end"]
    if isinstance(period_end, str):
        period_end = datetime.fromisoformat(period_end.replace("Z", "+00:00"))
    return Allowance(
        plan_type=row["plan_type"],
        limit_seconds=int(row["monthly_seconds_limit"]),
        used_seconds=int(row["seconds_used"]),
        period_end=period_end,
        can_record=bool(row.get("can_record", True)),
    )
