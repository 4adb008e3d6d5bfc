"""What the app may rely on from `LearnerData`/`ServiceData`, whichever mode is behind them."""

import uuid

import jwt
import pytest

from worldspeak.domain.onboarding import build_answers
from worldspeak.ports import AuthError, DataError


@pytest.fixture
def learner(backend):
    """A brand-new learner: (session, learner data). Deleted afterwards through the service path."""
    auth, gateway = backend
    session = auth.sign_up(f"contract-{uuid.uuid4().hex[:12]}@example.com", "contract-password")
    yield session, gateway.for_learner(session.access_token)
    gateway.service().delete_user(session.user_id)


def onboarding(**overrides):
    values = dict(
        full_name="Ren",
        native_language="ja",
        targets={"en": "intermediate", "es": "beginner"},
        timezone="Asia/Tokyo",
        learning_style="visual",
        daily_target_minutes=15,
    )
    values.update(overrides)
    return build_answers(**values)


def test_a_new_learner_has_a_profile_and_a_free_plan(learner):
    session, data = learner
    profile = data.profile()
    assert str(profile["id"]) == session.user_id
    assert profile["email"] == session.email
    assert profile["onboarding_completed_at"] is None
    subscription = data.subscription()
    assert subscription["plan_type"] == "free"
    assert subscription["monthly_seconds_limit"] == 3600
    assert subscription["seconds_used"] == 0
    assert data.language_settings() == []


def test_onboarding_saves_profile_and_language_settings(learner):
    _session, data = learner
    data.complete_onboarding(onboarding())
    profile = data.profile()
    assert profile["full_name"] == "Ren"
    assert profile["native_language"] == "ja"
    assert profile["target_languages"] == ["en", "es"]
    assert profile["proficiency_levels"] == {"en": "intermediate", "es": "beginner"}
    assert profile["timezone"] == "Asia/Tokyo"
    assert profile["onboarding_completed_at"] is not None
    assert [
        (r["language_code"], r["proficiency_level"], r["daily_target_minutes"]) for r in data.language_settings()
    ] == [("en", "intermediate", 15), ("es", "beginner", 15)]


def test_onboarding_again_replaces_the_languages(learner):
    _session, data = learner
    data.complete_onboarding(onboarding())
    data.complete_onboarding(onboarding(targets={"fr": "advanced"}))
    assert [r["language_code"] for r in data.language_settings()] == ["fr"]
    assert data.profile()["target_languages"] == ["fr"]


@pytest.mark.parametrize(
    "bad",
    [
        {"learning_style": "telepathic"},
        {"timezone": "Mars/Olympus_Mons"},
        {"daily_target_minutes": 100000},
    ],
)
def test_invalid_onboarding_values_are_refused_and_nothing_is_half_saved(learner, bad):
    _session, data = learner
    answers = onboarding(**bad)
    if "timezone" in bad:  # build_answers would have corrected it; send the raw value
        answers = answers.__class__(**{**answers.__dict__, "timezone": bad["timezone"]})
    with pytest.raises(DataError) as caught:
        data.complete_onboarding(answers)
    assert caught.value.code == "invalid_value"
    assert data.profile()["onboarding_completed_at"] is None
    assert data.language_settings() == []


def test_hostile_text_is_stored_as_text(learner):
    _session, data = learner
    data.complete_onboarding(onboarding(full_name="Robert'); drop table profiles;-- <script>"))
    assert data.profile()["full_name"] == "Robert'); drop table profiles;-- <script>"


def test_a_learner_sees_only_their_own_rows(backend, learner):
    auth, gateway = backend
    _session, data = learner
    data.complete_onboarding(onboarding())
    other = auth.sign_up(f"contract-{uuid.uuid4().hex[:12]}@example.com", "contract-password")
    try:
        other_data = gateway.for_learner(other.access_token)
        assert str(other_data.profile()["id"]) == other.user_id
        assert other_data.language_settings() == []
        assert str(other_data.subscription()["user_id"]) == other.user_id
    finally:
        gateway.service().delete_user(other.user_id)


def test_a_forged_token_reads_nothing(backend, learner):
    _auth, gateway = backend
    session, _data = learner
    claims = jwt.decode(session.access_token, options={"verify_signature": False})
    forged = jwt.encode({**claims, "app_metadata": {"role": "admin"}}, "forged-" + "z" * 40, algorithm="HS256")
    with pytest.raises(AuthError):
        gateway.for_learner(forged).profile()


def test_the_service_path_finds_promotes_and_deletes_users(backend):
    auth, gateway = backend
    email = f"contract-{uuid.uuid4().hex[:12]}@example.com"
    session = auth.sign_up(email, "contract-password")
    service = gateway.service()
    assert service.database_status() == "ok"
    assert service.find_user_id(email) == session.user_id
    service.set_app_metadata(session.user_id, {"role": "admin"})
    assert auth.sign_in(email, "contract-password").is_admin
    service.delete_user(session.user_id)
    assert service.find_user_id(email) is None


def test_recording_usage_counts_exact_seconds_and_refuses_past_the_limit(learner):
    _session, data = learner
    assert data.microphone_allowance()["remaining_seconds"] == 3600
    after = data.record_microphone_usage(59, "en")
    assert (after["seconds_used"], after["remaining_seconds"]) == (59, 3541)
    data.record_microphone_usage(3541, "en", "pronunciation_check")
    assert data.microphone_allowance()["remaining_seconds"] == 0
    with pytest.raises(DataError) as caught:
        data.record_microphone_usage(1, "en")
    assert caught.value.code == "monthly_limit_reached"
    assert data.subscription()["seconds_used"] == 3600


@pytest.mark.parametrize("seconds", [0, -5, 3601])
def test_impossible_recordings_are_refused(learner, seconds):
    _session, data = learner
    with pytest.raises(DataError) as caught:
        data.record_microphone_usage(seconds, "en")
    assert caught.value.code == "invalid_value"
    assert data.subscription()["seconds_used"] == 0


def test_home_dashboard_and_lists_for_a_new_learner(learner):
    _session, data = learner
    dashboard = data.home_dashboard()
    assert dashboard["allowance"]["plan_type"] == "free"
    assert dashboard["allowance"]["can_record"] is True
    assert dashboard["progress"] == []
    assert dashboard["recent_conversations"] == []
    assert dashboard["achievements_earned"] == 0
    assert data.conversations() == []
    assert data.conversation_messages("00000000-0000-4000-8000-000000000000") == []
