"""What the app may rely on from `LearnerData`/`ServiceData`, whichever mode is behind them."""

import uuid
from dataclasses import dataclass

import jwt
import pytest

from worldspeak.domain.accounts import AuthSession
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
    assert profile.user_id == session.user_id
    assert profile.email == session.email
    assert profile.onboarding_completed_at is None and not profile.onboarded
    subscription = data.subscription()
    assert subscription.plan_type == "free"
    assert subscription.monthly_seconds_limit == 3600
    assert subscription.seconds_used == 0
    assert data.language_settings() == ()


def test_onboarding_saves_profile_and_language_settings(learner):
    _session, data = learner
    data.complete_onboarding(onboarding())
    profile = data.profile()
    assert profile.full_name == "Ren"
    assert profile.native_language == "ja"
    assert profile.target_languages == ("en", "es")
    assert profile.proficiency_levels == {"en": "intermediate", "es": "beginner"}
    assert profile.timezone == "Asia/Tokyo"
    assert profile.onboarded
    assert [(r.language_code, r.proficiency_level, r.daily_target_minutes) for r in data.language_settings()] == [
        ("en", "intermediate", 15),
        ("es", "beginner", 15),
    ]


def test_onboarding_again_replaces_the_languages(learner):
    _session, data = learner
    data.complete_onboarding(onboarding())
    data.complete_onboarding(onboarding(targets={"fr": "advanced"}))
    assert [r.language_code for r in data.language_settings()] == ["fr"]
    assert data.profile().target_languages == ("fr",)


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
    assert not data.profile().onboarded
    assert data.language_settings() == ()


def test_hostile_text_is_stored_as_text(learner):
    _session, data = learner
    data.complete_onboarding(onboarding(full_name="Robert'); drop table profiles;-- <script>"))
    assert data.profile().full_name == "Robert'); drop table profiles;-- <script>"


@dataclass
class Actor:
    name: str
    session: AuthSession
    data: object
    targets: tuple[str, ...]
    conversation_id: str
    seconds_used: int


@pytest.fixture(scope="module")
def population(backend):
    """An admin and two learners, each with languages, a finished conversation and metered usage of their own.

    The admin matters most: RLS lets them read every row, so only the adapter's own filter keeps
    "my languages" theirs.
    """
    auth, gateway = backend
    service = gateway.service()
    actors, made = [], []
    for name, native, targets, seconds, admin in (
        ("admin", "en", {"ja": "elementary"}, 30, True),
        ("learner", "ja", {"en": "intermediate", "es": "beginner"}, 59, False),
        ("other learner", "ja", {"fr": "advanced"}, 7, False),
    ):
        email = f"contract-{name.replace(' ', '-')}-{uuid.uuid4().hex[:8]}@example.com"
        session = auth.sign_up(email, "contract-password")
        made.append(session.user_id)
        gateway.for_learner(session.access_token).complete_onboarding(
            onboarding(full_name=name, native_language=native, targets=targets)
        )
        if admin:
            service.set_app_metadata(session.user_id, {"role": "admin"})
            session = auth.sign_in(email, "contract-password")
            assert session.is_admin
        data = gateway.for_learner(session.access_token)
        language = sorted(targets)[0]
        conversation_id = backend.planter.finished_conversation(session.user_id, language, f"{name} scenario")
        data.record_microphone_usage(seconds, language)
        actors.append(Actor(name, session, data, tuple(sorted(targets)), conversation_id, seconds))
    yield {actor.name: actor for actor in actors}
    for user_id in made:
        service.delete_user(user_id)


ACTORS = ("admin", "learner", "other learner")


@pytest.mark.parametrize("name", ACTORS)
def test_every_read_returns_only_the_callers_own_rows(population, name):
    me = population[name]
    others = [actor for actor in population.values() if actor is not me]
    data = me.data

    assert data.profile().user_id == me.session.user_id
    assert data.profile().full_name == name
    assert tuple(setting.language_code for setting in data.language_settings()) == me.targets
    assert data.subscription().user_id == me.session.user_id
    assert data.subscription().seconds_used == me.seconds_used
    assert data.microphone_allowance().used_seconds == me.seconds_used

    conversations = data.conversations()
    assert [c.id for c in conversations] == [me.conversation_id]
    messages = data.conversation_messages(me.conversation_id)
    assert [m["content"] for m in messages] == [f"my {name} scenario line"]

    dashboard = data.home_dashboard()
    assert dashboard.allowance.used_seconds == me.seconds_used
    assert [c.id for c in dashboard.recent_conversations] == [me.conversation_id]
    assert [p.language_code for p in dashboard.progress] == [me.targets[0]]
    for other in others:
        # Another's conversation is not "mine", even for an admin whom RLS would let read it.
        assert data.conversation_messages(other.conversation_id) == []
        assert other.conversation_id not in {c.id for c in data.conversations(limit=100)}


def test_achievement_counts_are_per_learner(population):
    counts = {name: population[name].data.home_dashboard().achievements_earned for name in ACTORS}
    # Each finished one conversation, so each earned the same first-conversation achievements: an
    # unfiltered count would have tripled the admin's.
    assert counts["admin"] == counts["learner"] == counts["other learner"]
    assert counts["learner"] >= 1


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
    assert data.microphone_allowance().remaining_seconds == 3600
    after = data.record_microphone_usage(59, "en")
    assert (after.seconds_used, after.remaining_seconds) == (59, 3541)
    data.record_microphone_usage(3541, "en", "pronunciation_check")
    assert data.microphone_allowance().remaining_seconds == 0
    with pytest.raises(DataError) as caught:
        data.record_microphone_usage(1, "en")
    assert caught.value.code == "monthly_limit_reached"
    assert data.subscription().seconds_used == 3600


@pytest.mark.parametrize("seconds", [0, -5, 3601])
def test_impossible_recordings_are_refused(learner, seconds):
    _session, data = learner
    with pytest.raises(DataError) as caught:
        data.record_microphone_usage(seconds, "en")
    assert caught.value.code == "invalid_value"
    assert data.subscription().seconds_used == 0


def test_home_dashboard_and_lists_for_a_new_learner(learner):
    _session, data = learner
    dashboard = data.home_dashboard()
    assert dashboard.allowance.plan_type == "free"
    assert dashboard.allowance.can_record is True
    assert dashboard.progress == ()
    assert dashboard.recent_conversations == ()
    assert dashboard.achievements_earned == 0
    assert data.conversations() == ()
    assert data.conversation_messages("00000000-0000-4000-8000-000000000000") == []
