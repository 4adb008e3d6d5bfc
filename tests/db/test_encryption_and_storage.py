"""Encryption helpers take their key from the caller; the audio bucket keeps each learner in their folder."""

import psycopg
import pytest

from tests.support.actors import acting_as, as_learner, create_user
from worldspeak.localstack.migrations import migration_files

SERVICE = {"role": "service_role"}


def test_round_trip_with_a_key_from_configuration(db):
    key = "k" * 32
    with acting_as(db, "service_role", SERVICE) as c:
        cipher = c.execute("select private.encrypt_text('audio/u/c/1.webm', %s) as v", (key,)).fetchone()["v"]
        assert "audio/" not in cipher
        assert (
            c.execute("select private.decrypt_text(%s, %s) as v", (cipher, key)).fetchone()["v"] == "audio/u/c/1.webm"
        )
        with pytest.raises(psycopg.Error):
            c.execute("select private.decrypt_text(%s, %s)", (cipher, "w" * 32))


def test_a_missing_or_short_key_is_refused(db):
    with acting_as(db, "service_role", SERVICE) as c, pytest.raises(psycopg.Error) as caught:
        c.execute("select private.encrypt_text('x', '')")
    assert caught.value.sqlstate == "22023"


def test_learners_cannot_call_the_helpers(db):
    learner = create_user(db)
    with as_learner(db, learner) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("select private.encrypt_text('x', %s)", ("k" * 32,))


def test_no_key_or_password_is_written_in_a_migration():
    for migration in migration_files():
        text = migration.path.read_text().lower()
        assert "app.encryption_key" not in text
        assert " password '" not in text and "with login password" not in text


def test_audio_objects_stay_in_the_learners_own_folder(db):
    owner, other = create_user(db), create_user(db)
    with as_learner(db, owner, commit=True) as c:
        c.execute(
            "insert into storage.objects (bucket_id, name, owner_id) values ('audio', %s, %s)",
            (f"{owner}/conv/1.webm", str(owner)),
        )
    with as_learner(db, other) as c:
        assert c.execute("select count(*) as n from storage.objects where bucket_id = 'audio'").fetchone()["n"] == 0
    with as_learner(db, other) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("insert into storage.objects (bucket_id, name) values ('audio', %s)", (f"{owner}/conv/2.webm",))
    with as_learner(db, owner) as c:
        assert c.execute("select count(*) as n from storage.objects where bucket_id = 'audio'").fetchone()["n"] == 1
    bucket = db.execute("select public, file_size_limit from storage.buckets where id = 'audio'").fetchone()
    assert bucket == {"public": False, "file_size_limit": 26214400}
