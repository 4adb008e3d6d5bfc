"""Every string the app shows, in English and Japanese.

Plain data, one module per feature area (`core`, and one per feature as it lands), merged here
into one table per locale. The shared state exposes the table for the current locale as one
computed var, and components index it by key. A unit test checks that both languages have every
key and that no key is defined twice.
"""

from __future__ import annotations

from worldspeak.i18n import admin, billing, core, hardening, practice, speech

SUPPORTED_LOCALES = ("en", "ja")
DEFAULT_LOCALE = "en"

# Feature modules, each with STRINGS = {"en": {...}, "ja": {...}}. Add a new one here.
FEATURE_MODULES = (core, hardening, billing, practice, admin, speech)


def _merge(modules) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {locale: {} for locale in SUPPORTED_LOCALES}
    for module in modules:
        for locale in SUPPORTED_LOCALES:
            table = module.STRINGS[locale]
            clash = merged[locale].keys() & table.keys()
            if clash:
                raise ValueError(f"{module.__name__} redefines {sorted(clash)}")
            merged[locale].update(table)
    return merged


CATALOG: dict[str, dict[str, str]] = _merge(FEATURE_MODULES)


def resolve_locale(requested: str | None, accept_language: str | None = None) -> str:
    """The stored choice if supported, else the browser's first supported language, else English."""
    if requested in SUPPORTED_LOCALES:
        return requested
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED_LOCALES:
            return code
    return DEFAULT_LOCALE


def translate(locale: str, key: str, **values: object) -> str:
    text = CATALOG.get(locale, CATALOG[DEFAULT_LOCALE]).get(key) or CATALOG[DEFAULT_LOCALE].get(key, key)
    return text.format(**values) if values else text
