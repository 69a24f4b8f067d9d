"""Each rule of a valid plan: a broken plan is refused whole, every problem located."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from plan import PlanInvalid, validate_plan
from plan.io import plan_document
from plan.validation import validate_document
from tests.factories import make_plan


def document() -> dict:
    return copy.deepcopy(plan_document(make_plan(measures=4, continuous=1)))


def problems_of(raw: dict) -> list[tuple[str, str, str]]:
    with pytest.raises(PlanInvalid) as refused:
        validate_document(raw, file="plan.yaml")
    return [(p.record, p.field, p.key) for p in refused.value.problems]


def set_in(raw: dict, path: list, value) -> dict:
    target = raw
    for step in path[:-1]:
        target = target[step]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


DELETE = object()

CASES = [
    # (rule, path to change, new value, expected (record, field, key))
    (
        "duplicate measure code",
        ["measures", 1, "code"],
        "M001",
        ("measures[1] M001", "code", "duplicate_code"),
    ),
    (
        "duplicate body code",
        ["bodies", 3, "code"],
        "SEF",
        ("bodies[3] SEF", "code", "duplicate_code"),
    ),
    (
        "duplicate indicator code",
        ["measures", 1, "indicators", 0, "code"],
        "I001",
        ("measures[1] M001", "indicators[1].code", "duplicate_code"),
    ),
    (
        "unknown objective",
        ["measures", 0, "objective"],
        "O99",
        ("measures[1] M001", "objective", "unknown_objective"),
    ),
    (
        "unknown lead body",
        ["measures", 0, "lead_body"],
        "XYZ",
        ("measures[1] M001", "lead_body", "unknown_body"),
    ),
    (
        "unknown co-responsible body",
        ["measures", 0, "co_bodies"],
        ["SEF", "NOPE"],
        ("measures[1] M001", "co_bodies", "unknown_body"),
    ),
    (
        "lead body also listed as co-responsible",
        ["measures", 0, "co_bodies"],
        ["SEF", "MAI"],
        ("measures[1] M001", "co_bodies", "body_listed_twice"),
    ),
    (
        "co-responsible body listed twice",
        ["measures", 0, "co_bodies"],
        ["SEF", "SEF"],
        ("measures[1] M001", "co_bodies", "body_listed_twice"),
    ),
    (
        "deadline after the plan",
        ["measures", 0, "deadline"],
        dt.date(2030, 1, 1),
        ("measures[1] M001", "deadline", "deadline_outside_plan"),
    ),
    (
        "deadline before the plan",
        ["measures", 0, "deadline"],
        dt.date(2019, 1, 1),
        ("measures[1] M001", "deadline", "deadline_outside_plan"),
    ),
    (
        "target without unit",
        ["measures", 0, "indicators", 0, "unit"],
        DELETE,
        ("measures[1] M001", "indicators[1].unit", "target_without_unit"),
    ),
    (
        "continuous measure with a deadline",
        ["measures", 3, "deadline"],
        dt.date(2021, 6, 30),
        ("measures[4] M004", "deadline", "continuous_with_deadline"),
    ),
    (
        "measure with neither deadline nor continuous",
        ["measures", 0, "deadline"],
        DELETE,
        ("measures[1] M001", "deadline", "deadline_required"),
    ),
    (
        "GCM objective above 23",
        ["objectives", 0, "gcm_number"],
        24,
        ("objectives[1] O01", "gcm_number", "gcm_number_out_of_range"),
    ),
    (
        "GCM objective below 1",
        ["objectives", 0, "gcm_number"],
        0,
        ("objectives[1] O01", "gcm_number", "gcm_number_out_of_range"),
    ),
    (
        "objective under an unknown axis",
        ["objectives", 0, "axis"],
        "E9",
        ("objectives[1] O01", "axis", "unknown_axis"),
    ),
    (
        "parent body unknown",
        ["bodies", 2, "parent"],
        "MXX",
        ("bodies[3] SEF", "parent", "unknown_body"),
    ),
    (
        "parent is the body itself",
        ["bodies", 2, "parent"],
        "SEF",
        ("bodies[3] SEF", "parent", "parent_loop"),
    ),
    (
        "a field name with a typo",
        ["measures", 0, "dedline"],
        "2020-01-01",
        ("measures[1] M001", "dedline", "unknown_field"),
    ),
    (
        "a required field missing",
        ["measures", 0, "source"],
        DELETE,
        ("measures[1] M001", "source", "missing_field"),
    ),
    (
        "a date that is not a date",
        ["measures", 0, "deadline"],
        "soon",
        ("measures[1] M001", "deadline", "invalid_date"),
    ),
    (
        "a date written day first",
        ["measures", 0, "deadline"],
        "31/12/2021",
        ("measures[1] M001", "deadline", "invalid_date"),
    ),
    (
        "a number that is not a number",
        ["objectives", 0, "gcm_number"],
        "five",
        ("objectives[1] O01", "gcm_number", "invalid_value"),
    ),
    (
        "an unknown indicator kind",
        ["measures", 0, "indicators", 0, "kind"],
        "ratio",
        ("measures[1] M001", "indicators[1].kind", "invalid_value"),
    ),
    (
        "a title missing its English",
        ["axes", 0, "title"],
        {"pt": "Eixo"},
        ("axes[1] E1", "title", "missing_text"),
    ),
    (
        "a title in a language the plan does not declare",
        ["axes", 0, "title"],
        {"pt": "Eixo", "en": "Axis", "fr": "Axe"},
        ("axes[1] E1", "title", "undeclared_language"),
    ),
    (
        "an empty text counts as missing",
        ["measures", 0, "indicators", 0, "name"],
        {"pt": "Nome", "en": "  "},
        ("measures[1] M001", "indicators[1].name", "missing_text"),
    ),
    (
        "an unknown language code",
        ["plan", "languages"],
        ["pt", "xx"],
        ("plan", "languages", "unknown_language"),
    ),
    (
        "a language declared twice",
        ["plan", "languages"],
        ["pt", "en", "pt"],
        ("plan", "languages", "duplicate_language"),
    ),
    (
        "no language at all",
        ["plan", "languages"],
        [],
        ("plan", "languages", "invalid_value"),
    ),
]


@pytest.mark.parametrize(("rule", "path", "value", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_plan_is_refused_naming_record_and_field(rule, path, value, expected):
    assert expected in problems_of(set_in(document(), path, value))


def test_percentage_indicator_must_stay_within_0_and_100():
    raw = document()
    indicator = raw["measures"][0]["indicators"][0]
    indicator.update(kind="percentage", unit="%", target=120)
    assert ("measures[1] M001", "indicators[1].target", "percentage_out_of_range") in problems_of(raw)


def test_axis_without_objectives_is_refused():
    raw = document()
    raw["axes"].append({"code": "E3", "title": {"pt": "Vazio", "en": "Empty"}})
    assert ("axes[3] E3", "", "axis_without_objectives") in problems_of(raw)


def test_objective_without_measures_is_refused():
    raw = document()
    raw["objectives"].append({"code": "O23", "gcm_number": 23, "axis": "E1", "title": {"pt": "x", "en": "x"}})
    assert ("objectives[3] O23", "", "objective_without_measures") in problems_of(raw)


def test_every_problem_is_reported_at_once():
    raw = document()
    raw["measures"][0]["objective"] = "O99"
    raw["measures"][1]["lead_body"] = "XYZ"
    raw["objectives"][0]["gcm_number"] = 30
    assert len(problems_of(raw)) == 3


def test_problem_message_names_file_record_and_field_in_both_languages():
    raw = set_in(document(), ["measures", 0, "lead_body"], "XYZ")
    with pytest.raises(PlanInvalid) as refused:
        validate_document(raw, file="pnipgm.yaml")
    problem = refused.value.problems[0]
    assert problem.describe("en") == "pnipgm.yaml › measures[1] M001 › lead_body: unknown body: XYZ"
    assert problem.describe("pt") == "pnipgm.yaml › measures[1] M001 › lead_body: entidade desconhecida: XYZ"


def test_document_that_is_not_a_mapping_is_refused():
    assert problems_of(["a", "list"]) == [("", "", "not_a_plan")]


def test_plan_ending_before_it_starts_is_refused():
    raw = set_in(document(), ["plan", "end"], dt.date(2018, 1, 1))
    assert ("plan", "end", "plan_ends_before_start") in problems_of(raw)


def test_factory_plan_is_valid():
    plan = make_plan(measures=6, continuous=2)
    assert validate_plan(plan) is plan
    assert validate_document(plan_document(plan), file="x.yaml") == plan
