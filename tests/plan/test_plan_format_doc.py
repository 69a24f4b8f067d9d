"""docs/plan-format.md is enough to write a workbook plan: its column tables match the reader,
and a workbook written by hand from them (not exported) loads."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook

from plan import read_plan_file
from plan.workbook import COLUMNS, OPTIONAL_SHEETS, PLAN_FIELDS, REQUIRED

DOC = Path(__file__).resolve().parents[2] / "docs" / "plan-format.md"


def documented() -> dict[str, dict[str, bool]]:
    """Each sheet's documented columns (or plan fields), and whether each is marked required."""
    sheets: dict[str, dict[str, bool]] = {}
    for section in re.split(r"^### Sheet ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        name = re.match(r"`(\w+)`", section).group(1)
        section = re.split(r"^## ", section, flags=re.M)[0]  # up to the next chapter
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        columns = {}
        for row in rows:
            first = row.split("|")[1]
            for column in re.findall(r"`(\w+)`", first):
                columns[column.replace("_xx", "_*")] = "required" in first
        sheets[name] = columns
    return sheets


def test_every_sheet_and_column_of_the_reader_is_documented_with_what_is_required():
    doc = documented()
    assert set(doc) == {"plan", *COLUMNS, *OPTIONAL_SHEETS}
    assert set(doc["plan"]) == set(PLAN_FIELDS)
    for sheet, columns in COLUMNS.items():
        assert set(doc[sheet]) == set(columns), sheet
        assert {c for c, required in doc[sheet].items() if required} == REQUIRED[sheet], sheet
    assert set(doc["sources"]) == set(OPTIONAL_SHEETS["sources"])


def test_a_workbook_written_by_hand_from_the_doc_loads(tmp_path):
    book = Workbook()
    sheets = {
        "plan": [
            ("field", "value"), ("code", "MANO"), ("country", "ZZ"), ("languages", "fr, en"),
            ("title_fr", "Plan écrit à la main"), ("title_en", "Plan written by hand"),
            ("legal_basis", "Aucune"), ("start", "2024-01-01"), ("end", "2025-12-31"),
            ("provenance", "Written from docs/plan-format.md"), ("reconstruction", "yes"),
        ],
        "bodies": [
            ("code", "kind", "parent", "name_fr", "name_en"),
            ("MIN", "area_of_government", None, "Ministère", "Ministry"),
            ("ORG", "public_body", "MIN", "Organisme", "Body"),
        ],
        "axes": [("code", "title_fr", "title_en"), ("A1", "Axe", "Axis")],
        "objectives": [("code", "gcm_number", "axis", "title_fr", "title_en"), ("O3", 3, "A1", "Informer", "Inform")],
        "measures": [
            ("code", "objective", "title_fr", "title_en", "lead_body", "co_bodies", "deadline", "source",
             "wording_basis"),
            ("M1", "O3", "Un guide", "A guide", "MIN", "ORG", "2025-06-30", "Annual report 2023", "source_passage"),
        ],
        "indicators": [
            ("measure", "code", "name_fr", "name_en", "unit", "kind", "baseline", "baseline_basis", "target",
             "target_date", "target_basis", "target_source", "target_passage"),
            ("M1", "I1", "Langues", "Languages", "languages", "level", 1, "illustrative", 6, "2025-06-30",
             "reported", "report-2023", "six languages by 2025"),
        ],
        "sources": [("code", "title"), ("report-2023", "Annual report 2023")],
    }  # fmt: skip
    book.active.title = "plan"
    for name, rows in sheets.items():
        sheet = book["plan"] if name == "plan" else book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(tmp_path / "by-hand.xlsx")
    plan = read_plan_file(tmp_path / "by-hand.xlsx")
    assert plan.languages == ("fr", "en") and plan.measures[0].title.in_("fr") == "Un guide"
    assert plan.measures[0].indicators[0].target_source.passage == "six languages by 2025"
