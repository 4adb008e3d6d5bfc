"""Who may do what to each table in schema public: the specification test_rls_matrix.py checks.

Each cell is what happens when the actor runs the operation against a row that belongs to the owner
(for reference tables, the owner is simply a signed-in learner):

    rows           the statement sees or changes the owner's row
    none           the statement succeeds but RLS filters the row out: 0 rows seen or changed
    denied         no privilege for the role: "permission denied", SQLSTATE 42501
    rls_violation  the privilege exists but a WITH CHECK policy refuses the new row, SQLSTATE 42501
    n/a            the table has no owner, so "another learner" is the same case as the owner

Actors: the owner; another learner; anon (signed out); an admin (app_metadata.role = 'admin').
"""

from __future__ import annotations

from typing import NamedTuple

ROWS = "rows"
NONE = "none"
DENIED = "denied"
RLS_VIOLATION = "rls_violation"
N_A = "n/a"

ACTORS = ("owner", "other_learner", "anon", "admin")
OPERATIONS = ("select", "insert", "update", "delete")


class Expect(NamedTuple):
    owner: str
    other_learner: str
    anon: str
    admin: str


# A learner's own data: they read it, admins read it, nobody else sees it.
_READ_ONLY_OWN_ROWS = {
    "select": Expect(owner=ROWS, other_learner=NONE, anon=DENIED, admin=ROWS),
    "insert": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
    "update": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
    "delete": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
}
# A learner's own data that they also write. Admins read it but never write it for them.
_OWN_ROWS = {
    "select": Expect(owner=ROWS, other_learner=NONE, anon=DENIED, admin=ROWS),
    "insert": Expect(owner=ROWS, other_learner=RLS_VIOLATION, anon=DENIED, admin=RLS_VIOLATION),
    "update": Expect(owner=ROWS, other_learner=NONE, anon=DENIED, admin=NONE),
    "delete": Expect(owner=ROWS, other_learner=NONE, anon=DENIED, admin=NONE),
}
# Reference data shown before sign-in; only the service role (migrations, ops) writes it.
_PUBLIC_REFERENCE = {
    "select": Expect(owner=ROWS, other_learner=N_A, anon=ROWS, admin=ROWS),
    "insert": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
    "update": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
    "delete": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
}

# Keys are table names; "table:variant" when the rules depend on the row (premium scripts).
MATRIX: dict[str, dict[str, Expect]] = {
    "profiles": {
        # Rows come from the sign-up trigger, and go with the auth user: never from clients.
        "select": Expect(owner=ROWS, other_learner=NONE, anon=DENIED, admin=ROWS),
        "insert": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
        "update": Expect(owner=ROWS, other_learner=NONE, anon=DENIED, admin=NONE),
        "delete": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
    },
    "language_settings": _OWN_ROWS,
    "conversations": _OWN_ROWS,
    "messages": _OWN_ROWS,
    "subscriptions": _READ_ONLY_OWN_ROWS,
    "usage_tracking": _READ_ONLY_OWN_ROWS,
    "learning_progress": _READ_ONLY_OWN_ROWS,
    "achievements": _READ_ONLY_OWN_ROWS,
    "achievement_catalog": _PUBLIC_REFERENCE,
    "plans": _PUBLIC_REFERENCE,
    # The owner is a learner on the free plan. Admins curate scripts; learners only read them.
    "conversation_scripts:free": {
        "select": Expect(owner=ROWS, other_learner=N_A, anon=DENIED, admin=ROWS),
        "insert": Expect(owner=RLS_VIOLATION, other_learner=N_A, anon=DENIED, admin=ROWS),
        "update": Expect(owner=NONE, other_learner=N_A, anon=DENIED, admin=ROWS),
        "delete": Expect(owner=NONE, other_learner=N_A, anon=DENIED, admin=ROWS),
    },
    "conversation_scripts:premium": {
        "select": Expect(owner=NONE, other_learner=N_A, anon=DENIED, admin=ROWS),
        "insert": Expect(owner=RLS_VIOLATION, other_learner=N_A, anon=DENIED, admin=ROWS),
        "update": Expect(owner=NONE, other_learner=N_A, anon=DENIED, admin=ROWS),
        "delete": Expect(owner=NONE, other_learner=N_A, anon=DENIED, admin=ROWS),
    },
    # The owner is the learner an audit row is about. Not even they, nor an admin, can write it.
    "audit_logs": {
        "select": Expect(owner=NONE, other_learner=NONE, anon=DENIED, admin=ROWS),
        "insert": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
        "update": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
        "delete": Expect(owner=DENIED, other_learner=DENIED, anon=DENIED, admin=DENIED),
    },
    # The Stripe webhook's ledger: the service role only.
    "stripe_events": {
        "select": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
        "insert": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
        "update": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
        "delete": Expect(owner=DENIED, other_learner=N_A, anon=DENIED, admin=DENIED),
    },
}

# Where INSERT or UPDATE is granted to authenticated per column, not on the whole table: the only
# columns it may write. Everything else (counters, scores, ids, timestamps) is not the learner's.
AUTHENTICATED_WRITABLE_COLUMNS: dict[tuple[str, str], set[str]] = {
    ("profiles", "update"): {
        "full_name", "avatar_url", "native_language", "target_languages", "current_language_pair",
        "proficiency_levels", "timezone", "preferred_learning_time", "learning_style",
        "onboarding_completed_at", "last_active_at", "preferences",
    },
    ("language_settings", "insert"): {
        "user_id", "language_code", "proficiency_level", "learning_goals", "daily_target_minutes",
        "preferred_voice_id", "speech_rate",
    },
    ("language_settings", "update"): {
        "proficiency_level", "learning_goals", "daily_target_minutes", "preferred_voice_id", "speech_rate",
    },
    ("conversations", "insert"): {
        "id", "user_id", "title", "language_pair", "scenario", "specialization", "difficulty_level", "script_id",
        "script_enabled", "metadata",
    },
    ("conversations", "update"): {"title", "metadata", "ended_at"},
    ("messages", "insert"): {
        "id", "conversation_id", "user_id", "content", "language", "translated_content", "is_ai", "message_type",
        "audio_url", "audio_duration_ms", "pronunciation_analysis", "grammar_corrections", "vocabulary_highlights",
        "metadata",
    },
    ("messages", "update"): {
        "translated_content", "pronunciation_analysis", "grammar_corrections", "vocabulary_highlights", "metadata",
    },
}  # fmt: skip

# Every function in public or private a signed-in learner may call. Anon may call none of them.
AUTHENTICATED_FUNCTIONS = {
    "public.complete_onboarding(text,text,jsonb,text,text,integer)",
    "public.record_microphone_usage(integer,text,text)",
    "public.microphone_allowance()",
    "public.admin_user_statistics(text,text,integer,integer)",
    "public.admin_user_statistics_count(text,text)",
    "public.admin_dashboard()",
    "public.admin_refresh_statistics()",
    "public.admin_learners(text,text,boolean,integer,integer)",
    "public.admin_audit_log(text,text,text,timestamp with time zone,timestamp with time zone,integer,integer)",
    "public.admin_health()",
    "public.admin_learners_export(text,text,boolean)",
    # The script library's cards, premium ones shown locked (…_script_library.sql).
    "public.script_library(text)",
    # Called by the functions and policies above, so the role needs EXECUTE on them too.
    "private.record_microphone_usage(integer,text,text)",
    "private.script_library(text)",
    "private.admin_user_statistics(text,text,integer,integer)",
    "private.admin_user_statistics_count(text,text)",
    "private.admin_dashboard()",
    "private.admin_refresh_statistics()",
    "private.admin_learners(text,text,boolean,integer,integer)",
    "private.admin_audit_log(text,text,text,timestamp with time zone,timestamp with time zone,integer,integer)",
    "private.admin_health()",
    "private.admin_learners_export(text,text,boolean)",
    "private.like_pattern(text)",
    "private.require_admin()",
    "private.is_admin()",
    "private.has_paid_plan()",
    "private.is_language_code(text)",
    "private.utc_month_start(timestamp with time zone)",
    # The grace rule (…_billing.sql), used by the metering and microphone_allowance() above.
    "private.allowance_seconds(subscriptions)",
    "private.may_meter(subscriptions)",
    "private.payment_grace()",
}


def table_of(entry: str) -> str:
    return entry.split(":")[0]
