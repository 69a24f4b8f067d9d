"""Every text shown to people, from gettext catalogues: `monitoring/locale/<language>/LC_MESSAGES/
messages.po`, one file per language, which any translator's tool opens. A message is looked up by
its key ("nav.plan"); English is the reference every other catalogue is checked against.

The .po files are compiled with Babel when first used in a process (nothing compiled is kept in
the repository). The language switch offers only complete catalogues. Plural texts are gettext
plural entries (msgid_plural), chosen by each language's plural rules (`translate_plural`).
"""

from __future__ import annotations

import gettext
import io
import string
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"
DEFAULT_LANGUAGE = "pt"
REFERENCE_LANGUAGE = "en"
# The locale whose plural rules a language's catalogue follows (European Portuguese: 0 is plural).
LOCALES = {"pt": "pt_PT"}


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every language that has a catalogue, complete or not."""
    return sorted(p.name for p in locale_dir.iterdir() if po_path(p.name, locale_dir).is_file())


@lru_cache(maxsize=16)
def read_catalogue(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    with po_path(language, locale_dir).open("rb") as file:
        return read_po(file, locale=LOCALES.get(language, language), domain=DOMAIN)


def message_keys(catalogue: Catalog) -> set[str]:
    return {_key(m.id) for m in catalogue if m.id}


def missing_keys(language: str, locale_dir: Path = LOCALE_DIR) -> set[str]:
    """The reference's keys that the language lacks or leaves untranslated (or fuzzy)."""
    own = read_catalogue(language, locale_dir)
    missing = set()
    for message in read_catalogue(REFERENCE_LANGUAGE, locale_dir):
        if not message.id:
            continue
        found = own.get(message.id)
        if found is None or found.fuzzy or not all(_strings(found.string)):
            missing.add(_key(message.id))
    return missing


def placeholders(text: str) -> set[str]:
    """The {names} a text fills in (a broken brace is reported as such, never raised)."""
    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<broken braces>"}


def placeholder_problems(language: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Messages whose placeholders differ from the English text's: "key: {a} ≠ {b}"."""
    reference = {m.id: m.string for m in read_catalogue(REFERENCE_LANGUAGE, locale_dir) if m.id}
    problems = []
    for message in read_catalogue(language, locale_dir):
        if not message.id or message.id not in reference:
            continue
        english = _strings(reference[message.id])[-1]
        for text in _strings(message.string):
            if text and placeholders(text) != placeholders(english):
                problems.append(
                    f"{_key(message.id)}: {sorted(placeholders(text))} ≠ {sorted(placeholders(english))}"
                )
    return problems


def _strings(value: str | tuple) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def complete_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The languages whose catalogue translates every message, the default first."""
    found = [lang for lang in catalogue_languages(locale_dir) if not missing_keys(lang, locale_dir)]
    return sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang != REFERENCE_LANGUAGE, lang))


def language_name(language: str) -> str:
    """A language's name in itself: Português, English, Español."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=16)
def compiled(language: str, locale_dir: Path = LOCALE_DIR) -> gettext.GNUTranslations:
    """The language's catalogue compiled in memory; untranslated messages fall back to English."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(language, locale_dir))
    buffer.seek(0)
    translations = gettext.GNUTranslations(buffer)
    if language != REFERENCE_LANGUAGE:
        translations.add_fallback(compiled(REFERENCE_LANGUAGE, locale_dir))
    return translations


def _key(message_id: str | tuple) -> str:
    return message_id[0] if isinstance(message_id, tuple | list) else message_id


def _reference_messages() -> list:
    """The English catalogue's messages (none while the catalogues are being created)."""
    path = po_path(REFERENCE_LANGUAGE)
    return [m for m in read_catalogue(REFERENCE_LANGUAGE) if m.id] if path.is_file() else []


LANGUAGES: dict[str, str] = {
    lang: language_name(lang) for lang in (complete_languages() if _reference_messages() else [])
}
CATALOGUE: frozenset[str] = frozenset(_key(m.id) for m in _reference_messages())
PLURALS: frozenset[str] = frozenset(_key(m.id) for m in _reference_messages() if m.pluralizable)


def _translations(language: str) -> gettext.GNUTranslations:
    return compiled(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `language`; a missing key shows itself so it is noticed."""
    if key not in CATALOGUE:
        return key
    text = _translations(language).gettext(key)
    return text.format(**params) if params else text


def translate_plural(key: str, count: float, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in the form the language's plural rules give `count` ({count} in it)."""
    if key not in PLURALS:
        return key
    text = _translations(language).ngettext(key, key, _plural_number(count))
    return text.format(count=count, **params)


def _plural_number(count: float) -> int:
    """gettext's plural rules take whole numbers; a fraction reads as "other" in our languages."""
    whole = int(abs(count))
    return whole if whole == abs(count) else max(whole, 2)
