"""Bulk reporting by Excel: the month's template for an actor, reading an uploaded one back
into report rows, and a preview of what storing them would change.

The template is only a carrier: every rule is checked again by `submit_reports`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError
from sqlmodel import Session

from monitoring import formats
from monitoring.auth import AccessDenied, Actor, Role
from monitoring.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from monitoring.months import parse_month
from monitoring.reporting import (
    TEXT_FIELDS,
    ReportIn,
    RowResult,
    chosen_plan,
    indicator_values,
    latest_revisions,
    measures_for,
    previous_indicator_values,
    reportable_measures,
    submit_reports,
)
from monitoring.rules import Pace, ReportRejected, Stage
from monitoring.tables import utc_now
from plan import Plan
from plan.model import Measure
from plan.printing import fit_row_heights, print_setup
from plan.xlsx import Limits, Sheet, WorkbookRefused, boolean_constant, read_workbook

TEMPLATE_ID = "gcm-monitoring/report-template"
TEMPLATE_VERSION = 1
META_SHEET = "meta"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024  # a 5 MB file that inflates beyond this is a zip bomb
MAX_ROWS = 2000
MAX_COLUMNS = 20  # the report sheet uses 13 columns; a cell further right is refused, never read
# Every sheet of an upload: the header and MAX_ROWS rows, counted by number and by count; 45,000
# cells in all (2,000 measures on 13 columns and their indicators on 7).
LIMITS = Limits(rows=MAX_ROWS + 1, columns=MAX_COLUMNS, cells=45_000, inflated=MAX_UNZIPPED)
REPORTING_ROLES = (Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INSTRUCTIONS_WIDTH = 110
LOCKED_FILL = PatternFill("solid", fgColor="D9D9D9")


class Column(NamedTuple):
    field: str
    width: int
    editable: bool = False
    hidden: bool = False


REPORT_COLUMNS = (
    Column("measure", 12), Column("title", 45), Column("continuous", 10),
    Column("stage", 16, True), Column("pace", 20, True), Column("percent", 12, True),
    Column("done", 45, True), Column("obstacles", 35, True), Column("next_steps", 35, True),
    Column("evidence", 40, True), Column("justification", 30, True), Column("outlier_note", 30, True),
    Column("based_on", 10, hidden=True),
)  # fmt: skip
INDICATOR_COLUMNS = (
    Column("measure", 12), Column("indicator", 14), Column("name", 45), Column("unit", 14),
    Column("kind", 20), Column("previous", 18), Column("value", 18, True),
)  # fmt: skip
REPORT_FIELDS = tuple(c.field for c in REPORT_COLUMNS)
INDICATOR_FIELDS = tuple(c.field for c in INDICATOR_COLUMNS)


@dataclass(frozen=True)
class UploadedReport:
    """An uploaded template read back: rows ready for `submit_reports`, and what it says it is."""

    rows: list[dict]
    plan_code: str
    month: str
    user_id: int | None
    language: str


# ---- the template -----------------------------------------------------------------------


def report_template(
    session: Session,
    *,
    actor: Actor,
    month: str,
    language: str = "pt",
    today: dt.date | None = None,
    plan_code: str | None = None,
) -> bytes:
    """The month's reporting workbook for the actor's measures, pre-filled with their current state."""
    if actor.role not in REPORTING_ROLES:
        raise AccessDenied("not_allowed")
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    version, plan = chosen_plan(session, plan_code)
    month = parse_month(month)
    rows = reportable_measures(session, actor=actor, month=month, today=today, plan_code=version.plan_code)
    measures = {m.code: m for m in plan.measures}
    _add_notes(session, version.plan_code, month, rows)
    codes = [i.code for r in rows for i in measures[r["measure"]].indicators]
    previous = previous_indicator_values(session, version.plan_code, codes, month)
    workbook = Workbook()
    _write_instructions(workbook.active, plan, actor, month, language)
    _write_report_sheet(workbook.create_sheet(_sheet_name("report", language)), rows, measures, language)
    indicators = workbook.create_sheet(_sheet_name("indicators", language))
    _write_indicator_sheet(indicators, rows, measures, previous, language)
    _write_meta(workbook.create_sheet(META_SHEET), version.plan_code, month, actor, language)
    footer = f"{version.plan_code} · {formats.month(month, language)}"
    tables = (None, REPORT_COLUMNS, INDICATOR_COLUMNS)
    for sheet, columns in zip(workbook.worksheets[:3], tables, strict=True):
        _print(sheet, columns, footer, language)
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, language: str) -> str:
    return translate(f"template.sheet.{name}", language)


def _add_notes(session: Session, plan_code: str, month: str, rows: list[dict]) -> None:
    """The justification and outlier note of this month's revision, which the form rows leave out:
    without them a re-upload of an unchanged month would differ (or fail the outlier rule)."""
    latest = latest_revisions(session, plan_code, [r["measure"] for r in rows], month)
    for row in rows:
        revision = latest.get(row["measure"])
        if revision is not None and revision.month == month:
            row.setdefault("justification", revision.justification)
            row.setdefault("outlier_note", revision.outlier_note)


def _write_instructions(sheet: Worksheet, plan: Plan, actor: Actor, month: str, language: str) -> None:
    sheet.title = _sheet_name("instructions", language)
    title = translate("template.instructions.title", language, month=month,
                      plan=getattr(plan.plan.title, language), name=actor.name)  # fmt: skip
    lines = [title, ""] + [translate(f"template.instructions.{k}", language) for k in ("fill", "grey")]
    lines += ["", translate("template.instructions.stages", language)]
    for stage in Stage:
        label = translate(f"stage.{stage.value}", language)
        lines.append(f"• {label}: {translate(f'template.instructions.{stage.value}', language)}")
    keys = ("going_back", "numbers", "evidence", "values_only", "upload")
    lines += [""] + [translate(f"template.instructions.{k}", language) for k in keys]
    for number, line in enumerate(lines, start=1):
        _put(sheet.cell(number, 1), line).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    sheet.protection.sheet = True


def _write_report_sheet(sheet: Worksheet, rows: list[dict], measures: dict, language: str) -> None:
    _write_header(sheet, REPORT_COLUMNS, language)
    for number, row in enumerate(rows, start=2):
        measure = measures[row["measure"]]
        values = _report_values(row, measure, language)
        for index, column in enumerate(REPORT_COLUMNS, start=1):
            editable = column.editable and (column.field != "pace" or measure.continuous)
            _style(_put(sheet.cell(number, index), values[column.field]), editable)
    _report_validations(sheet, rows, measures, language)
    _finish(sheet, REPORT_COLUMNS, freeze="C2")


def _report_values(row: dict, measure: Measure, language: str) -> dict:
    evidence = row.get("evidence") or []
    return {
        "measure": measure.code, "title": getattr(measure.title, language),
        "continuous": translate("yes" if measure.continuous else "no", language),
        "stage": _label("stage", row.get("stage"), language),
        "pace": _label("pace", row.get("pace"), language), "percent": row.get("percent"),
        "evidence": evidence if isinstance(evidence, str) else "\n".join(evidence),
        "based_on": row.get("based_on"),
        **{name: row.get(name) or "" for name in TEXT_FIELDS},
    }  # fmt: skip


def _label(kind: str, code: object, language: str) -> str | None:
    """The translated label of a stage or pace code; anything else (a draft's text) as it is."""
    if code in (None, ""):
        return None
    key = f"{kind}.{code}"
    return translate(key, language) if key != translate(key, language) else str(code)


def _report_validations(sheet: Worksheet, rows: list[dict], measures: dict, language: str) -> None:
    if not rows:
        return
    last = len(rows) + 1
    stages = ",".join(translate(f"stage.{s.value}", language) for s in Stage)
    paces = ",".join(translate(f"pace.{p.value}", language) for p in Pace)
    stage = _validation(language, "stage", type="list", formula1=f'"{stages}"', allow_blank=False)
    pace = _validation(language, "pace", type="list", formula1=f'"{paces}"')
    percent = _validation(language, "percent", type="whole", operator="between", formula1="0", formula2="100")
    for validation, field in ((stage, "stage"), (percent, "percent")):
        letter = _letter(REPORT_FIELDS, field)
        validation.add(f"{letter}2:{letter}{last}")
    for number, row in enumerate(rows, start=2):
        if measures[row["measure"]].continuous:
            pace.add(f"{_letter(REPORT_FIELDS, 'pace')}{number}")
    for validation in (stage, pace, percent):
        if validation.sqref.ranges:
            sheet.add_data_validation(validation)


def _validation(language: str, message: str, **rule: str | bool) -> DataValidation:
    validation = DataValidation(**({"allow_blank": True, "showErrorMessage": True} | rule))
    validation.error = translate(f"template.validation.{message}", language)
    return validation


def _write_indicator_sheet(
    sheet: Worksheet, rows: list[dict], measures: dict, previous: dict, language: str
) -> None:
    _write_header(sheet, INDICATOR_COLUMNS, language)
    validations = _value_validations(language)
    number = 1
    for row in rows:
        values = row.get("indicators") or {}
        for indicator in measures[row["measure"]].indicators:
            number += 1
            cells = {
                "measure": row["measure"], "indicator": indicator.code,
                "name": getattr(indicator.name, language), "unit": formats.unit(indicator.unit, language),
                "kind": translate(f"indicator.kind.{indicator.kind.value}", language),
                "previous": previous.get(indicator.code), "value": values.get(indicator.code),
            }  # fmt: skip
            for index, column in enumerate(INDICATOR_COLUMNS, start=1):
                _style(_put(sheet.cell(number, index), cells[column.field]), column.editable)
            validations[indicator.kind.value].add(f"{_letter(INDICATOR_FIELDS, 'value')}{number}")
    for validation in validations.values():
        if validation.sqref.ranges:
            sheet.add_data_validation(validation)
    _finish(sheet, INDICATOR_COLUMNS, freeze="C2")


def _value_validations(language: str) -> dict[str, DataValidation]:
    """By indicator kind: counts whole and not negative, percentages 0..100, levels any number."""
    between = {"type": "decimal", "operator": "between"}
    return {
        "cumulative_count": _validation(language, "count", type="whole", operator="greaterThanOrEqual",
                                        formula1="0"),
        "percentage": _validation(language, "percentage", **between, formula1="0", formula2="100"),
        "level": _validation(language, "number", **between, formula1="-1E+15", formula2="1E+15"),
    }  # fmt: skip


def _write_header(sheet: Worksheet, columns: tuple[Column, ...], language: str) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, translate(f"template.col.{column.field}", language))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _style(cell, editable: bool):
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if editable:
        cell.protection = Protection(locked=False)
    else:
        cell.fill = LOCKED_FILL
    return cell


def _finish(sheet: Worksheet, columns: tuple[Column, ...], *, freeze: str) -> None:
    """Widths, the frozen header, and protection that leaves only the white cells editable."""
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = freeze
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # people may still widen columns and rows
    sheet.protection.formatRows = False


def _print(sheet: Worksheet, columns: tuple[Column, ...] | None, footer: str, language: str) -> None:
    """A4, one page wide, rows as tall as their wrapped text; the tables landscape with their header
    on every page, the instructions on one portrait page."""
    widths = [c.width for c in columns] if columns else [INSTRUCTIONS_WIDTH]
    shown = [n for n, c in enumerate(columns or [None]) if c is None or not c.hidden]
    rows = sheet.iter_rows(min_row=1, max_col=len(widths), values_only=True)
    fit_row_heights(sheet, ((r, [(v[n], widths[n]) for n in shown]) for r, v in enumerate(rows, start=1)))
    page = translate("balance.footer.page", language)
    if columns is None:
        print_setup(sheet, footer=footer, page_label=page, pages_high=1)
    else:
        print_setup(sheet, footer=footer, page_label=page, landscape=True, title_rows="1:1")


def _write_meta(sheet: Worksheet, plan_code: str, month: str, actor: Actor, language: str) -> None:
    """What recognises an upload as our template, for which plan, month, person and language."""
    facts = {
        "template": TEMPLATE_ID, "version": TEMPLATE_VERSION, "plan": plan_code, "month": month,
        "user": actor.id, "language": language,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }  # fmt: skip
    for key, value in facts.items():
        sheet.append([key, value])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _put(cell, value: object):
    """Write a value; a text that starts with "=" stays text and is never a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # a draft may hold control characters Excel cannot store
    cell.value = value
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _letter(fields: tuple[str, ...], field: str) -> str:
    return get_column_letter(fields.index(field) + 1)


# ---- reading an upload ------------------------------------------------------------------


def read_report_workbook(data: bytes, *, month: str, plan_code: str | None = None) -> UploadedReport:
    """Report rows from an uploaded template; the file is refused whole if it is not our template
    for this month (and plan), is too large, or holds a formula."""
    month = parse_month(month)
    workbook = _open(data)
    meta = _meta(workbook)
    _check_identity(meta, month, plan_code)
    language = meta["language"]
    sheets = {name: _sheet_values(sheet) for name, sheet in workbook.items()}
    report = _table(sheets, _sheet_name("report", language), REPORT_COLUMNS, language)
    indicators = _table(sheets, _sheet_name("indicators", language), INDICATOR_COLUMNS, language)
    rows = _attach_indicators([_report_row(values) for _, values in report], indicators)
    user = meta.get("user")
    return UploadedReport(rows, str(meta["plan"]), month, int(user) if _whole(user) else None, language)


def _open(data: bytes) -> dict[str, Sheet]:
    """The upload's sheets, read in one bounded pass (see `plan.xlsx`): the file's size first,
    then what it inflates to, rows, columns, cells and their length, and no XML declarations."""
    if not isinstance(data, bytes | bytearray) or not data.startswith(b"PK"):
        raise ReportRejected("not_the_template")
    if len(data) > MAX_BYTES:
        raise ReportRejected("file_too_large", limit=MAX_BYTES // (1024 * 1024))
    try:
        return read_workbook(bytes(data), LIMITS)
    except WorkbookRefused as refused:
        raise _refusal(refused) from None


def _refusal(refused: WorkbookRefused) -> ReportRejected:
    """The reason a file was refused before opening, in the catalogue's words."""
    params = dict(refused.params)
    if refused.key == "damaged":
        return ReportRejected("not_the_template")
    if refused.key == "too_many_rows":
        return ReportRejected("too_many_rows", value=params["sheet"], limit=MAX_ROWS)
    return ReportRejected(f"workbook_{refused.key}", **params)


def _meta(workbook: dict[str, Sheet]) -> dict:
    if META_SHEET not in workbook:
        raise ReportRejected("not_the_template")
    meta = {}
    for _, row in workbook[META_SHEET].values(max_rows=20):
        if row and row[0] is not None:
            meta[str(row[0])] = row[1] if len(row) > 1 else None
    if meta.get("template") != TEMPLATE_ID or meta.get("version") != TEMPLATE_VERSION:
        raise ReportRejected("not_the_template")
    if meta.get("language") not in LANGUAGES or not meta.get("plan"):
        raise ReportRejected("not_the_template")
    return meta


def _check_identity(meta: dict, month: str, plan_code: str | None) -> None:
    if str(meta.get("month")) != month:
        raise ReportRejected("template_other_month", template=str(meta.get("month"))[:7], month=month)
    if plan_code is not None and meta["plan"] != plan_code:
        raise ReportRejected("template_other_plan", value=str(meta["plan"])[:40], plan=plan_code)


def _sheet_values(sheet: Sheet) -> list[tuple[int, list]]:
    """The non-empty rows of a sheet as (row number, values); a formula anywhere refuses the file,
    except a boolean constant whose cached value matches (LibreOffice writes TRUE() and FALSE())."""
    rows = []
    for number, cells in sheet.rows:
        values = []
        for cell in cells:
            if cell is not None and cell.formula is not None and boolean_constant(cell) is None:
                raise ReportRejected("formula_in_cell", value=f"{sheet.title}!{cell.coordinate}")
            values.append(None if cell is None else cell.value)
        if any(v not in (None, "") for v in values):
            rows.append((number, values))
    return rows


def _table(sheets: dict, name: str, columns: tuple[Column, ...], language: str) -> list[tuple[int, dict]]:
    """The data rows of one of our sheets, by field; the header must be the template's own."""
    if name not in sheets or not sheets[name]:
        raise ReportRejected("not_the_template")
    (_, header), *rows = sheets[name]
    expected = [translate(f"template.col.{c.field}", language) for c in columns]
    if [str(v or "").strip() for v in header[: len(columns)]] != expected:
        raise ReportRejected("not_the_template")
    fields = [c.field for c in columns]
    return [(number, dict(zip(fields, values, strict=False))) for number, values in rows]


def _report_row(values: dict) -> dict:
    """One report row as `submit_reports` takes it; labels become codes, text stays text."""
    return {
        "measure": _text(values.get("measure")),
        "stage": _code(values.get("stage"), Stage, "stage"),
        "pace": _code(values.get("pace"), Pace, "pace"),
        "percent": _number(values.get("percent"), whole=True),
        "evidence": _text(values.get("evidence")),
        **{name: _text(values.get(name)) for name in TEXT_FIELDS},
        "indicators": {},
        "based_on": int(values["based_on"]) if _whole(values.get("based_on")) else None,
    }


def _attach_indicators(rows: list[dict], indicators: list[tuple[int, dict]]) -> list[dict]:
    by_measure = {row["measure"]: row for row in rows}
    for number, values in indicators:
        row = by_measure.get(_text(values.get("measure")))
        if row is None:
            raise ReportRejected("indicator_without_measure", value=number)
        row["indicators"][_text(values.get("indicator"))] = _number(values.get("value"))
    return rows


def _code(value: object, kind: type[Stage] | type[Pace], prefix: str) -> object:
    """The code for a label in either language; an unknown text goes on, for the rules to refuse."""
    text = _text(value)
    if not text:
        return None if kind is Pace else ""
    for member in kind:
        words = {
            member.value,
            *(translate(f"{prefix}.{member.value}", lang).casefold() for lang in LANGUAGES),
        }
        if text.casefold() in words:
            return member.value
    return text


def _number(value: object, *, whole: bool = False) -> object:
    """A cell as a number when it is one (a decimal comma accepted); otherwise as it was typed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return value.strip()
    if isinstance(value, float) and whole and value.is_integer():
        return int(value)
    return value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()


# ---- preview ----------------------------------------------------------------------------

PREVIEW_COLUMNS = ["measure", "field", "current", "new", "outcome", "reason", "params", "notice"]
COMPARED = ("stage", "pace", "percent", "done", "obstacles", "next_steps", "evidence",
            "justification", "outlier_note")  # fmt: skip


def preview_upload(
    session: Session,
    *,
    actor: Actor,
    month: str,
    rows: list[dict],
    today: dt.date | None = None,
    plan_code: str | None = None,
) -> pd.DataFrame:
    """Row by row, what storing the rows would change, judged by `submit_reports` itself inside a
    savepoint that is rolled back, so nothing is written."""
    month = parse_month(month)
    plan_code = chosen_plan(session, plan_code)[0].plan_code
    rows = [r.model_dump() if isinstance(r, ReportIn) else r for r in rows]
    outcomes = _dry_run(session, actor, month, rows, today, plan_code)
    # Only the actor's own measures are looked up: another body's row shows its refusal, nothing else.
    own = {m.code for m in measures_for(actor, chosen_plan(session, plan_code)[1])}
    codes = [_text((r or {}).get("measure")) for r in rows]
    current = _current_values(session, plan_code, month, [c for c in codes if c in own])
    records = []
    for row, code in zip(rows, codes, strict=True):
        outcome = _next_outcome(outcomes, code[:20])
        if code not in own:
            records += _preview_records(code, [("", None, None)], outcome)
            continue
        changes = _changes(current.get(code, _EMPTY), _new_values(row or {}))
        records += _preview_records(code, changes or [("", None, None)], outcome)
    return pd.DataFrame(records, columns=PREVIEW_COLUMNS, dtype=object)


def _dry_run(
    session: Session, actor: Actor, month: str, rows: list[dict], today, plan_code: str
) -> dict[str, list]:
    """Each measure's outcomes (in the order its rows were met), from a submission rolled back."""
    # Noon of the given day, or now if that is still to come (a report is never dated in the future).
    now = min(dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC), utc_now()) if today else None
    savepoint = session.begin_nested()
    try:
        result = submit_reports(
            session, actor=actor, month=month, rows=rows, channel="excel", now=now, plan_code=plan_code
        )
    finally:
        savepoint.rollback()
    outcomes: dict[str, list[RowResult]] = {}
    for outcome in [*result.rejected, *result.saved, *result.unchanged]:
        outcomes.setdefault(outcome.measure, []).append(outcome)
    for found in outcomes.values():
        found.sort(key=lambda o: o.key == "measure_twice")  # the first row of a measure is the one judged
    return outcomes


def _next_outcome(outcomes: dict[str, list[RowResult]], code: str) -> RowResult:
    found = outcomes.get(code) or [RowResult(code, "unknown_measure", {"value": code})]
    return found.pop(0) if len(found) > 1 else found[0]


_EMPTY = {"stage": Stage.NOT_STARTED.value, "evidence": ""}


def _current_values(session: Session, plan_code: str, month: str, codes: list[str]) -> dict[str, dict]:
    """What each measure shows now for the month: its revision, else last month's carried forward."""
    latest = latest_revisions(session, plan_code, codes, month)
    values = indicator_values(session, [r.id for r in latest.values()])
    current = {}
    for code, revision in latest.items():
        this_month = revision.month == month
        fields = {
            name: getattr(revision, name) for name in ("stage", "pace", "percent", "obstacles", "next_steps")
        }
        fields |= {
            name: getattr(revision, name) if this_month else ""
            for name in ("done", "justification", "outlier_note")
        }
        fields["evidence"] = "\n".join(json.loads(revision.evidence))
        fields |= {f"indicators.{c}": v for c, v in values.get(revision.id, {}).items()}
        current[code] = fields
    return current


def _new_values(row: dict) -> dict:
    """The row as it would be stored; a row the rules refuse is shown as it was written."""
    try:
        report = ReportIn.model_validate(row)
    except (ReportRejected, ValidationError):
        fields = {name: row.get(name) for name in COMPARED}
        fields["evidence"] = "\n".join(str(row.get("evidence") or "").split())
        return fields | {f"indicators.{c}": v for c, v in (row.get("indicators") or {}).items()}
    fields = {name: getattr(report, name) for name in COMPARED}
    fields |= {"stage": report.stage.value, "pace": report.pace.value if report.pace else None}
    fields["evidence"] = "\n".join(report.evidence)
    return fields | {f"indicators.{c}": v for c, v in report.indicators.items()}


def _changes(current: dict, new: dict) -> list[tuple[str, object, object]]:
    names = list(COMPARED) + sorted(k for k in {*current, *new} if k.startswith("indicators."))
    changes = []
    for name in names:
        old, value = _blank(current.get(name)), _blank(new.get(name))
        if old != value:
            changes.append((name, old, value))
    return changes


def _blank(value: object) -> object:
    return None if value == "" else value


def _preview_records(code: str, changes: list, outcome: RowResult) -> list[dict]:
    refused = outcome.key not in ("saved", "unchanged")
    return [
        {
            "measure": code,
            "field": field,
            "current": old,
            "new": new,
            "outcome": "refused" if refused else outcome.key,
            "reason": outcome.key if refused else "",
            "params": dict(outcome.params),
            "notice": outcome.notice,
        }  # fmt: skip
        for field, old, new in changes
    ]
