"""The plan as an Excel workbook a secretariat can edit: one sheet per kind of record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO
from zipfile import BadZipFile, ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from plan.errors import PlanInvalid, PlanProblem
from plan.model import Plan
from plan.validation import validate_document

PLAN_FIELDS = (
    "code", "country", "title_pt", "title_en", "legal_basis", "start", "end",
    "provenance", "reconstruction", "timezone",
)  # fmt: skip
COLUMNS: dict[str, tuple[str, ...]] = {
    "bodies": ("code", "kind", "parent", "name_pt", "name_en"),
    "axes": ("code", "title_pt", "title_en"),
    "objectives": ("code", "gcm_number", "axis", "title_pt", "title_en"),
    "measures": (
        "code",
        "objective",
        "title_pt",
        "title_en",
        "description_pt",
        "description_en",
        "lead_body",
        "co_bodies",
        "deadline",
        "continuous",
        "source",
    ),  # fmt: skip
    "indicators": (
        "measure",
        "code",
        "name_pt",
        "name_en",
        "unit",
        "kind",
        "direction",
        "baseline",
        "baseline_date",
        "target",
        "target_date",
    ),  # fmt: skip
}
REQUIRED: dict[str, set[str]] = {
    "bodies": {"code", "kind", "name_pt", "name_en"},
    "axes": {"code", "title_pt", "title_en"},
    "objectives": {"code", "gcm_number", "axis", "title_pt", "title_en"},
    "measures": {"code", "objective", "title_pt", "title_en", "lead_body", "source"},
    "indicators": {"measure", "code", "name_pt", "name_en", "kind"},
}
BILINGUAL = ("title", "name", "description")
TRUE_WORDS = {"true", "yes", "sim", "1", "x", "verdadeiro"}
MAX_UNZIPPED_MB = 100  # a workbook that inflates beyond this is a zip bomb
# Parts a plan workbook never needs: macros (a .xlsm renamed), links to other files, ActiveX, embeddings.
FOREIGN_PARTS = ("vbaproject", "externallink", "activex", "embeddings", ".bin")


# ---- writing -------------------------------------------------------------------------


def write_plan_workbook(plan: Plan, path: str | Path) -> None:
    """Write the plan to a workbook that `read_plan_workbook` reads back to an equal plan."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "plan"
    _write_rows(sheet, ("field", "value"), _plan_rows(plan))
    for name, columns in COLUMNS.items():
        _write_rows(workbook.create_sheet(name), columns, _record_rows(plan, name))
    workbook.properties.title = plan.plan.title.en
    workbook.save(path)


def _plan_rows(plan: Plan) -> list[dict]:
    flat = _flatten(plan.plan.model_dump())
    return [{"field": f, "value": flat.get(f)} for f in PLAN_FIELDS]


def _record_rows(plan: Plan, name: str) -> list[dict]:
    if name == "indicators":
        return [{"measure": m.code, **_flatten(i.model_dump())} for m in plan.measures for i in m.indicators]
    rows = []
    for record in getattr(plan, name):
        flat = _flatten(record.model_dump(exclude={"indicators"}))
        if name == "measures":
            flat["co_bodies"] = ", ".join(record.co_bodies)
        rows.append(flat)
    return rows


def _flatten(record: dict) -> dict:
    flat = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{lang}": text for lang, text in value.items()})
        elif hasattr(value, "value"):
            flat[key] = value.value
        else:
            flat[key] = value
    return flat


def _write_rows(sheet, columns: tuple[str, ...], rows: list[dict]) -> None:
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(c) for c in columns])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                # A text from the plan that starts with "=" is stored as text, never run.
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        longest = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, longest + 2), 60)
        for cell in column[1:]:
            cell.alignment = Alignment(vertical="top", wrap_text=longest > 60)
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


# ---- reading -------------------------------------------------------------------------


def read_plan_workbook(source: str | Path | IO[bytes], *, name: str) -> Plan:
    """Read a plan workbook; every missing sheet, column or formula is reported at once."""
    problems: list[PlanProblem] = []
    sheets = {}
    try:
        _check_archive(source)
        workbook = load_workbook(source, read_only=True, data_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        raise PlanInvalid(
            [PlanProblem(name, "", "", "unreadable_file", {"detail": "not_a_workbook"})]
        ) from None
    try:
        for sheet_name in ("plan", *COLUMNS):
            if sheet_name not in workbook.sheetnames:
                problems.append(PlanProblem(name, sheet_name, "", "missing_sheet", {"value": sheet_name}))
                continue
            sheets[sheet_name] = _sheet_rows(workbook[sheet_name], name, problems)
    except Exception:  # read-only mode parses a sheet when its rows are read: a damaged part fails here
        raise PlanInvalid(
            [PlanProblem(name, "", "", "unreadable_file", {"detail": "not_a_workbook"})]
        ) from None
    finally:
        workbook.close()
    for sheet_name, required in REQUIRED.items():
        present = set(sheets[sheet_name][0]) if sheet_name in sheets else required
        for column in sorted(required - present):
            problems.append(PlanProblem(name, sheet_name, column, "missing_column", {"value": column}))
    if problems:
        raise PlanInvalid(problems)
    document, rows_of = _document(sheets, name, problems)
    if problems:
        raise PlanInvalid(problems)
    return validate_document(document, file=name, locate=_row_locator(document, rows_of))


def _check_archive(source: str | Path | IO[bytes]) -> None:
    """Refuse a zip bomb and a workbook with macros or external links before openpyxl opens it."""
    with ZipFile(source) as archive:
        parts = archive.infolist()
    if hasattr(source, "seek"):
        source.seek(0)
    inflated = sum(part.file_size for part in parts) / 1_000_000
    if inflated > MAX_UNZIPPED_MB:
        raise ValueError(f"it inflates to {inflated:.0f} MB, more than {MAX_UNZIPPED_MB} MB (a zip bomb?)")
    foreign = [p.filename for p in parts if any(f in p.filename.lower() for f in FOREIGN_PARTS)]
    if foreign:
        raise ValueError(f"it holds macros or links to other files ({foreign[0]}); save it as a plain .xlsx")


def _sheet_rows(sheet, name: str, problems: list[PlanProblem]) -> tuple[list[str], list[dict]]:
    """The header and the non-empty rows of a sheet; formulas are refused cell by cell."""
    rows = sheet.iter_rows()
    header_cells = next(rows, ())
    header = [str(c.value).strip() if c.value is not None else "" for c in header_cells]
    records = []
    for cells in rows:
        record = {"_row": cells[0].row if cells else 0}
        for column, cell in zip(header, cells, strict=False):
            if cell.data_type == "f":
                record_name = f"{sheet.title} row {cell.row}"
                params = {"value": f"{cell.coordinate}: {cell.value}"}
                problems.append(PlanProblem(name, record_name, column, "formula_in_cell", params))
            elif column and cell.value is not None and str(cell.value).strip() != "":
                record[column] = _read_value(cell.value)
        if len(record) > 1:
            records.append(record)
    return header, records


def _read_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


def _document(sheets: dict, name: str, problems: list[PlanProblem]) -> tuple[dict, dict]:
    plan_rows = {r.get("field"): r.get("value") for r in sheets["plan"][1]}
    header = _nest({k: v for k, v in plan_rows.items() if k})
    if "reconstruction" in header:
        header["reconstruction"] = _truth(header["reconstruction"])
    document: dict = {"plan": header}
    rows_of: dict[str, list[int]] = {}
    for sheet_name in ("bodies", "axes", "objectives", "measures"):
        records = sheets[sheet_name][1]
        rows_of[sheet_name] = [r.pop("_row") for r in records]
        document[sheet_name] = [_nest(r) for r in records]
    for measure in document["measures"]:
        measure["indicators"] = []
        if "continuous" in measure:
            measure["continuous"] = _truth(measure["continuous"])
    by_code = {m.get("code"): m for m in document["measures"]}
    for indicator in sheets["indicators"][1]:
        row, code = indicator.pop("_row"), indicator.pop("measure", None)
        if code not in by_code:
            record = f"indicators row {row} {indicator.get('code', '')}".strip()
            problems.append(PlanProblem(name, record, "measure", "unknown_measure", {"value": code}))
            continue
        by_code[code]["indicators"].append(_nest(indicator))
    return document, rows_of


def _nest(row: dict) -> dict:
    """title_pt / title_en columns become the {pt, en} text of the model."""
    nested: dict = {}
    for key, value in row.items():
        stem, _, language = key.rpartition("_")
        if stem in BILINGUAL and language in ("pt", "en"):
            nested.setdefault(stem, {})[language] = str(value)
        else:
            nested[key] = value
    return nested


def _truth(value: object) -> bool:
    return str(value).strip().lower() in TRUE_WORDS


def _row_locator(document: dict, rows_of: dict[str, list[int]]):
    def locate(collection: str, index: int) -> str:
        rows = rows_of.get(collection, [])
        records = document.get(collection, [])
        row = rows[index] if index < len(rows) else index + 2
        code = records[index].get("code", "") if index < len(records) else ""
        return f"{collection} row {row} {code}".strip()

    return locate
