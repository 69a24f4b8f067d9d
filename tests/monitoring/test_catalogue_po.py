"""The interface catalogues (monitoring/locale/*/messages.po): Portuguese and English complete and
alike, every key the code uses is there and every key there is used, placeholders match, and
the language switch offers only complete catalogues.

A key added to the old dict catalogue by a late merge fails `test_every_key_the_code_uses_is_in
_the_catalogue`: carry it over with scripts/catalogue_to_po.py.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from monitoring import i18n
from monitoring.i18n import (
    CATALOGUE,
    LANGUAGES,
    compiled,
    complete_languages,
    message_keys,
    missing_keys,
    placeholder_problems,
    read_catalogue,
    translate,
)

ROOT = Path(__file__).resolve().parents[2]
CODE = ("app.py", "serve.py", "monitoring", "pages")
# How the code asks for a text: the argument that is a catalogue key (tn: a text naming a count).
KEYWORDS = {"t": None, "translate": None, "_t": (2,), "translate_plural": None, "tn": None}


def python_files() -> list[Path]:
    files = []
    for name in CODE:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [f for f in files if "migrations" not in f.parts]


def keys_in_calls() -> set[str]:
    """Literal keys passed to t(), translate(), _t(..., key), extracted with Babel."""
    found = set()
    for name in CODE:
        path = ROOT / name
        if path.is_dir():
            extracted = extract_from_dir(str(path), [("**.py", "python")], keywords=KEYWORDS)
            found |= {message for _, _, message, _, _ in extracted}
    for path in (ROOT / "app.py", ROOT / "serve.py"):
        if path.is_file():
            found |= {m for _, m, _, _ in _extract_file(path)}
    return {k if isinstance(k, str) else k[0] for k in found}


def _extract_file(path: Path):
    from babel.messages.extract import extract

    with path.open("rb") as file:
        return list(extract("python", file, keywords=KEYWORDS))


def literals_in_code() -> tuple[set[str], set[str]]:
    """Every string constant of the code, and the constant starts of f-strings ("stage.")."""
    strings, prefixes = set(), set()
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
    return strings, {p for p in prefixes if p.endswith(".")}


def test_portuguese_and_english_are_complete_and_hold_the_same_keys():
    assert missing_keys("pt") == set()
    assert message_keys(read_catalogue("pt")) == message_keys(read_catalogue("en")) == set(CATALOGUE)


def test_every_key_the_code_uses_is_in_the_catalogue():
    used = {key for key in keys_in_calls() if "." in key or key in {"yes", "no"}}
    # Babel joins the two keys of t("a.b" if x else "c.d") into one message: split such pairs.
    joined = {a + b for a in CATALOGUE for b in CATALOGUE if (a + b) in used}
    missing = used - set(CATALOGUE) - joined
    assert not missing, (
        f"keys used but not in the .po files (carry them with scripts/catalogue_to_po.py): {missing}"
    )


def test_every_key_in_the_catalogue_is_used():
    strings, prefixes = literals_in_code()
    unused = {k for k in CATALOGUE if k not in strings and not any(k.startswith(p) for p in prefixes)}
    assert not unused, f"keys no code uses: {sorted(unused)}"


@pytest.mark.parametrize("language", sorted(i18n.catalogue_languages()))
def test_placeholders_match_the_english_text(language):
    assert placeholder_problems(language) == []


def test_spanish_is_complete_and_every_complete_catalogue_is_offered():
    assert missing_keys("es") == set()
    assert list(LANGUAGES) == ["pt", "en", "es"] == complete_languages()
    assert LANGUAGES["es"] == "Español"
    assert translate("nav.plan", "es") == "Plan" and translate("report.submit", "es") == "Enviar el mes"


def test_unknown_language_reads_the_default_and_unknown_key_shows_itself():
    assert translate("report.submit", "xx") == translate("report.submit", "pt")
    assert translate("no.such.key", "en") == "no.such.key"


# ---- on copies of the catalogues, broken on purpose -------------------------------------------


@pytest.fixture
def locale_copy(tmp_path):
    target = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, target)
    yield target
    i18n.read_catalogue.cache_clear()
    i18n.compiled.cache_clear()


def edit(locale_dir: Path, language: str, old: str, new: str) -> None:
    path = locale_dir / language / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_po_file_with_a_broken_placeholder_fails_the_check(locale_copy):
    edit(
        locale_copy,
        "es",
        'msgstr "Versión {version}, cargada el {date}"',
        'msgstr "Versión {versión}, cargada el {date}"',
    )
    edit(locale_copy, "pt", 'msgstr "Objetivo {number}"', 'msgstr "Objetivo {number"')
    assert placeholder_problems("es", locale_copy) == [
        "plan.version: ['date', 'versión'] ≠ ['date', 'version']"
    ]
    assert placeholder_problems("pt", locale_copy) == [
        "plan.objective_label: ['<broken braces>'] ≠ ['number']"
    ]


def test_an_incomplete_catalogue_is_not_offered(locale_copy):
    french = locale_copy / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "nav.plan"\nmsgstr "Plan"\n',
        encoding="utf-8",
    )
    assert "fr" in i18n.catalogue_languages(locale_copy)
    assert "fr" not in complete_languages(locale_copy)
    assert len(missing_keys("fr", locale_copy)) == len(CATALOGUE) - 1
    # what it lacks reads in English meanwhile
    assert compiled("fr", locale_copy).gettext("report.submit") == "Submit the month"


def test_plural_entries_follow_each_language_s_plural_rules(locale_copy):
    entry = 'msgid "example.measures"\nmsgid_plural "example.measures"\n'  # a key no catalogue holds
    forms = {
        "pt": ["{count} medida", "{count} de medidas", "{count} medidas"],
        "en": ["{count} measure", "{count} measures"],
        "es": ["{count} medida", "{count} de medidas", "{count} medidas"],
    }
    for language, strings in forms.items():
        path = locale_copy / language / "LC_MESSAGES" / "messages.po"
        body = "".join(f'msgstr[{n}] "{s}"\n' for n, s in enumerate(strings))
        path.write_text(path.read_text(encoding="utf-8") + "\n" + entry + body, encoding="utf-8")

    def form(language: str, n: int) -> str:
        translations = compiled(language, locale_copy)
        return translations.ngettext("example.measures", "example.measures", n).format(count=n)

    # European Portuguese and Spanish: 0 is plural; 1 000 000 takes "de"
    assert [form("pt", n) for n in (0, 1, 2)] == ["0 medidas", "1 medida", "2 medidas"]
    assert form("pt", 1_000_000) == "1000000 de medidas"
    assert [form("en", n) for n in (0, 1, 2)] == ["0 measures", "1 measure", "2 measures"]
    assert [form("es", n) for n in (0, 1, 5)] == ["0 medidas", "1 medida", "5 medidas"]
