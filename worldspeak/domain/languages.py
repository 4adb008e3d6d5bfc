"""Languages, levels and learning styles the app offers. Plain data, no framework."""

from __future__ import annotations

# code -> (English name, Japanese name, the language's own name)
LANGUAGES: dict[str, tuple[str, str, str]] = {
    "en": ("English", "英語", "English"),
    "ja": ("Japanese", "日本語", "日本語"),
    "es": ("Spanish", "スペイン語", "Español"),
    "fr": ("French", "フランス語", "Français"),
    "de": ("German", "ドイツ語", "Deutsch"),
    "zh": ("Chinese (Mandarin)", "中国語", "中文"),
    "ko": ("Korean", "韓国語", "한국어"),
    "it": ("Italian", "イタリア語", "Italiano"),
    "pt": ("Portuguese", "ポルトガル語", "Português"),
}

# The database is the authority for what may be stored; tests/db/test_rules_match_the_schema.py
# compares each constant below with the schema's check constraints, so they cannot drift.
PROFICIENCY_LEVELS = ("beginner", "elementary", "intermediate", "advanced", "native")
# What onboarding offers for a language being learned ("native" is stored, never chosen there).
TARGET_LEVELS = PROFICIENCY_LEVELS[:4]
LEARNING_STYLES = ("visual", "auditory", "kinesthetic")
DAILY_TARGET_CHOICES = (10, 15, 30, 45, 60)
DAILY_TARGET_MINUTES = (5, 480)  # inclusive bounds
MAX_TARGET_LANGUAGES = 10


def language_name(code: str, locale: str) -> str:
    names = LANGUAGES.get(code)
    if not names:
        return code
    return names[1] if locale == "ja" else names[0]
