"""The public balance report: an Excel workbook (Portuguese or English) and an open-data ZIP of
CSVs, both written from the same tables, computed by `monitoring.progress` for one as-of month.

Text from people or from the plan (narratives, names, titles) is written so that no spreadsheet
ever runs it as a formula; see `_put` and `_csv_safe`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, DoughnutChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlmodel import Session

from monitoring.i18n import LANGUAGES, translate
from monitoring.months import add_months, check_reportable_month, month_of, parse_month, plan_zone, today_in
from monitoring.palette import STAGE_COLOURS, hex_without_hash
from monitoring.plan_store import choose_plan, stored_plan
from monitoring.progress import (
    STAGES,
    Basis,
    Snapshot,
    indicator_ends,
    indicator_status,
    progress_by,
    stage_changes,
    stage_counts,
)
from monitoring.rules import ReportRejected
from monitoring.settings import get_settings
from monitoring.snapshots import snapshot_as_of
from monitoring.tables import PlanVersion, StatusRevision
from plan import Plan

TABLE_ROW = 4  # the header row of every table; the sheet's title and subtitle sit above it
KINDS = (*STAGES, "continuous")  # the stacked parts of every chart, in this order
SUMMARY_FLAGS = ("with_deadline", "continuous_running", "overdue", "stalled", "regressed", "missing", "total")
OPEN_DATA_FILES = ("measures", "indicators", "by_axis", "by_objective", "by_body", "changes")
# A text starting with one of these could be read as a formula by a spreadsheet program.
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_WIDTH = 60


class Column(NamedTuple):
    """A column of a table: its field, and how it is shown (text, long, int, rate, date, ...)."""

    field: str
    kind: str = "text"
    label: str = ""  # the catalogue key's last part, when it is not the field's name

    @property
    def key(self) -> str:
        return f"balance.col.{self.label or self.field}"


GROUP_COUNTS = (
    Column("not_started", "int"), Column("in_progress", "int"), Column("completed", "int"),
    Column("continuous", "int"), Column("overdue", "int"), Column("total", "int"),
    Column("completion_rate", "rate"),
)  # fmt: skip
COLUMNS: dict[str, tuple[Column, ...]] = {
    "by_axis": (Column("axis"), Column("axis_title", "long"), *GROUP_COUNTS),
    "by_objective": (
        Column("objective"), Column("gcm_number", "int"), Column("objective_title", "long"), *GROUP_COUNTS,
    ),
    "by_body": (Column("lead_body"), Column("body_name", "long"), *GROUP_COUNTS),
    "measures": (
        Column("code"), Column("axis"), Column("gcm_number", "int"), Column("title", "long"),
        Column("lead_body", "long"), Column("co_bodies", "long"), Column("deadline", "date"),
        Column("continuous", "bool", "is_continuous"), Column("stage", "stage"), Column("overdue", "bool"),
        Column("last_change"), Column("last_narrative", "long"),
    ),
    "indicators": (
        Column("measure"), Column("indicator"), Column("name", "long"), Column("unit"),
        Column("baseline", "number"), Column("target", "number"), Column("latest", "number"),
        Column("latest_month"), Column("percent_of_target", "percent"), Column("status", "status"),
    ),
    "changes": (
        Column("measure"), Column("title", "long"), Column("before", "stage"), Column("after", "stage"),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Balance:
    """Everything the report says, as plain tables of codes (labels are added when written)."""

    plan: Plan
    version: PlanVersion
    as_of: str
    since: str
    language: str
    today: dt.date
    counts: dict[str, int]
    tables: dict[str, pd.DataFrame]
    basis: Basis = Basis.RECORD
    moment: dt.datetime | None = None  # what the balance reads up to (the record: the month's close)


# ---- the tables -------------------------------------------------------------------------


def balance_tables(
    session: Session,
    *,
    as_of: str,
    language: str = "pt",
    since: str | None = None,
    today: dt.date | None = None,
    basis: Basis = Basis.RECORD,
    now: dt.datetime | None = None,
    plan_code: str | None = None,
) -> Balance:
    """The report's tables for `as_of` on a basis (the record by default: what the public balance
    publishes), after checking the language and the months; for the plan named (by default the
    only active one), from that plan's reports only. One snapshot per month, shared by every table
    (stored for a closed month, see `monitoring.snapshots`)."""
    if language not in LANGUAGES:
        raise ReportRejected("unknown_language", value=language)
    version = choose_plan(session, plan_code)
    plan = stored_plan(version)
    today = today or today_in(plan_zone(plan), now)
    as_of = parse_month(as_of)
    check_reportable_month(as_of, plan_start=plan.plan.start, today=today)
    since = _since(since, as_of, plan)
    view = {"basis": Basis(basis), "now": now}
    snap = snapshot_as_of(session, version, plan, as_of=as_of, **view)
    before = snapshot_as_of(session, version, plan, as_of=since, **view)
    tables = {
        **_group_tables(snap, plan, language),
        "measures": _measures_table(session, plan, snap, language),
        "indicators": _indicators_table(session, plan, as_of, language, **view),
        "changes": _changes_table(plan, before, snap, language),
    }
    counts = stage_counts(snap)
    return Balance(plan, version, as_of, since, language, today, counts, tables, Basis(basis), snap.moment)


def _since(since: str | None, as_of: str, plan: Plan) -> str:
    """The earlier month changes are counted from: given, or 12 months back (not before the plan)."""
    first = month_of(plan.plan.start)
    if since is None:
        return max(add_months(as_of, -12), first)
    since = parse_month(since)
    if since < first:
        raise ReportRejected("month_before_plan", month=since)
    if since >= as_of:
        raise ReportRejected("since_not_before_as_of", since=since, month=as_of)
    return since


def _group_tables(snap: Snapshot, plan: Plan, language: str) -> dict[str, pd.DataFrame]:
    axes = {a.code: a.title.in_(language) for a in plan.axes}
    objectives = {o.code: o for o in plan.objectives}
    bodies = {b.code: b.name.in_(language) for b in plan.bodies}
    by_axis = progress_by(snap, plan, "axis")
    by_axis.insert(1, "axis_title", by_axis["axis"].map(axes))
    by_objective = progress_by(snap, plan, "objective")
    by_objective.insert(1, "gcm_number", by_objective["objective"].map(lambda c: objectives[c].gcm_number))
    by_objective.insert(
        2, "objective_title", by_objective["objective"].map(lambda c: objectives[c].title.in_(language))
    )
    by_body = progress_by(snap, plan, "lead_body")
    by_body.insert(1, "body_name", by_body["lead_body"].map(bodies))
    return {"by_axis": by_axis, "by_objective": by_objective, "by_body": by_body}


def _measures_table(session: Session, plan: Plan, snap: Snapshot, language: str) -> pd.DataFrame:
    """One row per measure: what the plan says of it and its state at the as-of month."""
    objectives = {o.code: o for o in plan.objectives}
    bodies = {b.code: b.name.in_(language) for b in plan.bodies}
    state = snap.measures  # in the plan's order
    narratives = _latest_narratives(session, state.set_index("measure")["last_revision"])
    table = {
        "code": [m.code for m in plan.measures],
        "axis": [objectives[m.objective].axis for m in plan.measures],
        "gcm_number": [objectives[m.objective].gcm_number for m in plan.measures],
        "title": [m.title.in_(language) for m in plan.measures],
        "lead_body": [bodies[m.lead_body] for m in plan.measures],
        "co_bodies": ["; ".join(bodies[c] for c in m.co_bodies) for m in plan.measures],
        "deadline": [m.deadline for m in plan.measures],
        "continuous": [m.continuous for m in plan.measures],
        "stage": state["stage"].to_numpy(dtype=object),
        "overdue": state["overdue"].to_numpy(dtype=bool),
        "last_change": state["last_change"].to_numpy(dtype=object),
        "last_narrative": [narratives.get(m.code, "") for m in plan.measures],
    }
    return pd.DataFrame(table, columns=[c.field for c in COLUMNS["measures"]])


def _latest_narratives(session: Session, latest: pd.Series) -> dict[str, str]:
    """The "done" text of each measure's latest counted revision (ids by measure)."""
    latest = latest.dropna()
    by_id = {}
    ids = [int(i) for i in latest]
    for start in range(0, len(ids), 1000):  # a bounded IN list, for any database
        query = select(StatusRevision.id, StatusRevision.done).where(
            StatusRevision.id.in_(ids[start : start + 1000])
        )
        by_id.update(dict(session.execute(query).all()))
    return {measure: by_id.get(int(i), "") for measure, i in latest.items()}


def _indicators_table(
    session: Session, plan: Plan, as_of: str, language: str, *, basis: Basis, now: dt.datetime | None
) -> pd.DataFrame:
    names = {i.code: i.name.in_(language) for _, i in plan.indicators()}
    ends = indicator_ends(session, plan, as_of=as_of, basis=basis, now=now)
    status = indicator_status(plan, ends, as_of=as_of)
    if status.empty:
        return pd.DataFrame(columns=[c.field for c in COLUMNS["indicators"]])
    status["name"] = status["indicator"].map(names)
    return status[[c.field for c in COLUMNS["indicators"]]]


def _changes_table(plan: Plan, before: Snapshot, after: Snapshot, language: str) -> pd.DataFrame:
    titles = {m.code: m.title.in_(language) for m in plan.measures}
    changes = stage_changes(before, after)
    changes.insert(1, "title", changes["measure"].map(titles))
    return changes[[c.field for c in COLUMNS["changes"]]]


# ---- the workbook -----------------------------------------------------------------------


def balance_workbook(
    session: Session,
    *,
    as_of: str,
    language: str = "pt",
    since: str | None = None,
    out: Path | None = None,
    today: dt.date | None = None,
    plan_code: str | None = None,
) -> bytes:
    """The balance report as xlsx bytes; with `out`, also written there atomically."""
    balance = balance_tables(
        session, as_of=as_of, language=language, since=since, today=today, plan_code=plan_code
    )
    data = workbook_bytes(balance)
    if out is not None:
        write_atomically(Path(out), data)
    return data


def workbook_bytes(balance: Balance) -> bytes:
    workbook = Workbook()
    _cover_sheet(workbook.active, balance)
    _summary_sheet(_new_sheet(workbook, balance, "summary"), balance)
    for name, key in (("by_objective", "objective"), ("by_body", "lead_body")):
        _group_sheet(_new_sheet(workbook, balance, name), balance, name, key)
    _table_sheet(_new_sheet(workbook, balance, "measures"), balance, "measures")
    _table_sheet(_new_sheet(workbook, balance, "indicators"), balance, "indicators")
    _table_sheet(_new_sheet(workbook, balance, "changes"), balance, "changes")
    _properties(workbook, balance)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of [ ] : * ? / \\."""
    return text.translate(SHEET_FORBIDDEN).strip("'")[:31] or "_"


def _new_sheet(workbook: Workbook, balance: Balance, name: str) -> Worksheet:
    return workbook.create_sheet(sheet_title(_t(balance, f"balance.sheet.{name}", since=balance.since)))


def _t(balance: Balance, key: str, **params: object) -> str:
    """A text of the catalogue; the method notes name the closing day and the stalled threshold."""
    numbers = {"closing_day": get_settings().closing_day, "stalled": get_settings().stalled_months}
    return translate(key, balance.language, **(numbers | params))


def _heading(sheet: Worksheet, balance: Balance, key: str, **params: object) -> None:
    """The sheet's title in row 1 and the as-of month under it."""
    _put(sheet.cell(1, 1), _t(balance, key, **params)).font = Font(bold=True, size=14)
    subtitle = _t(balance, "balance.subtitle", plan=balance.plan.plan.code, month=balance.as_of)
    _put(sheet.cell(2, 1), subtitle).font = Font(italic=True)


def _cover_sheet(sheet: Worksheet, balance: Balance) -> None:
    sheet.title = sheet_title(_t(balance, "balance.sheet.cover"))
    header = balance.plan.plan
    _put(sheet.cell(1, 1), _t(balance, "balance.title")).font = Font(bold=True, size=16)
    _put(sheet.cell(2, 1), header.title.in_(balance.language)).font = Font(bold=True, size=12)
    for row, (label, value) in enumerate(_cover_lines(balance), start=4):
        _put(sheet.cell(row, 1), label).font = Font(bold=True)
        cell = _put(sheet.cell(row, 2), value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, dt.date):
            cell.number_format = "dd/mm/yyyy"
            cell.alignment = Alignment(horizontal="left")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def _cover_lines(balance: Balance) -> list[tuple[str, object]]:
    header, version = balance.plan.plan, balance.version
    source = _t(
        balance, "balance.cover.source_text", code=header.code, version=version.version,
        date=version.loaded_at.strftime("%d/%m/%Y"), file=version.source_name or "-",
    )  # fmt: skip
    lines: list[tuple[str, object]] = [
        (_t(balance, "balance.cover.plan"), header.title.in_(balance.language)),
        (_t(balance, "balance.cover.legal_basis"), header.legal_basis),
        (_t(balance, "balance.cover.period"), f"{header.start:%d/%m/%Y} – {header.end:%d/%m/%Y}"),
        (_t(balance, "balance.cover.as_of"), balance.as_of),
        (_t(balance, "balance.cover.basis"), basis_text(balance)),
        (_t(balance, "balance.cover.since"), balance.since),
        (_t(balance, "balance.cover.generated"), balance.today),
        (_t(balance, "balance.cover.source"), source),
    ]
    notes = ("stages", "continuous", "overdue", "as_of", f"basis.{balance.basis.value}", "flags", "shares")
    lines += [(_t(balance, "balance.cover.method") if n == 0 else "", _t(balance, f"balance.method.{key}"))
              for n, key in enumerate(notes)]  # fmt: skip
    if header.reconstruction:
        lines.append((_t(balance, "balance.cover.warning"), _t(balance, "balance.cover.reconstruction")))
    return lines


def basis_text(balance: Balance) -> str:
    """Which reports the balance reads, in words: the record at the month's close (local time),
    or everything known when it was made."""
    zone = plan_zone(balance.plan)
    if balance.basis is Basis.RECORD and balance.moment is not None:
        local = balance.moment.astimezone(zone) - dt.timedelta(seconds=1)
        return _t(balance, "balance.basis.record", moment=f"{local:%d/%m/%Y %H:%M:%S}", zone=zone.key)
    return _t(balance, "balance.basis.corrected", date=f"{balance.today:%d/%m/%Y}")


def _summary_sheet(sheet: Worksheet, balance: Balance) -> None:
    _heading(sheet, balance, "balance.sheet.summary")
    last = _overall_table(sheet, balance)
    doughnut = _doughnut(sheet, balance, first=TABLE_ROW + 1, last=TABLE_ROW + len(KINDS))
    sheet.add_chart(doughnut, "F4")
    axis_row = last + 3
    _put(sheet.cell(axis_row - 1, 1), _t(balance, "balance.by_axis")).font = Font(bold=True)
    end = _write_table(sheet, balance, balance.tables["by_axis"], COLUMNS["by_axis"], top=axis_row)
    chart = _stacked_bars(
        sheet, balance, COLUMNS["by_axis"], header=axis_row, last=end, title="balance.chart.by_axis"
    )
    sheet.add_chart(chart, f"A{end + 3}")
    _fit_columns(sheet, COLUMNS["by_axis"], first_row=axis_row)


def _overall_table(sheet: Worksheet, balance: Balance) -> int:
    """Counts by stage (shares of the measures with a deadline), then the flags; returns the last row."""
    counts = balance.counts
    with_deadline = sum(counts[s] for s in STAGES)
    rows = [(_t(balance, f"stage.{s}"), counts[s], counts[s] / with_deadline if with_deadline else None)
            for s in STAGES]  # fmt: skip
    rows.append((_t(balance, "balance.col.continuous"), counts["continuous"], None))
    values = {**counts, "with_deadline": with_deadline}
    rows += [(_t(balance, f"balance.row.{flag}"), values[flag], None) for flag in SUMMARY_FLAGS]
    for column, key in enumerate(("stage", "measures", "share_of_deadline"), start=1):
        _header_cell(sheet.cell(TABLE_ROW, column), _t(balance, f"balance.col.{key}"))
    for row, (label, count, share) in enumerate(rows, start=TABLE_ROW + 1):
        _put(sheet.cell(row, 1), label)
        _put(sheet.cell(row, 2), count)
        _put(sheet.cell(row, 3), share).number_format = "0.0%"
    for row, kind in enumerate(KINDS, start=TABLE_ROW + 1):
        sheet.cell(row, 1).fill = _fill(kind)
    return TABLE_ROW + len(rows)


def _group_sheet(sheet: Worksheet, balance: Balance, name: str, key: str) -> None:
    _heading(sheet, balance, f"balance.sheet.{name}")
    columns = COLUMNS[name]
    last = _write_table(sheet, balance, balance.tables[name], columns, top=TABLE_ROW)
    chart = _stacked_bars(sheet, balance, columns, header=TABLE_ROW, last=last, title=f"balance.chart.{name}")
    sheet.add_chart(chart, f"{get_column_letter(len(columns) + 2)}{TABLE_ROW}")
    _finish_table(sheet, columns, last)


def _table_sheet(sheet: Worksheet, balance: Balance, name: str) -> None:
    title_params = {"since": balance.since}
    _heading(sheet, balance, f"balance.sheet.{name}", **title_params)
    frame = balance.tables[name]
    last = _write_table(sheet, balance, frame, COLUMNS[name], top=TABLE_ROW)
    if frame.empty:
        _put(sheet.cell(TABLE_ROW + 1, 1), _t(balance, f"balance.empty.{name}"))
    _finish_table(sheet, COLUMNS[name], last)


def _finish_table(sheet: Worksheet, columns: tuple[Column, ...], last: int) -> None:
    """Header frozen, auto-filter over the table, widths that fit the content."""
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 2)
    sheet.auto_filter.ref = f"A{TABLE_ROW}:{get_column_letter(len(columns))}{max(last, TABLE_ROW + 1)}"
    _fit_columns(sheet, columns, first_row=TABLE_ROW)


def _write_table(
    sheet: Worksheet, balance: Balance, frame: pd.DataFrame, columns: tuple[Column, ...], *, top: int
) -> int:
    """The header at row `top` and one row per record under it; returns the last row written."""
    for n, column in enumerate(columns, start=1):
        _header_cell(sheet.cell(top, n), _t(balance, column.key))
    for row, record in enumerate(frame.itertuples(index=False), start=top + 1):
        values = dict(zip(frame.columns, record, strict=True))
        for n, column in enumerate(columns, start=1):
            _write_value(sheet.cell(row, n), column, values, balance)
    return top + len(frame)


def _write_value(cell: Cell, column: Column, values: dict, balance: Balance) -> None:
    value = _plain(values[column.field])
    if column.kind == "stage" and value is not None:
        cell.fill = _fill("continuous" if values.get("continuous") else value)
        value = _t(balance, f"stage.{value}")
    elif column.kind == "status" and value is not None:
        value = _t(balance, f"balance.status.{value}")
    elif column.kind == "bool" and value is not None:
        value = _t(balance, "yes" if value else "no")
    elif column.kind == "percent" and value is not None:
        value = value / 100  # progress gives 50.0 for half-way; Excel shows 0.5 as 50%
    _put(cell, value)
    cell.number_format = {"date": "dd/mm/yyyy", "rate": "0.0%", "percent": "0.0%"}.get(column.kind, "General")
    if column.kind == "long":
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _plain(value: object) -> object:
    """A value openpyxl writes natively: None for missing, Python numbers and dates."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _put(cell: Cell, value: object) -> Cell:
    """Write a value; text can never become a formula.

    openpyxl turns a string starting with "=" into a formula, so every text is forced back to a
    string cell. Text starting with = + - @ tab or CR is also marked with Excel's own "quote
    prefix" (what Excel does when someone types a leading apostrophe): the text is stored exactly
    as written, no character added, and Excel keeps it as text even when the cell is edited.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Excel cannot store
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(RISKY_STARTS):
            cell.quotePrefix = True
    return cell


def _header_cell(cell: Cell, text: str) -> None:
    _put(cell, text)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _fill(kind: str) -> PatternFill:
    return PatternFill("solid", fgColor=hex_without_hash(STAGE_COLOURS[kind]))


def _fit_columns(sheet: Worksheet, columns: tuple[Column, ...], *, first_row: int) -> None:
    """Each column as wide as its longest line (header included), up to a readable maximum."""
    for n, column in enumerate(columns, start=1):
        letter = get_column_letter(n)
        lengths = [_shown_length(c.value) for c in sheet[letter][first_row - 1 :]]
        width = max([*lengths, 8]) + 2
        sheet.column_dimensions[letter].width = min(width, MAX_WIDTH if column.kind == "long" else 30)


def _shown_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return 8
    return max(len(line) for line in str(value).splitlines() or [""])


def _stacked_bars(
    sheet: Worksheet, balance: Balance, columns: tuple[Column, ...], *, header: int, last: int, title: str
) -> BarChart:
    """Horizontal bars per group (column A), stacked by stage, continuous measures in grey."""
    first = 1 + [c.field for c in columns].index(KINDS[0])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    data = Reference(sheet, min_col=first, max_col=first + len(KINDS) - 1, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    _text_categories(chart, Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    for series, kind in zip(chart.series, KINDS, strict=True):
        series.graphicalProperties.solidFill = hex_without_hash(STAGE_COLOURS[kind])
        series.graphicalProperties.line.solidFill = hex_without_hash(STAGE_COLOURS[kind])
    chart.title = _t(balance, title)
    chart.y_axis.title = _t(balance, "balance.chart.measures")
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides the axes otherwise
    chart.width, chart.height = 18, max(7.5, 0.7 * (last - header) + 3)
    return chart


def _doughnut(sheet: Worksheet, balance: Balance, *, first: int, last: int) -> DoughnutChart:
    """All measures by stage, continuous ones apart (in grey)."""
    chart = DoughnutChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    _text_categories(chart, Reference(sheet, min_col=1, min_row=first, max_row=last))
    series = chart.series[0]
    for index, kind in enumerate(KINDS):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = hex_without_hash(STAGE_COLOURS[kind])
        series.dPt.append(point)
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showPercent = True
    chart.title = _t(balance, "balance.chart.overall")
    chart.width, chart.height = 12, 8
    return chart


def _text_categories(chart: BarChart | DoughnutChart, labels: Reference) -> None:
    """Categories are labels (codes, stage names): a string reference, not openpyxl's numeric one."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))


def _properties(workbook: Workbook, balance: Balance) -> None:
    properties = workbook.properties
    properties.title = f"{_t(balance, 'balance.title')} — {balance.plan.plan.code}"
    properties.subject = _t(balance, "balance.subtitle", plan=balance.plan.plan.code, month=balance.as_of)
    properties.creator = "gcm-monitoring"
    properties.language = balance.language
    properties.created = dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---- open data --------------------------------------------------------------------------


def open_data_zip(
    session: Session,
    *,
    as_of: str,
    language: str = "pt",
    since: str | None = None,
    out: Path | None = None,
    today: dt.date | None = None,
    plan_code: str | None = None,
) -> bytes:
    """The same tables as UTF-8 CSVs in a ZIP, with a README.txt documenting every column."""
    balance = balance_tables(
        session, as_of=as_of, language=language, since=since, today=today, plan_code=plan_code
    )
    data = open_data_bytes(balance)
    if out is not None:
        write_atomically(Path(out), data)
    return data


def open_data_bytes(balance: Balance) -> bytes:
    """The ZIP of CSVs for tables already computed (see `workbook_bytes` for the workbook)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in OPEN_DATA_FILES:
            archive.writestr(f"{name}.csv", _csv(balance.tables[name]))
        archive.writestr("README.txt", readme_text(balance))
    return buffer.getvalue()


def _csv(frame: pd.DataFrame) -> str:
    safe = frame.map(_csv_safe) if not frame.empty else frame
    return safe.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def _csv_safe(value: object) -> object:
    """A CSV has no types, so a risky text gets the standard single-quote prefix (see README)."""
    if isinstance(value, str) and value.startswith(RISKY_STARTS):
        return "'" + value
    return value


def readme_text(balance: Balance) -> str:
    """What each file and column holds, in the report's language."""
    lines = [
        _t(balance, "balance.title") + " — " + balance.plan.plan.title.in_(balance.language),
        _t(balance, "balance.subtitle", plan=balance.plan.plan.code, month=balance.as_of),
        "",
        _t(balance, "balance.readme.format"),
        _t(balance, "balance.readme.codes"),
        _t(balance, "balance.readme.quote"),
        "",
        basis_text(balance),
        *(_t(balance, f"balance.method.{key}") for key in ("stages", "continuous", "overdue", "as_of")),
    ]
    for name in OPEN_DATA_FILES:
        lines += ["", f"{name}.csv — {_t(balance, f'balance.readme.{name}', since=balance.since)}"]
        lines += [f"  {c.field}: {_t(balance, c.key)}" for c in COLUMNS[name]]
    return "\n".join(lines) + "\n"


# ---- writing a file ---------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: never a partial file."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError:
        raise ReportRejected("cannot_write_file", value=str(path)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ReportRejected("cannot_write_file", value=str(path)) from None
        raise


# ---- the public page -----------------------------------------------------------------------

# The public page shows what the balance publishes, less narratives: they are written for the
# committee and may hold internal matters. No table here names a focal point or an e-mail.
PUBLIC_TABLES = ("by_axis", "by_objective", "measures", "indicators")
NOT_PUBLIC = {"last_narrative"}
# The objective's code (O05) only repeats its GCM number (5) for a reader: the number is shown.
REPEATED = {"by_objective": {"objective"}}


def public_tables(balance: Balance) -> dict[str, pd.DataFrame]:
    """The balance's tables for anonymous visitors, columns labelled in the balance's language."""
    out = {}
    for name in PUBLIC_TABLES:
        columns = [c for c in COLUMNS[name] if c.field not in NOT_PUBLIC | REPEATED.get(name, set())]
        table = balance.tables[name][[c.field for c in columns]].copy()
        for column in columns:
            if column.kind == "stage":
                table[column.field] = table[column.field].map(
                    lambda s: translate(f"stage.{s}", balance.language)
                )
            elif column.kind == "status":
                table[column.field] = table[column.field].map(
                    lambda s: translate(f"balance.status.{s}", balance.language)
                )
        table.columns = [translate(c.key, balance.language) for c in columns]
        out[name] = table
    return out
