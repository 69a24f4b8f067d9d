"""The plan as an Excel workbook a secretariat can edit: one sheet per kind of record."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from plan.errors import PlanInvalid, PlanProblem
from plan.model import LANGUAGES, Plan
from plan.printing import fit_row_heights, print_setup
from plan.validation import validate_document
from plan.xlsx import Limits, Sheet, WorkbookRefused, boolean_constant, read_workbook

# A column ending in "_*" is one column per language of the plan: title_pt, title_en, ...
PLAN_FIELDS = (
    "code", "country", "languages", "title_*", "legal_basis", "start", "end",
    "provenance", "reconstruction", "timezone",
)  # fmt: skip
COLUMNS: dict[str, tuple[str, ...]] = {
    "bodies": ("code", "kind", "parent", "name_*"),
    "axes": ("code", "title_*"),
    "objectives": ("code", "gcm_number", "axis", "title_*"),
    "measures": (
        "code", "objective", "title_*", "description_*", "lead_body", "co_bodies", "deadline",
        "continuous", "source", "wording_basis",
    ),
    "indicators": (
        "measure", "code", "name_*", "unit", "unit_*", "kind", "direction",
        "baseline", "baseline_date", "baseline_basis", "baseline_source", "baseline_passage",
        "target", "target_date", "target_basis", "target_source", "target_passage",
    ),
}  # fmt: skip
OPTIONAL_SHEETS = {"sources": ("code", "title", "reference")}
REQUIRED: dict[str, set[str]] = {
    "bodies": {"code", "kind", "name_*"},
    "axes": {"code", "title_*"},
    "objectives": {"code", "gcm_number", "axis", "title_*"},
    "measures": {"code", "objective", "title_*", "lead_body", "source"},
    "indicators": {"measure", "code", "name_*", "kind"},
}
TEXTS = ("title", "name", "description", "unit")  # unit: also a plain `unit` column (a unit code)
CITED = ("baseline", "target")
MAX_WIDTH = 45  # a longer text wraps in a column this wide
HEADER_FONT, HEADER_FILL = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
TOP, WRAP = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
TRUE_WORDS = {"true", "yes", "sim", "1", "x", "verdadeiro"}
# A plan workbook: 5,000 rows a sheet (a plan has a few hundred measures at most), columns A to BL
# (the widest sheet, indicators, uses 15 plus two a language: 19 in Portuguese and English, room
# for two dozen languages), 40,000 cells in all (PNIPGM's file has about 3,000), 100 MB unzipped.
LIMITS = Limits(rows=5000, columns=64, cells=40_000, inflated=100 * 1024 * 1024)


# ---- writing -------------------------------------------------------------------------


def write_plan_workbook(plan: Plan, path: str | Path) -> None:
    """Write the plan to a workbook that `read_plan_workbook` reads back to an equal plan; each
    sheet prints on A4 landscape, one page wide, its header row on every page."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "plan"
    title = plan.plan.title.in_(plan.languages[0])
    footer = f"{plan.plan.code} · {title}"
    _write_rows(sheet, ("field", "value"), _plan_rows(plan), footer)
    for name, columns in COLUMNS.items():
        sheet = workbook.create_sheet(name)
        _write_rows(sheet, expand(columns, plan.languages), _record_rows(plan, name), footer)
    if plan.plan.sources:
        rows = [s.model_dump() for s in plan.plan.sources]
        _write_rows(workbook.create_sheet("sources"), OPTIONAL_SHEETS["sources"], rows, footer)
    workbook.properties.title = title
    workbook.save(path)


def expand(columns, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The columns with each "_*" written out once per language."""
    out: list[str] = []
    for column in columns:
        out += [column[:-1] + lang for lang in languages] if column.endswith("_*") else [column]
    return tuple(out)


def _plan_rows(plan: Plan) -> list[dict]:
    flat = _flatten(plan.plan.model_dump(exclude={"sources"}))
    flat["languages"] = ", ".join(plan.languages)
    return [{"field": f, "value": flat.get(f)} for f in expand(PLAN_FIELDS, plan.languages)]


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
        if isinstance(value, dict) and key.endswith("_source"):
            figure = key.removesuffix("_source")
            flat |= {key: value["source"], f"{figure}_passage": value["passage"]}
        elif isinstance(value, dict):
            flat.update({f"{key}_{lang}": text for lang, text in value.items()})
        elif hasattr(value, "value"):
            flat[key] = value.value
        else:
            flat[key] = value
    return flat


def _write_rows(sheet, columns: tuple[str, ...], rows: list[dict], footer: str) -> None:
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(c) for c in columns])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                # A text from the plan that starts with "=" is stored as text, never run.
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"
    widths = []
    for column in sheet.columns:
        longest = max(len(str(c.value if c.value is not None else "")) for c in column)
        width = min(max(10, longest + 2), MAX_WIDTH)
        widths.append(width)
        sheet.column_dimensions[column[0].column_letter].width = width
        for cell in column[1:]:
            cell.alignment = WRAP if longest > MAX_WIDTH else TOP
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    wrapped = [n for n, width in enumerate(widths) if width == MAX_WIDTH]
    fit_row_heights(
        sheet, ((r[0].row, [(r[n].value, widths[n]) for n in wrapped]) for r in sheet.iter_rows(min_row=2))
    )
    print_setup(sheet, footer=footer, page_label="&P / &N", landscape=len(columns) > 2, title_rows="1:1")


# ---- reading -------------------------------------------------------------------------


def read_plan_workbook(source: str | Path | IO[bytes], *, name: str) -> Plan:
    """Read a plan workbook; every missing sheet, column or formula is reported at once."""
    problems: list[PlanProblem] = []
    sheets = {}
    try:
        workbook = read_workbook(_bytes(source), LIMITS)
    except WorkbookRefused as refused:
        raise PlanInvalid([_refusal(name, refused)]) from None
    for sheet_name in ("plan", *COLUMNS, *OPTIONAL_SHEETS):
        if sheet_name not in workbook:
            if sheet_name not in OPTIONAL_SHEETS:
                problems.append(PlanProblem(name, sheet_name, "", "missing_sheet", {"value": sheet_name}))
            continue
        sheets[sheet_name] = _sheet_rows(workbook[sheet_name], name, problems)
    languages = _declared_languages(sheets)
    for sheet_name, required in REQUIRED.items():
        required = set(expand(sorted(required), languages))
        present = set(sheets[sheet_name][0]) if sheet_name in sheets else required
        for column in sorted(required - present):
            problems.append(PlanProblem(name, sheet_name, column, "missing_column", {"value": column}))
    if problems:
        raise PlanInvalid(problems)
    document, rows_of = _document(sheets, name, problems)
    if problems:
        raise PlanInvalid(problems)
    return validate_document(document, file=name, locate=_row_locator(document, rows_of))


def _bytes(source: str | Path | IO[bytes]) -> bytes:
    if isinstance(source, str | Path):
        try:
            return Path(source).read_bytes()
        except OSError as error:
            detail = {errno.ENOENT: "not_found", errno.EACCES: "no_permission"}.get(error.errno, "os_error")
            problem = PlanProblem(Path(source).name, "", "", "unreadable_file", {"detail": detail})
            raise PlanInvalid([problem]) from None
    return source.read()


def _refusal(name: str, refused: WorkbookRefused) -> PlanProblem:
    """Why `read_workbook` refused the file, as a problem that names the sheet when there is one."""
    if refused.key == "damaged":  # the reader's own words stay out: which part is damaged, if known
        part = str(refused.params.get("part") or "")
        params = {"detail": "damaged_part", "part": part} if part else {"detail": "not_a_workbook"}
        return PlanProblem(name, "", "", "unreadable_file", params)
    return PlanProblem(name, str(refused.params.get("sheet", "")), "", refused.key, dict(refused.params))


def _sheet_rows(sheet: Sheet, name: str, problems: list[PlanProblem]) -> tuple[list[str], list[dict]]:
    """The header (row 1) and the non-empty rows under it; a formula is refused cell by cell,
    except a boolean constant whose cached value matches (LibreOffice writes TRUE() and FALSE())."""
    rows = sheet.rows
    header_cells = rows[0][1] if rows and rows[0][0] == 1 else []
    header = [str(c.value).strip() if c is not None and c.value is not None else "" for c in header_cells]
    records = []
    for number, cells in rows[1 if header_cells else 0 :]:
        record = {"_row": number}
        for column, cell in zip(header, cells, strict=False):
            if cell is None:
                continue
            value = cell.value if cell.formula is None else boolean_constant(cell)
            if cell.formula is not None and value is None:
                params = {"value": f"{cell.coordinate}: ={cell.formula}"}
                record_name = f"{sheet.title} row {number}"
                problems.append(PlanProblem(name, record_name, column, "formula_in_cell", params))
            elif column and value is not None and str(value).strip() != "":
                record[column] = _read_value(value)
        if len(record) > 1:
            records.append(record)
    return header, records


def _declared_languages(sheets: dict) -> tuple[str, ...]:
    """The plan sheet's `languages` (Portuguese and English when it has none)."""
    rows = sheets.get("plan", ((), []))[1]
    value = next((r.get("value") for r in rows if r.get("field") == "languages"), None)
    if value is None:
        return LANGUAGES
    return tuple(p.strip() for p in str(value).replace(";", ",").split(",") if p.strip())


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
    if "sources" in sheets:
        header["sources"] = [{k: v for k, v in r.items() if k != "_row"} for r in sheets["sources"][1]]
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
    """title_pt / title_en columns become the {pt, en} text of the model, and a figure's
    source and passage columns its citation."""
    nested: dict = {}
    for key, value in row.items():
        stem, _, language = key.rpartition("_")
        if stem in TEXTS and len(language) == 2 and language.isalpha():
            if not isinstance(nested.get(stem), dict):  # the languages win over a plain unit
                nested[stem] = {}
            nested[stem][language] = str(value)
        elif stem in CITED and language in ("source", "passage"):
            nested.setdefault(f"{stem}_source", {})[language] = str(value)
        elif not (key == "unit" and isinstance(nested.get("unit"), dict)):
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
