from worldspeak.domain.languages import LANGUAGES, MAX_TARGET_LANGUAGES
from worldspeak.domain.onboarding import build_answers, onboarding_problems, valid_timezone


def answers(**overrides):
    values = dict(
        full_name="Aiko",
        native_language="ja",
        targets={"en": "intermediate"},
        timezone="Asia/Tokyo",
        learning_style="auditory",
        daily_target_minutes=30,
    )
    values.update(overrides)
    return build_answers(**values)


def test_complete_answers_have_no_problems():
    assert onboarding_problems(answers()) == []


def test_each_missing_answer_is_named():
    assert onboarding_problems(answers(full_name="  ")) == ["name_required"]
    assert onboarding_problems(answers(native_language="")) == ["native_language_required"]
    assert onboarding_problems(answers(targets={})) == ["target_required"]
    assert onboarding_problems(answers(learning_style="")) == ["learning_style_required"]
    assert onboarding_problems(answers(daily_target_minutes=0)) == ["daily_target_invalid"]


def test_hostile_or_odd_values_are_refused():
    assert onboarding_problems(answers(full_name="a" * 121)) == ["name_invalid"]
    assert onboarding_problems(answers(full_name="bad\x00name")) == ["name_invalid"]
    assert onboarding_problems(answers(targets={"en": "god-tier"})) == ["target_invalid"]
    assert onboarding_problems(answers(targets={"xx": "beginner"})) == ["target_invalid"]
    assert onboarding_problems(answers(targets={"ja": "beginner"})) == ["target_is_native"]
    every_other = {code: "beginner" for code in LANGUAGES if code != "ja"}
    assert onboarding_problems(answers(targets=every_other)) == []
    # More than the schema allows (profiles.target_languages holds 10 at most).
    too_many = {f"x{n}": "beginner" for n in range(MAX_TARGET_LANGUAGES + 1)}
    assert onboarding_problems(answers(targets=too_many))[0] == "too_many_targets"
    assert onboarding_problems(answers(targets={"en": "native"})) == ["target_invalid"]


def test_unknown_time_zones_fall_back_to_utc():
    assert valid_timezone("Europe/Madrid") == "Europe/Madrid"
    assert valid_timezone("Mars/Olympus") == "UTC"
    assert valid_timezone("../../etc/passwd") == "UTC"
    assert answers(timezone="nonsense").timezone == "UTC"


def test_targets_are_kept_in_a_stable_order():
    assert [t.language for t in answers(targets={"es": "beginner", "en": "advanced"}).targets] == ["en", "es"]
