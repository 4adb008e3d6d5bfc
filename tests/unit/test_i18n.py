import re

from worldspeak.domain.errors import ERROR_CODES
from worldspeak.i18n import CATALOG, SUPPORTED_LOCALES, resolve_locale, translate
from worldspeak.settings import PROJECT_ROOT


def test_every_string_exists_in_english_and_japanese():
    english, japanese = set(CATALOG["en"]), set(CATALOG["ja"])
    assert english - japanese == set(), "keys missing in Japanese"
    assert japanese - english == set(), "keys missing in English"
    assert all(value.strip() for locale in SUPPORTED_LOCALES for value in CATALOG[locale].values())


def test_placeholders_match_between_languages():
    for key, english in CATALOG["en"].items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", CATALOG["ja"][key])), key


def test_japanese_strings_are_japanese():
    # Brand name aside, a Japanese entry identical to the English one was forgotten.
    same = [key for key in CATALOG["en"] if key != "app_name" and CATALOG["en"][key] == CATALOG["ja"][key]]
    assert same == []


RAISED_CODE = re.compile(r"\b(?:AuthError|DataError|InputError|ProviderError)\(\s*\"([a-z_]+)\"")
ERROR_KEY = re.compile(r"\"err_([a-z_]+)\"")


def _codes_in_source() -> dict[str, set[str]]:
    """Every error code a module raises or names as a message key, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted((PROJECT_ROOT / "worldspeak").rglob("*.py")):
        if "i18n" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        codes = set(RAISED_CODE.findall(text)) | set(ERROR_KEY.findall(text))
        if codes:
            found[str(path.relative_to(PROJECT_ROOT))] = codes
    return found


def test_every_error_code_comes_from_the_one_list():
    from worldspeak.adapters.errors import KNOWN_SQLSTATES
    from worldspeak.adapters.supabase_auth import GOTRUE_CODES
    from worldspeak.adapters.supabase_data import POSTGREST_TOKEN_CODES

    mapped = set(KNOWN_SQLSTATES.values()) | set(GOTRUE_CODES.values()) | set(POSTGREST_TOKEN_CODES.values())
    assert sorted(mapped - ERROR_CODES) == []
    strays = {path: sorted(codes - ERROR_CODES - SCREEN_ONLY_KEYS) for path, codes in _codes_in_source().items()}
    assert {path: codes for path, codes in strays.items() if codes} == {}


# Message keys that are not error codes: onboarding's form problems (domain/onboarding.py).
SCREEN_ONLY_KEYS = {
    "name_required",
    "name_invalid",
    "native_language_required",
    "target_required",
    "too_many_targets",
    "target_invalid",
    "target_is_native",
    "learning_style_required",
    "daily_target_invalid",
}


def test_every_error_code_has_a_message_in_both_languages():
    for locale in SUPPORTED_LOCALES:
        missing = sorted(code for code in ERROR_CODES | SCREEN_ONLY_KEYS if f"err_{code}" not in CATALOG[locale])
        assert missing == [], f"no message in {locale}"


def test_the_error_list_is_the_domain_one():
    # The ports re-export the domain's error types: one class per kind, wherever it is imported from.
    from worldspeak import ports
    from worldspeak.domain import errors

    assert ports.AuthError is errors.AuthError and ports.DataError is errors.DataError


def test_locale_comes_from_choice_then_browser_then_english():
    assert resolve_locale("ja") == "ja"
    assert resolve_locale("", "ja-JP,ja;q=0.9,en;q=0.8") == "ja"
    assert resolve_locale(None, "fr-FR,fr;q=0.9") == "en"
    assert resolve_locale("xx", "de,en-GB;q=0.5") == "en"


def test_translate_fills_values():
    assert translate("en", "minutes_of", left=12, limit=60) == "12 of 60 min"
    assert translate("ja", "minutes_of", left=12, limit=60) == "60分中 残り12分"
