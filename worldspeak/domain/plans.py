"""Plan allowances: seconds are the unit; minutes are for display only.

Whether a period has rolled over is decided once, in the database
(`public.microphone_allowance()`); this module only presents the result. Each plan's
allowance is stored in the `plans` table, the one source of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SECONDS_PER_MINUTE = 60


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
