"""A plan in its own languages; where each figure comes from; change files; problems of types and
of rules reported together."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from plan import PlanInvalid, read_plan_file, write_plan_file
from plan.io import plan_document
from plan.model import FigureBasis
from plan.validation import validate_document
from tests.factories import make_plan

SPANISH = Path(__file__).resolve().parents[1] / "plans" / "plan_es_en.yaml"


def spanish() -> dict:
    return yaml.safe_load(SPANISH.read_text(encoding="utf-8"))


def problems_of(raw: dict) -> list[tuple[str, str, str, object]]:
    with pytest.raises(PlanInvalid) as refused:
        validate_document(raw, file="plan.yaml")
    return [(p.record, p.field, p.key, p.params.get("value")) for p in refused.value.problems]


def test_spanish_and_english_plan_loads_with_spanish_first():
    plan = read_plan_file(SPANISH)
    assert plan.languages == ("es", "en")
    assert plan.measures[0].title.in_("en") == "Publish a welcome guide"
    # a language the plan lacks falls back to the plan's first language
    assert plan.measures[0].title.in_("pt") == "Publicar una guía de acogida"


def test_texts_follow_the_declared_order_whatever_order_they_are_written_in():
    raw = spanish()
    raw["axes"][0]["title"] = {"en": "Axis", "es": "Eje"}
    plan = validate_document(raw, file="plan.yaml")
    assert plan.axes[0].title.languages == ("es", "en") and plan.axes[0].title.in_("fr") == "Eje"


def test_plan_declaring_a_language_it_does_not_provide_is_refused_with_every_missing_text():
    raw = spanish()
    raw["plan"]["languages"] = ["es", "en", "fr"]
    raw["axes"][0]["title"]["fr"] = "Migration sûre"
    missing = {(record, field) for record, field, key, value in problems_of(raw) if key == "missing_text"}
    texts = (
        1 + 3 + 1 + 2 + 3 + 1 + 2
    )  # header, bodies, axis (has fr), objectives, titles, description, indicators
    assert len(missing) == texts - 1
    assert ("measures[1] M01", "indicators[1].name") in missing
    assert ("plan", "title") in missing and ("axes[1] E1", "title") not in missing


def test_unknown_language_code_is_refused():
    raw = spanish()
    raw["plan"]["languages"] = ["es", "english"]
    assert ("plan", "languages", "unknown_language", "english") in problems_of(raw)


def test_text_in_an_undeclared_language_is_refused():
    raw = spanish()
    raw["measures"][2]["title"]["pt"] = "Abrir escritórios"
    assert ("measures[3] M03", "title", "undeclared_language", "pt") in problems_of(raw)


def test_a_plan_without_languages_is_in_portuguese_and_english():
    raw = plan_document(make_plan())
    del raw["plan"]["languages"]
    assert validate_document(raw, file="old.yaml").languages == ("pt", "en")


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_spanish_plan_written_and_read_back_is_equal(tmp_path, suffix):
    plan = read_plan_file(SPANISH)
    write_plan_file(plan, tmp_path / f"plan{suffix}")
    assert read_plan_file(tmp_path / f"plan{suffix}") == plan


# ---- the basis of figures and wordings ------------------------------------------------------


def cited_document(**indicator_fields) -> dict:
    raw = copy.deepcopy(plan_document(make_plan()))
    raw["plan"]["sources"] = [{"code": "report-2020", "title": "A public report"}]
    raw["measures"][0]["indicators"][0].update(indicator_fields)
    return raw


def test_reported_figure_with_its_citation_is_accepted():
    citation = {"source": "report-2020", "passage": "100 people were helped"}
    plan = validate_document(cited_document(target_basis="reported", target_source=citation), file="p.yaml")
    indicator = plan.measures[0].indicators[0]
    assert indicator.basis("target") is FigureBasis.REPORTED and indicator.target_source.passage
    assert indicator.basis("baseline") is FigureBasis.OFFICIAL  # no basis: the plan's own figure


def test_reported_figure_without_citation_is_refused():
    raw = cited_document(target_basis="reported")
    assert ("measures[1] M001", "indicators[1].target_source", "citation_required", None) in problems_of(raw)


def test_citation_of_an_unknown_source_is_refused():
    raw = cited_document(target_basis="reported", target_source={"source": "nowhere", "passage": "x"})
    assert (
        "measures[1] M001",
        "indicators[1].target_source.source",
        "unknown_source",
        "nowhere",
    ) in problems_of(raw)


def test_unknown_basis_is_refused():
    raw = cited_document(target_basis="guessed")
    assert ("measures[1] M001", "indicators[1].target_basis", "invalid_value") in [
        p[:3] for p in problems_of(raw)
    ]


def test_a_reconstruction_states_the_basis_of_every_figure_and_wording():
    raw = cited_document(baseline_basis="illustrative")
    raw["plan"]["reconstruction"] = True
    found = {(r, f, k) for r, f, k, _ in problems_of(raw)}
    assert ("measures[1] M001", "indicators[1].target_basis", "basis_required") in found
    assert ("measures[1] M001", "indicators[1].baseline_basis", "basis_required") not in found
    assert ("measures[1] M001", "wording_basis", "basis_required") in found


# ---- bodies ---------------------------------------------------------------------------------


def test_a_unit_may_sit_inside_a_public_body():
    plan = read_plan_file(SPANISH)
    assert plan.body("UNI-A1").parent == "ORG-A1"


def test_a_loop_of_parents_is_refused():
    raw = spanish()
    raw["bodies"][0]["parent"] = "UNI-A1"
    assert ("bodies[1] MIN-A", "parent", "parent_loop", "UNI-A1") in problems_of(raw)


# ---- problems of types and of rules together --------------------------------------------------


def test_a_misspelled_field_does_not_hide_the_other_problems():
    raw = spanish()
    raw["measures"][0]["dedline"] = raw["measures"][0].pop("deadline")  # a type problem (and M01 left out)
    raw["measures"][1]["lead_body"] = "NOPE"  # a rule problem
    raw["objectives"][0]["gcm_number"] = 30  # another rule problem
    found = {(r, f, k) for r, f, k, _ in problems_of(raw)}
    assert ("measures[1] M01", "dedline", "unknown_field") in found
    assert ("measures[2] M02", "lead_body", "unknown_body") in found
    assert ("objectives[1] O03", "gcm_number", "gcm_number_out_of_range") in found
    # the left-out measure is the only one under O03: that is not reported as a second problem
    assert not any(k == "objective_without_measures" for _, _, k in found)


def test_a_date_in_the_wrong_format_names_the_expected_one():
    raw = spanish()
    raw["measures"][0]["deadline"] = "31/12/2023"
    with pytest.raises(PlanInvalid) as refused:
        validate_document(raw, file="plan.yaml")
    [problem] = refused.value.problems
    assert problem.key == "invalid_date"
    assert problem.message("en") == "invalid date: 31/12/2023; write YYYY-MM-DD, for example 2023-12-31"
    assert "AAAA-MM-DD" in problem.message("es")


# ---- change files -----------------------------------------------------------------------------


def test_change_file_makes_a_new_version_of_the_file_it_changes(tmp_path):
    write_plan_file(read_plan_file(SPANISH), tmp_path / "plan.yaml")
    changes = {
        "changes_to": "plan.yaml",
        "bodies": {
            "change": {"MIN-A": {"name": {"es": "Área B", "en": "Area B"}}},
            "add": [{"code": "MIN-C", "kind": "area_of_government", "name": {"es": "C", "en": "C"}}],
        },
        "measures": {"change": {"M03": {"lead_body": "MIN-C"}}},
    }
    (tmp_path / "v2.yaml").write_text(yaml.safe_dump(changes), encoding="utf-8")
    plan = read_plan_file(tmp_path / "v2.yaml")
    assert plan.body("MIN-A").name.in_("es") == "Área B" and plan.measures[2].lead_body == "MIN-C"


def test_change_file_naming_an_unknown_record_is_refused(tmp_path):
    write_plan_file(read_plan_file(SPANISH), tmp_path / "plan.yaml")
    changes = {"changes_to": "plan.yaml", "measures": {"change": {"M99": {"lead_body": "MIN-A"}}}}
    (tmp_path / "v2.yaml").write_text(yaml.safe_dump(changes), encoding="utf-8")
    with pytest.raises(PlanInvalid) as refused:
        read_plan_file(tmp_path / "v2.yaml")
    assert [(p.file, p.key, p.params["value"]) for p in refused.value.problems] == [
        ("v2.yaml", "unknown_code", "M99")
    ]


def test_change_file_beside_no_file_it_changes_is_refused_naming_that_file(tmp_path):
    changes = {"changes_to": "plan.yaml", "measures": {"change": {"M01": {"lead_body": "MIN-A"}}}}
    (tmp_path / "v2.yaml").write_text(yaml.safe_dump(changes), encoding="utf-8")
    with pytest.raises(PlanInvalid) as refused:
        read_plan_file(tmp_path / "v2.yaml")
    [problem] = refused.value.problems
    assert (problem.file, problem.field, problem.key) == ("v2.yaml", "changes_to", "unreadable_file")
    assert problem.message("en") == (
        "the file cannot be read: plan.yaml, the file this one changes, is not beside it"
    )
    assert problem.message("es").startswith("no se puede leer el archivo: plan.yaml, el archivo que")
