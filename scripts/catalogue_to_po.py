"""Carry texts from a Python dict catalogue into the gettext catalogues (monitoring/locale).

The interface catalogue used to be a dict in monitoring/i18n.py: CATALOGUE = {key: (pt, en)} and,
for texts that name a count, PLURALS = {key: ({"one": ..., "other": ...} in pt, ... in en)}. When a
branch written against the dict adds keys, run this on its version of the file; every key the .po
files lack is added (existing translations are kept unless --update):

    .venv/bin/python scripts/catalogue_to_po.py OLD_I18N.py            # e.g. from `git show`
    .venv/bin/python scripts/catalogue_to_po.py OLD_I18N.py --fill es=es.tsv

Portuguese and English get the dict's texts; every other catalogue gets the new keys untranslated
(with the English text as a comment for the translator), so the catalogue test lists them until
someone translates them, and the language switch leaves that language out meanwhile.
`--fill LANG=FILE` takes translations from a file of `key<TAB>text` lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitoring.i18n import DOMAIN, LOCALE_DIR, LOCALES, po_path  # noqa: E402

DICT_LANGUAGES = ("pt", "en")  # the order of the dict's tuples
PLURAL_TAGS = ("zero", "one", "two", "few", "many", "other")  # gettext's order of plural forms


def load_dict_catalogue(path: Path) -> tuple[dict, dict]:
    namespace: dict = {"__name__": "old_catalogue"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
    return namespace.get("CATALOGUE", {}), namespace.get("PLURALS", {})


def open_catalogue(language: str) -> Catalog:
    path = po_path(language)
    if path.is_file():
        with path.open("rb") as file:
            return read_po(file, locale=LOCALES.get(language, language), domain=DOMAIN)
    catalog = Catalog(
        locale=LOCALES.get(language, language),
        domain=DOMAIN,
        project="gcm-monitoring",
        msgid_bugs_address="",
        charset="utf-8",
        creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        revision_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        version="1",
        fuzzy=False,
        header_comment=(
            f"# Interface texts of the GCM monitoring platform: {Locale.parse(language).english_name}.\n"
            '# Each message id is a key used by the code (t("nav.plan")); in catalogues other than\n'
            "# English, the English text is the comment above each message. {placeholders} stay as they are."
        ),
    )
    catalog.language_team = Locale.parse(language).get_display_name("en")
    catalog.last_translator = "gcm-monitoring"
    return catalog


def plural_strings(forms: dict[str, str], catalog: Catalog) -> tuple[str, ...]:
    """One string per gettext plural form of the catalogue's language, from CLDR-named forms."""
    rules = Locale.parse(str(catalog.locale)).plural_form
    tags = [tag for tag in PLURAL_TAGS if tag in rules.tags or tag == "other"]  # `tags` leaves out "other"
    return tuple(forms.get(tag, forms.get("other", "")) for tag in tags)


def carry(texts: dict, plurals: dict, *, update: bool, fills: dict[str, dict[str, str]]) -> dict[str, int]:
    """Add the dict's keys to every catalogue; returns how many messages each catalogue gained."""
    languages = sorted({*DICT_LANGUAGES, *fills, *(p.name for p in LOCALE_DIR.iterdir() if p.is_dir())})
    added = {}
    for language in languages:
        catalog, count = open_catalogue(language), 0
        position = DICT_LANGUAGES.index(language) if language in DICT_LANGUAGES else None
        fill = fills.get(language, {})
        for key, pair in texts.items():
            english = pair[1]
            text = pair[position] if position is not None else fill.get(key, "")
            count += _put(catalog, key, text, english, update or key in fill)
        for key, pair in plurals.items():
            english = pair[1].get("other", "")
            forms = (
                plural_strings(pair[position], catalog)
                if position is not None
                else ("",) * catalog.num_plurals
            )
            count += _put(catalog, (key, key), forms, english, update)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalog, width=100, sort_output=False, include_previous=False)
        added[language] = count
    return added


def _put(catalog: Catalog, message_id, text, english: str, update: bool) -> int:
    key = message_id[0] if isinstance(message_id, tuple) else message_id
    existing = catalog.get(key)
    comments = [] if catalog.locale and str(catalog.locale) == "en" else [f"en: {english}"]
    if existing is None:
        catalog.add(message_id, text, auto_comments=comments)
        return 1
    if update and text:
        existing.string = text
        existing.flags.discard("fuzzy")
    return 0


def read_fill(path: Path) -> dict[str, str]:
    texts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, _, text = line.partition("\t")
            texts[key] = text
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dict_file", type=Path, help="a Python file holding CATALOGUE (and PLURALS)")
    parser.add_argument("--update", action="store_true", help="replace existing pt/en texts by the dict's")
    parser.add_argument("--fill", action="append", default=[], help="LANG=FILE of key<TAB>text lines")
    args = parser.parse_args(argv)
    texts, plurals = load_dict_catalogue(args.dict_file)
    fills = {lang: read_fill(Path(file)) for lang, _, file in (f.partition("=") for f in args.fill)}
    for language, count in carry(texts, plurals, update=args.update, fills=fills).items():
        print(f"{po_path(language).relative_to(ROOT)}: {count} message(s) added")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
