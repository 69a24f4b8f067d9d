"""The plan file: YAML, JSON and the Excel workbook read back to an equal plan;
malformed files are refused with every problem and its location."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from plan import PlanInvalid, read_plan_bytes, read_plan_file, write_plan_file
from plan.io import SCHEMA_PATH, plan_json_schema, plan_json_schema_text, plan_yaml
from tests.factories import make_plan


def refused(path) -> list[tuple[str, str, str]]:
    with pytest.raises(PlanInvalid) as error:
        read_plan_file(path)
    return [(p.record, p.field, p.key) for p in error.value.problems]


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_plan_written_and_read_back_is_equal(tmp_path, suffix):
    plan = make_plan(measures=5, continuous=2)
    path = tmp_path / f"plan{suffix}"
    write_plan_file(plan, path)
    assert read_plan_file(path) == plan


def test_workbook_has_one_sheet_per_kind_of_record(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_plan_file(make_plan(), path)
    assert load_workbook(path).sheetnames == [
        "plan",
        "bodies",
        "axes",
        "objectives",
        "measures",
        "indicators",
    ]


def test_yaml_file_keeps_its_comment_header_and_plain_dates():
    text = plan_yaml(make_plan(), header="Exported for review.\nSecond line.")
    assert text.startswith("# Exported for review.\n# Second line.\nplan:\n")
    assert "start: 2019-08-21\n" in text


def test_published_json_schema_matches_the_models():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == plan_json_schema(), (
        "plan/plan.schema.json is stale: run python -m monitoring plan-schema --out plan/plan.schema.json"
    )
    assert plan_json_schema_text().endswith("}\n")


def test_invalid_yaml_is_refused_with_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("plan:\n  code: X\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlanInvalid) as error:
        read_plan_file(path)
    [problem] = error.value.problems
    assert problem.key == "syntax_error"
    assert "line" in problem.message("en")


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"# only a comment\n"])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.yaml"
    path.write_bytes(content)
    assert refused(path) == [("", "", "empty_file")]


def test_file_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(PlanInvalid) as error:
        read_plan_bytes(b"#" * 50_000_000, name="huge.yaml")
    [problem] = error.value.problems
    assert problem.key == "file_too_large"
    assert "50.0 MB" in problem.message("en")


def test_unknown_file_kind_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"not a plan")
    assert refused(path) == [("", "", "unsupported_format")]


def test_text_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("plan: {code: Açores}".encode("latin-1"))
    assert refused(path) == [("", "", "unreadable_file")]


def test_missing_file_is_refused(tmp_path):
    assert refused(tmp_path / "nowhere.yaml") == [("", "", "unreadable_file")]


def test_wrong_types_are_all_reported_with_their_place(tmp_path):
    path = tmp_path / "types.yaml"
    write_plan_file(make_plan(), path)
    text = path.read_text(encoding="utf-8").replace("gcm_number: 5", "gcm_number: five")
    path.write_text(text.replace("start: 2019-08-21", "start: someday"), encoding="utf-8")
    assert set(refused(path)) >= {
        ("plan", "start", "invalid_date"),
        ("objectives[2] O05", "gcm_number", "invalid_value"),
    }


# ---- the workbook --------------------------------------------------------------------


def workbook_path(tmp_path, change=None):
    path = tmp_path / "plan.xlsx"
    write_plan_file(make_plan(measures=3), path)
    if change:
        workbook = load_workbook(path)
        change(workbook)
        workbook.save(path)
    return path


def test_workbook_without_a_sheet_is_refused(tmp_path):
    path = workbook_path(tmp_path, lambda wb: wb.remove(wb["indicators"]))
    assert refused(path) == [("indicators", "", "missing_sheet")]


def test_workbook_without_a_required_column_is_refused(tmp_path):
    def drop_lead_body(workbook):
        sheet = workbook["measures"]
        column = [c.value for c in sheet[1]].index("lead_body") + 1
        sheet.delete_cols(column)

    assert refused(workbook_path(tmp_path, drop_lead_body)) == [("measures", "lead_body", "missing_column")]


def test_workbook_with_a_formula_is_refused_naming_the_cell(tmp_path):
    def add_formula(workbook):
        workbook["measures"]["C2"] = '=HYPERLINK("http://example.org","x")'

    problems = refused(workbook_path(tmp_path, add_formula))
    assert problems == [("measures row 2", "title_pt", "formula_in_cell")]


def test_workbook_row_problems_name_the_sheet_row(tmp_path):
    def unknown_objective(workbook):
        workbook["measures"]["B3"] = "O77"

    assert ("measures row 3 M002", "objective", "unknown_objective") in refused(
        workbook_path(tmp_path, unknown_objective)
    )


def test_workbook_indicator_of_an_unknown_measure_is_refused(tmp_path):
    def orphan(workbook):
        workbook["indicators"]["A2"] = "M999"

    assert refused(workbook_path(tmp_path, orphan)) == [
        ("indicators row 2 I001", "measure", "unknown_measure")
    ]


def test_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK this is no workbook")
    assert refused(path) == [("", "", "unreadable_file")]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    plan = make_plan(measures=2)
    measure = plan.measures[0].model_copy(update={"source": "=1+1 from a note"})
    plan = plan.model_copy(update={"measures": (measure, plan.measures[1])})
    path = tmp_path / "plan.xlsx"
    write_plan_file(plan, path)
    cell = load_workbook(path)["measures"]["K2"]
    assert (cell.data_type, cell.value) == ("s", "=1+1 from a note")
    assert read_plan_file(path) == plan


def test_the_schema_states_the_text_limits():
    definitions = plan_json_schema()["$defs"]
    assert definitions["Text"]["additionalProperties"]["maxLength"] == 500  # each language's text
    assert definitions["LongText"]["additionalProperties"]["maxLength"] == 5000
    assert definitions["Measure"]["properties"]["source"]["maxLength"] == 2000
    assert definitions["PlanHeader"]["properties"]["legal_basis"]["maxLength"] == 2000
    description = definitions["Measure"]["properties"]["description"]["anyOf"][0]["$ref"]
    assert description == "#/$defs/LongText"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan:\n  code: A\n  code: B\n", ("duplicate_key", {"value": "code", "first": 2, "second": 3})),
        ("plan: {code: A, code: B}\n", ("duplicate_key", {"value": "code", "first": 1, "second": 1})),
        (
            '{"plan": {"code": "A",\n "code": "B"}}',
            ("duplicate_key", {"value": "code", "first": 1, "second": 2}),
        ),
        ("plan:\n  code: A\x1b\n", ("control_character", {"value": "U+001B", "line": 2, "column": 10})),
        ('plan:\n  code: "A\\0"\n', ("control_character", {"value": "U+0000", "line": 2, "column": 9})),
    ],
    ids=["block", "flow", "json", "raw_escape_character", "escaped_nul"],
)
def test_duplicate_keys_and_control_characters_are_refused_with_their_place(text, expected):
    with pytest.raises(PlanInvalid) as error:
        read_plan_bytes(text.encode(), name="plan.yaml")
    assert [(p.key, p.params) for p in error.value.problems] == [expected]


def test_a_merge_key_is_not_a_duplicate():
    text = "base: &b {kind: public_body}\nplan: {<<: *b, code: A}\n"
    with pytest.raises(PlanInvalid) as error:
        read_plan_bytes(text.encode(), name="plan.yaml")
    assert "duplicate_key" not in {p.key for p in error.value.problems}
