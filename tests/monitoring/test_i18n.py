"""One language per page: counts take the plural form each language's rules give them, every
plural text is a gettext plural entry with a form per rule, and the plan parser's messages are
told in the page's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitoring.i18n import CATALOGUE, PLURALS, catalogue_languages, read_catalogue, translate_plural
from plan import PlanInvalid, read_plan_bytes, write_plan_file
from tests.factories import make_plan

ROOT = Path(__file__).resolve().parents[2]
ASKED = re.compile(r"""\b(tn?)\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")


@pytest.mark.parametrize(
    ("key", "count", "language", "expected"),
    [
        ("report.saved", 1, "pt", "Guardado: 1 medida reportada para o mês."),
        ("report.saved", 3, "pt", "Guardado: 3 medidas reportadas para o mês."),
        ("report.saved", 0, "pt", "Guardado: 0 medidas reportadas para o mês."),  # European Portuguese
        ("report.unchanged", 1, "pt", "1 já estava reportada assim."),
        ("report.unchanged", 2, "pt", "2 já estavam reportadas assim."),
        ("report.saved", 1, "en", "Saved: 1 measure reported for the month."),
        ("report.saved", 0, "en", "Saved: 0 measures reported for the month."),
        ("report.saved", 1, "es", "Guardado: 1 medida informada para el mes."),
        ("report.saved", 0, "es", "Guardado: 0 medidas informadas para el mes."),
        ("load.refused", 1, "pt", "Plano recusado: 1 problema. Nada foi gravado."),
        ("load.refused", 4, "en", "Plan refused: 4 problems. Nothing was stored."),
        ("count.axes", 1, "en", "1 axis"),
        ("count.bodies", 2, "en", "2 bodies"),
        ("count.bodies", 2, "es", "2 entidades"),
    ],
)
def test_counts_take_the_languages_plural_form(key, count, language, expected):
    assert translate_plural(key, count, language) == expected


def test_plural_rules_are_the_languages_own():
    forms = {lang: [translate_plural("count.measures", n, lang) for n in (0, 1, 2)] for lang in ("pt", "en")}
    assert forms == {
        "pt": ["0 medidas", "1 medida", "2 medidas"],
        "en": ["0 measures", "1 measure", "2 measures"],
    }


@pytest.mark.parametrize("language", sorted(catalogue_languages()))
def test_every_plural_text_has_a_form_for_each_of_the_languages_rules(language):
    catalogue = read_catalogue(language)
    for key in sorted(PLURALS):
        message = catalogue.get(key)
        assert message is not None and message.pluralizable, key
        assert len(message.string) == catalogue.num_plurals and all(message.string), key


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    missing = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("monitoring/*.py"), ROOT / "app.py"]:
        for function, key in ASKED.findall(path.read_text(encoding="utf-8")):
            if key not in (PLURALS if function == "tn" else CATALOGUE - PLURALS):
                missing.append(f"{path.name}: {key}")
    assert not missing


@pytest.mark.parametrize("language", sorted(catalogue_languages()))
def test_no_text_is_counted_with_a_parenthesised_plural(language):
    texts = []
    for message in read_catalogue(language):
        texts += list(message.string) if isinstance(message.string, tuple | list) else [message.string]
    assert not [text for text in texts if re.search(r"(?<!http)\((s|m|es)\)", text)]  # not http(s)


def problem_message(data: bytes, language: str) -> str:
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(data, name="plano.yaml")
    return refused.value.problems[0].message(language)


@pytest.mark.parametrize(
    ("data", "pt", "en"),
    [
        (
            b"plan:\n  code: X\n  title: [unclosed\n",
            "erro de sintaxe na linha 4, coluna 1: falta «,» ou «]»",
            "syntax error at line 4, column 1: «,» or «]» is missing",
        ),
        (
            b"plan:\n  code: a: b\n",
            "erro de sintaxe na linha 2, coluna 10: «:» num sítio onde não é permitido",
            "syntax error at line 2, column 10: «:» where it is not allowed",
        ),
        (
            b"plan: *nothing\n",
            "erro de sintaxe na linha 1, coluna 7: um alias (*nome) sem âncora",
            "syntax error at line 1, column 7: an alias (*name) with no anchor",
        ),
        (b"plan: [1, 2]\n", "não pode ser lida", ""),
    ],
)
def test_yaml_syntax_errors_are_told_in_the_catalogues_words_with_line_and_column(data, pt, en):
    if not en:  # a valid YAML document that is not a plan: the model's message, translated
        assert "tem de ser um registo com campos" in problem_message(data, "pt")
        return
    assert problem_message(data, "pt").startswith(pt)
    assert problem_message(data, "en").startswith(en)
    assert "did not find" not in problem_message(data, "pt") and "expected" not in problem_message(data, "pt")


def test_wrong_values_are_told_in_the_catalogues_words(tmp_path):
    path = tmp_path / "plan.yaml"
    write_plan_file(make_plan(), path)
    text = path.read_text(encoding="utf-8").replace("gcm_number: 5", "gcm_number: cinco")
    text = text.replace("start: 2019-08-21", "start: um dia")
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(text.encode("utf-8"), name="plan.yaml")
    messages = {p.field: p.message("pt") for p in refused.value.problems}
    assert messages["gcm_number"] == "valor inválido: tem de ser um número inteiro (encontrado «cinco»)"
    assert messages["start"] == "data inválida: um dia; escreva AAAA-MM-DD, por exemplo 2023-12-31"
    english = {p.field: p.message("en") for p in refused.value.problems}
    assert english["gcm_number"] == "invalid value: must be a whole number (found «cinco»)"
    assert not any("Input should" in m for m in [*messages.values(), *english.values()])


def test_the_plan_parsers_messages_are_told_in_spanish_too(tmp_path):
    assert problem_message(b"plan:\n  code: a: b\n", "es").startswith(
        "error de sintaxis en la línea 2, columna 10: «:» en un lugar donde no está permitido"
    )
    path = tmp_path / "plan.yaml"
    write_plan_file(make_plan(), path)
    text = path.read_text(encoding="utf-8").replace("gcm_number: 5", "gcm_number: cinco")
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(text.encode("utf-8"), name="plan.yaml")
    [problem] = refused.value.problems
    assert problem.message("es") == "valor no válido: tiene que ser un número entero (encontrado «cinco»)"
