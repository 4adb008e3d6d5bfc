"""services.home and services.onboarding with fakes of the data port."""

from tests.services.fakes import FakeGateway, dashboard
from worldspeak.domain.learner import LanguageSetting
from worldspeak.domain.onboarding import build_answers
from worldspeak.services.home import home_summary
from worldspeak.services.onboarding import save_onboarding


def test_home_summary_takes_the_longest_streak_and_the_learners_languages():
    gateway = FakeGateway()
    gateway.store.dashboards["aiko"] = dashboard({"en": 3, "es": 9}, used_seconds=600)
    gateway.store.languages["aiko"] = (LanguageSetting("en", "beginner", 30, 1.0),)
    summary = home_summary(gateway.for_learner("live:aiko"))
    assert summary.streak_days == 9
    assert summary.allowance.remaining_minutes == 50
    assert [s.language_code for s in summary.languages] == ["en"]
    assert summary.achievements_earned == 2


def test_home_summary_of_a_learner_with_no_progress():
    gateway = FakeGateway()
    gateway.store.dashboards["new"] = dashboard({})
    assert home_summary(gateway.for_learner("live:new")).streak_days == 0


def answers(**changes):
    values = dict(
        full_name="Aiko",
        native_language="ja",
        targets={"en": "beginner"},
        timezone="Asia/Tokyo",
        learning_style="auditory",
        daily_target_minutes=30,
    )
    values.update(changes)
    return build_answers(**values)


def test_valid_answers_are_saved_once():
    gateway = FakeGateway()
    result = save_onboarding(gateway.for_learner("live:aiko"), answers())
    assert result.saved and result.error == ""
    assert [user for user, _ in gateway.store.onboarded] == ["aiko"]


def test_invalid_answers_save_nothing_and_name_the_first_problem():
    gateway = FakeGateway()
    result = save_onboarding(gateway.for_learner("live:aiko"), answers(full_name="", learning_style="?"))
    assert not result.saved and result.error == "err_name_required"
    assert gateway.store.onboarded == []


def test_a_database_refusal_is_reported_not_raised():
    gateway = FakeGateway()
    gateway.store.failing = True
    result = save_onboarding(gateway.for_learner("live:aiko"), answers())
    assert not result.saved and result.error == "err_database_unavailable"
