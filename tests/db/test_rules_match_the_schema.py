"""Each rule the Python side checks before saving is the one the schema enforces.

The database is the authority for stored data; these tests read its check constraints and rows,
so a migration that changes a rule fails here until the Python constant follows.
"""

from __future__ import annotations

import re

from worldspeak.domain.languages import DAILY_TARGET_MINUTES, LEARNING_STYLES, MAX_TARGET_LANGUAGES, PROFICIENCY_LEVELS
from worldspeak.domain.onboarding import MAX_NAME_LENGTH


def constraint_on(db, table: str, column: str) -> str:
    """The definition of the one check constraint on `table` that mentions `column`."""
    rows = db.execute(
        "select pg_get_constraintdef(oid) as definition from pg_constraint"
        " where conrelid = %s::regclass and contype = 'c'",
        (table,),
    ).fetchall()
    found = [row["definition"] for row in rows if re.search(rf"\b{column}\b", row["definition"])]
    assert len(found) == 1, f"expected one check on {table}.{column}, found {found}"
    return found[0]


def quoted_values(definition: str) -> tuple[str, ...]:
    return tuple(re.findall(r"'([a-z_]+)'::text", definition))


def test_proficiency_levels(db):
    assert quoted_values(constraint_on(db, "public.language_settings", "proficiency_level")) == PROFICIENCY_LEVELS


def test_learning_styles(db):
    assert quoted_values(constraint_on(db, "public.profiles", "learning_style")) == LEARNING_STYLES


def test_daily_target_minutes(db):
    definition = constraint_on(db, "public.language_settings", "daily_target_minutes")
    assert tuple(int(n) for n in re.findall(r"\d+", definition)) == DAILY_TARGET_MINUTES


def test_name_length(db):
    definition = constraint_on(db, "public.profiles", "full_name")
    assert re.findall(r"\d+", definition) == [str(MAX_NAME_LENGTH)]


def test_target_language_count(db):
    definition = constraint_on(db, "public.profiles", "target_languages")
    assert re.findall(r"<= (\d+)", definition) == [str(MAX_TARGET_LANGUAGES)]


def test_plan_minutes_are_the_brief_s(db):
    # The plans table is the one source of each allowance (billing and the meter read it).
    rows = db.execute("select plan_type, monthly_limit_seconds from public.plans order by sort_order").fetchall()
    assert {row["plan_type"]: row["monthly_limit_seconds"] for row in rows} == {
        "free": 60 * 60,
        "standard": 900 * 60,
        "premium": 3000 * 60,
        "enterprise": None,  # set per contract, on the subscription
    }
