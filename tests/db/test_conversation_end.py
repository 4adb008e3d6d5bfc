"""What ending a conversation does (…_conversation_end.sql) and the message counters (…_messages.sql)."""

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from tests.support.actors import as_learner, create_user


def learner_in(db, timezone="UTC"):
    user_id = create_user(db)
    db.execute("update profiles set timezone = %s where id = %s", (timezone, user_id))
    return user_id


def finished(
    db, user_id, ended_at, minutes=10, language="en", scenario="cafe", overall=None, script_id=None, scores=None
):
    """A conversation imported already ended (the insert path runs the same end-of-conversation steps)."""
    scores = scores or {}
    return db.execute(
        # An import carries its counters; one learner turn makes it count towards achievements.
        "insert into conversations (user_id, language_pair, scenario, started_at, ended_at, overall_score,"
        " fluency_score, accuracy_score, pronunciation_score, script_id, script_enabled, user_message_count)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1) returning id",
        (
            user_id,
            psycopg.types.json.Jsonb({"native": "ja", "target": language}),
            scenario,
            ended_at - timedelta(minutes=minutes),
            ended_at,
            overall,
            scores.get("fluency"),
            scores.get("accuracy"),
            scores.get("pronunciation"),
            script_id,
            script_id is not None,
        ),
    ).fetchone()["id"]


def open_conversation(conn, learner):
    """Start an English café conversation as the learner would (inside an acting block)."""
    return conn.execute(
        "insert into conversations (user_id, language_pair, scenario)"
        " values (%s, '{\"target\": \"en\"}', 'cafe') returning id",
        (learner,),
    ).fetchone()["id"]


def progress(db, user_id, language="en"):
    return db.execute(
        "select * from learning_progress where user_id = %s and language_code = %s", (user_id, language)
    ).fetchone()


def earned(db, user_id):
    return {
        r["achievement_code"]
        for r in db.execute(
            "select achievement_code from achievements where user_id = %s and is_earned", (user_id,)
        ).fetchall()
    }


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- message counters --------------------------------------------------------------
def test_message_inserts_and_deletes_keep_the_counters_right(db):
    learner = create_user(db)
    with as_learner(db, learner, commit=True) as c:
        conversation = open_conversation(c, learner)
        c.execute(
            "insert into messages (conversation_id, user_id, content, language) values (%s, %s, %s, 'en')",
            (conversation, learner, "I would like a  large coffee"),
        )
        c.execute(
            "insert into messages (conversation_id, user_id, content, language, is_ai, message_type)"
            " values (%s, %s, 'Sure! Anything else?', 'en', true, 'ai_response')",
            (conversation, learner),
        )
        c.execute(
            "insert into messages (conversation_id, user_id, content, language) values (%s, %s, %s, 'ja')",
            (conversation, learner, "コーヒーをください。"),
        )
    row = db.execute("select * from conversations where id = %s", (conversation,)).fetchone()
    assert (row["message_count"], row["user_message_count"], row["ai_message_count"]) == (3, 2, 1)
    assert row["words_spoken"] == 6 + 9  # six English words, nine Japanese characters (ー counts, 。 does not)
    db.execute("delete from messages where conversation_id = %s and language = 'ja'", (conversation,))
    row = db.execute("select * from conversations where id = %s", (conversation,)).fetchone()
    assert (row["message_count"], row["user_message_count"], row["words_spoken"]) == (2, 1, 6)


def test_no_message_can_be_added_to_an_ended_conversation(db):
    learner = create_user(db)
    conversation = finished(db, learner, at("2026-11-01T10:00:00"))
    with as_learner(db, learner) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute(
            "insert into messages (conversation_id, user_id, content, language) values (%s, %s, 'late', 'en')",
            (conversation, learner),
        )


# -- ending --------------------------------------------------------------------------
def test_ending_fills_statistics_and_moves_progress_once(db):
    learner = create_user(db)
    db.execute(
        "insert into language_settings (user_id, language_code, proficiency_level, daily_target_minutes)"
        " values (%s, 'en', 'intermediate', 20)",
        (learner,),
    )
    with as_learner(db, learner, commit=True) as c:
        conversation = open_conversation(c, learner)
        for text, ms in (("Hello there, hello!", 2400), ("A coffee, please.", 1600)):
            c.execute(
                "insert into messages (conversation_id, user_id, content, language, audio_duration_ms)"
                " values (%s, %s, %s, 'en', %s)",
                (conversation, learner, text, ms),
            )
    db.execute(
        "update conversations set started_at = now() - interval '125 seconds', overall_score = 80,"
        " fluency_score = 70 where id = %s",
        (conversation,),
    )
    assert progress(db, learner) is None  # nothing moves before the end
    with as_learner(db, learner, commit=True) as c:
        c.execute("update conversations set ended_at = now() where id = %s", (conversation,))
    row = db.execute("select * from conversations where id = %s", (conversation,)).fetchone()
    assert 124 <= row["duration_seconds"] <= 127
    assert row["actual_speaking_time"] == 4
    assert row["unique_words_used"] == 5  # hello, there, a, coffee, please
    first = progress(db, learner)
    assert first["total_study_seconds"] == row["duration_seconds"]
    assert first["total_study_time_minutes"] == 2
    assert first["consecutive_days"] == 1
    assert (first["speaking_level"], first["fluency_score"]) == (80, 70)
    assert first["weekly_goal_minutes"] == 140
    settings = db.execute("select * from language_settings where user_id = %s", (learner,)).fetchone()
    assert (settings["total_conversations"], settings["total_learning_minutes"]) == (1, 2)
    # A second end is refused and moves nothing.
    with as_learner(db, learner) as c, pytest.raises(psycopg.Error) as caught:
        c.execute("update conversations set ended_at = now() + interval '1 second' where id = %s", (conversation,))
    assert caught.value.sqlstate == "22023"
    assert progress(db, learner)["total_study_seconds"] == first["total_study_seconds"]


def test_learners_cannot_end_in_the_future_or_write_scores(db):
    learner = create_user(db)
    with as_learner(db, learner, commit=True) as c:
        conversation = open_conversation(c, learner)
    with as_learner(db, learner) as c, pytest.raises(psycopg.Error) as caught:
        c.execute("update conversations set ended_at = now() + interval '1 day' where id = %s", (conversation,))
    assert caught.value.sqlstate == "22023"
    with as_learner(db, learner) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("update conversations set overall_score = 100 where id = %s", (conversation,))


def test_streak_counts_days_in_the_learners_time_zone_across_midnight(db):
    tokyo = learner_in(db, "Asia/Tokyo")
    utc = learner_in(db, "UTC")
    # 14:30 and 15:30 UTC are 23:30 and 00:30 in Tokyo: two Tokyo days, one UTC day.
    for learner in (tokyo, utc):
        finished(db, learner, at("2026-11-20T14:30:00"))
        finished(db, learner, at("2026-11-20T15:30:00"))
    assert progress(db, tokyo)["consecutive_days"] == 2
    assert progress(db, tokyo)["last_study_date"].isoformat() == "2026-11-21"
    assert progress(db, utc)["consecutive_days"] == 1
    assert progress(db, utc)["last_study_date"].isoformat() == "2026-11-20"


def test_streak_grows_day_by_day_holds_within_a_day_and_resets_after_a_gap(db):
    learner = learner_in(db, "America/New_York")
    days = ["2026-11-01T15:00:00", "2026-11-02T15:00:00", "2026-11-02T20:00:00", "2026-11-03T15:00:00"]
    for ended in days:
        finished(db, learner, at(ended))
    assert progress(db, learner)["consecutive_days"] == 3
    assert "streak_3" in earned(db, learner)
    finished(db, learner, at("2026-11-06T15:00:00"))
    assert progress(db, learner)["consecutive_days"] == 1
    assert "streak_3" in earned(db, learner), "a broken streak does not take a badge back"
    badge = db.execute(
        "select progress from achievements where user_id = %s and achievement_code = 'streak_3'", (learner,)
    ).fetchone()
    assert badge["progress"] == 100


def test_weekly_minutes_restart_each_week_in_the_learners_zone(db):
    learner = learner_in(db, "Europe/Berlin")
    finished(db, learner, at("2026-11-15T12:00:00"), minutes=30)  # Sunday
    assert progress(db, learner)["weekly_achieved_minutes"] == 30
    finished(db, learner, at("2026-11-15T22:30:00"), minutes=20)  # 23:30 Berlin: still Sunday
    assert progress(db, learner)["weekly_achieved_minutes"] == 50
    finished(db, learner, at("2026-11-15T23:30:00"), minutes=15)  # 00:30 Monday in Berlin: new week
    row = progress(db, learner)
    assert row["weekly_achieved_minutes"] == 15
    assert row["week_start"].isoformat() == "2026-11-16"
    assert row["total_study_time_minutes"] == 65


def test_skill_levels_average_the_last_30_days(db):
    learner = create_user(db)
    finished(db, learner, at("2026-09-01T10:00:00"), overall=10, scores={"fluency": 10})
    finished(db, learner, at("2026-11-01T10:00:00"), overall=60, scores={"fluency": 50, "accuracy": 70})
    finished(db, learner, at("2026-11-10T10:00:00"), overall=80, scores={"fluency": 70, "pronunciation": 90})
    row = progress(db, learner)
    assert row["speaking_level"] == 70
    assert row["fluency_score"] == 60
    assert row["grammar_accuracy"] == 70
    assert row["pronunciation_accuracy"] == 90
    assert row["topic_mastery"] == {"cafe": 70}


def test_first_conversation_is_earned_at_completion_not_at_start(db):
    learner = create_user(db)
    with as_learner(db, learner, commit=True) as c:
        conversation = open_conversation(c, learner)
        c.execute(
            "insert into messages (conversation_id, user_id, content, language) values (%s, %s, 'Hello!', 'en')",
            (conversation, learner),
        )
    assert earned(db, learner) == set()
    with as_learner(db, learner, commit=True) as c:
        c.execute("update conversations set ended_at = now() where id = %s", (conversation,))
    assert earned(db, learner) == {"first_conversation"}


def test_achievements_for_minutes_scores_scripts_and_languages(db):
    learner = create_user(db)
    script = db.execute("select id from conversation_scripts order by id limit 1").fetchone()["id"]
    finished(db, learner, at("2026-11-01T10:00:00"), minutes=61, overall=92, script_id=script)
    finished(db, learner, at("2026-11-01T11:00:00"), language="es")
    assert {"first_conversation", "minutes_60", "score_90", "first_script"} <= earned(db, learner)
    assert "languages_3" not in earned(db, learner)
    finished(db, learner, at("2026-11-01T12:00:00"), language="fr")
    assert "languages_3" in earned(db, learner)
    rows = db.execute("select count(*) as n from achievements where user_id = %s", (learner,)).fetchone()["n"]
    catalog = db.execute("select count(*) as n from achievement_catalog where is_active").fetchone()["n"]
    assert rows == catalog >= 12
    progress_10 = db.execute(
        "select progress, earned_at from achievements where user_id = %s and achievement_code = 'conversations_10'",
        (learner,),
    ).fetchone()
    assert progress_10 == {"progress": 30, "earned_at": None}


def test_earned_at_is_kept_from_the_first_time(db):
    learner = create_user(db)
    finished(db, learner, at("2026-11-01T10:00:00"))
    first = db.execute(
        "select earned_at from achievements where user_id = %s and achievement_code = 'first_conversation'", (learner,)
    ).fetchone()["earned_at"]
    finished(db, learner, at("2026-11-02T10:00:00"))
    again = db.execute(
        "select earned_at from achievements where user_id = %s and achievement_code = 'first_conversation'", (learner,)
    ).fetchone()["earned_at"]
    assert again == first


def test_catalog_has_the_tiers_the_product_promises(db):
    codes = {r["code"]: r for r in db.execute("select * from achievement_catalog").fetchall()}
    for code in (
        "first_conversation",
        "streak_3",
        "streak_7",
        "streak_30",
        "minutes_60",
        "minutes_600",
        "minutes_3000",
        "conversations_10",
        "conversations_50",
        "conversations_200",
        "first_script",
        "score_90",
        "languages_3",
    ):
        assert code in codes, code
    assert {r["tier"] for r in codes.values()} == {"bronze", "silver", "gold", "platinum"}
    assert all(r["name"]["ja"] and r["description"]["ja"] for r in codes.values())


def test_an_unknown_learner_id_in_a_conversation_is_refused(db):
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        finished(db, uuid.uuid4(), at("2026-11-01T10:00:00"))


def test_a_free_learner_cannot_start_a_premium_script(db):
    learner = create_user(db)
    premium = db.execute("select id from conversation_scripts where is_premium limit 1").fetchone()["id"]
    free = db.execute("select id from conversation_scripts where not is_premium limit 1").fetchone()["id"]
    with as_learner(db, learner) as c:
        c.execute(
            "insert into conversations (user_id, language_pair, scenario, script_id, script_enabled)"
            " values (%s, '{\"target\": \"en\"}', 'cafe', %s, true)",
            (learner, free),
        )
    with as_learner(db, learner) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute(
            "insert into conversations (user_id, language_pair, scenario, script_id, script_enabled)"
            " values (%s, '{\"target\": \"en\"}', 'cafe', %s, true)",
            (learner, premium),
        )
