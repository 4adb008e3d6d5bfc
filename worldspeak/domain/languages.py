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

PROFICIENCY_LEVELS = ("beginner", "elementary", "intermediate", "advanced")
LEARNING_STYLES = ("visual", "auditory", "kinesthetic")
DAILY_TARGET_CHOICES = (10, 15, 30, 45, 60)
MAX_TARGET_LANGUAGES = 5


def language_name(code: str, locale: str) -> str:
    names = LANGUAGES.get(code)
    if not names:
        return code
    return names[1] if locale == "ja" else names[0]
