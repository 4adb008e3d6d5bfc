"""The seed's conversation scripts meet the content rules (issue: ≥ 24 scripts across six languages)."""

from collections import Counter

LANGUAGES = {"en", "es", "fr", "de", "ja", "zh"}
CATEGORIES = {"travel", "business", "daily_life", "medical", "academic"}


def scripts(db):
    return db.execute("select * from conversation_scripts where id::text like '5c000000-%'").fetchall()


def test_at_least_24_scripts_across_the_six_languages_and_five_categories(db):
    rows = scripts(db)
    assert len(rows) >= 24
    assert {r["target_language"] for r in rows} == LANGUAGES
    assert {r["category"] for r in rows} == CATEGORIES
    per_language = Counter(r["target_language"] for r in rows)
    assert min(per_language.values()) >= 4


def test_difficulty_spans_1_to_10_and_some_are_premium(db):
    rows = scripts(db)
    assert {r["difficulty_level"] for r in rows} >= {1, 10}
    assert all(1 <= r["difficulty_level"] <= 10 for r in rows)
    assert 0 < sum(r["is_premium"] for r in rows) < len(rows)


def test_every_script_alternates_speakers_with_alternatives_notes_and_vocabulary(db):
    for row in scripts(db):
        segments = row["script_segments"]
        assert len(segments) >= 6, row["title"]
        assert [s["order"] for s in segments] == list(range(1, len(segments) + 1))
        speakers = [s["speaker"] for s in segments]
        assert all(a != b for a, b in zip(speakers, speakers[1:], strict=False)), row["title"]
        assert set(speakers) == {"learner", "partner"}
        for segment in segments:
            assert segment["text"].strip()
            if segment["speaker"] == "learner":
                assert 1 <= len(segment["alternatives"]) <= 3, row["title"]
            else:
                assert "alternatives" not in segment
        assert row["cultural_notes"]["en"] and row["cultural_notes"]["ja"]
        assert len(row["cultural_notes"]["en"]) == len(row["cultural_notes"]["ja"])
        assert 4 <= len(row["vocabulary_focus"]) <= 8
        assert all(v["meaning"]["en"] and v["meaning"]["ja"] for v in row["vocabulary_focus"])


def test_seed_is_idempotent(cluster, test_db, db):
    from worldspeak.localstack.migrations import apply_seed

    before = len(scripts(db))
    apply_seed(cluster, test_db)
    assert len(scripts(db)) == before
