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
    six = {code: "beginner" for code in ["en", "es", "fr", "de", "zh", "ko"]}
    assert onboarding_problems(answers(targets=six)) == ["too_many_targets"]


def test_unknown_time_zones_fall_back_to_utc():
    assert valid_timezone("Europe/Madrid") == "Europe/Madrid"
    assert valid_timezone("Mars/Olympus") == "UTC"
    assert valid_timezone("../../etc/passwd") == "UTC"
    assert answers(timezone="nonsense").timezone == "UTC"


def test_targets_are_kept_in_a_stable_order():
    assert [t.language for t in answers(targets={"es": "beginner", "en": "advanced"}).targets] == ["en", "es"]
