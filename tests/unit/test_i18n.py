import re

from worldspeak.i18n import CATALOG, SUPPORTED_LOCALES, resolve_locale, translate


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


def test_every_error_code_the_adapters_raise_has_a_message():
    from worldspeak.adapters.local_data import KNOWN_SQLSTATES
    from worldspeak.adapters.supabase_auth import GOTRUE_CODES

    codes = (
        set(KNOWN_SQLSTATES.values())
        | set(GOTRUE_CODES.values())
        | {
            "invalid_email",
            "password_too_short",
            "password_too_long",
            "email_taken",
            "invalid_credentials",
            "account_disabled",
            "session_expired",
            "session_revoked",
            "invalid_token",
            "provider_unavailable",
            "database_unavailable",
        }
    )
    missing = sorted(code for code in codes if f"err_{code}" not in CATALOG["en"])
    assert missing == []


def test_locale_comes_from_choice_then_browser_then_english():
    assert resolve_locale("ja") == "ja"
    assert resolve_locale("", "ja-JP,ja;q=0.9,en;q=0.8") == "ja"
    assert resolve_locale(None, "fr-FR,fr;q=0.9") == "en"
    assert resolve_locale("xx", "de,en-GB;q=0.5") == "en"


def test_translate_fills_values():
    assert translate("en", "minutes_of", left=12, limit=60) == "12 of 60 min"
    assert translate("ja", "minutes_of", left=12, limit=60) == "60分中 残り12分"
