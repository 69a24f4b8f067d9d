"""The public balance report: an Excel workbook (Portuguese or English) and an open-data ZIP of
CSVs, both written from the same tables, computed by `monitoring.progress` for one as-of month.

Text from people or from the plan (narratives, names, titles) is written so that no spreadsheet
ever runs it as a formula; see `_put` and `_csv_safe`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import tempfile
import zipfile
from copy import copy
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
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlmodel import Session

from monitoring import formats
from monitoring.audit_chain import chain_anchor, has_pending, link_pending
from monitoring.i18n import LANGUAGES, translate
from monitoring.months import add_months, check_reportable_month, month_of, parse_month, plan_zone, today_in
from monitoring.palette import STAGE_COLOURS, hex_without_hash
from monitoring.plan_store import choose_plan, stored_plan
from monitoring.progress import (
    STAGES,
    Basis,
    Snapshot,
    counted_reports,
    indicator_ends,
    indicator_status,
    progress_by,
    stage_changes,
    stage_counts,
)
from monitoring.provenance import FIGURES, basis_summary, has_unofficial_figures, mark, marked, with_bases
from monitoring.rules import ReportRejected
from monitoring.settings import get_settings
from monitoring.snapshots import snapshot_as_of
from monitoring.tables import PlanVersion, StatusRevision
from plan import Plan
from plan.printing import LINE_POINTS, fit_row_heights, print_setup

TABLE_ROW = 4  # the header row of every table; the sheet's title and subtitle sit above it
KINDS = (*STAGES, "continuous")  # the stacked parts of every chart, in this order
SUMMARY_FLAGS = ("with_deadline", "continuous_running", "overdue", "stalled", "regressed", "missing", "total")
OPEN_DATA_FILES = ("measures", "indicators", "by_axis", "by_objective", "by_body", "changes")
OPEN_DATA_WORKBOOK = "tables.xlsx"
# Free text people wrote: published only from validated months, and only where the settings allow.
NARRATIVE_FIELDS = ("last_narrative", "narrative_month")
# A text starting with one of these could be read as a formula by a spreadsheet program.
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TITLE_FONT, SUBTITLE_FONT, BOLD = Font(bold=True, size=14), Font(italic=True), Font(bold=True)
MARKED_FONT = Font(italic=True, color="595959")  # a figure that is not the plan's own
TOP, TOP_LEFT = Alignment(vertical="top"), Alignment(vertical="top", horizontal="left")
WRAP = Alignment(wrap_text=True, vertical="top")
FILLS = {
    kind: PatternFill("solid", fgColor=hex_without_hash(colour)) for kind, colour in STAGE_COLOURS.items()
}
MAX_WIDTH = 40  # a long text wraps within this many characters
# What a value of these kinds shows at most: a date, a month, a percentage, a stage or a yes/no.
SHOWN_LENGTHS = {"date": 10, "month": 9, "rate": 7, "percent": 7, "number": 9, "int": 5,
                 "stage": 13, "status": 16, "bool": 4}  # fmt: skip
COVER_WIDTHS = (26.0, 82.0)  # label and text: the cover fits a portrait page
LANDSCAPE = {"measures"}  # sheets too wide for a portrait page at a readable size
CM_PER_POINT = 2.54 / 72
CM_PER_CHARACTER = 0.2  # the width of one character of a column, roughly, in cm
MAX_CHART_CM = 18.0


class Column(NamedTuple):
    """A column of a table: its field, how it is shown (text, long, int, rate, date, month, ...),
    and in the workbook at most how wide (characters; 0 for the kind's default)."""

    field: str
    kind: str = "text"
    label: str = ""  # the catalogue key's last part, when it is not the field's name
    width: int = 0

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
        Column("code"), Column("axis"), Column("gcm_number", "int"), Column("title", "long", width=42),
        Column("lead_body", "long", width=24), Column("co_bodies", "long", width=28),
        Column("deadline", "date"),
        Column("continuous", "bool", "is_continuous"), Column("stage", "stage"), Column("overdue", "bool"),
        Column("last_change", "month"), Column("last_narrative", "long"), Column("narrative_month", "month"),
        Column("wording_basis", "basis"),
    ),
    "indicators": (
        Column("measure"), Column("indicator"), Column("name", "long"), Column("unit"),
        Column("baseline", "number"), Column("target", "number"), Column("latest", "number"),
        Column("latest_month", "month"), Column("percent_of_target", "percent"), Column("status", "status"),
        Column("baseline_basis", "basis"), Column("target_basis", "basis"), Column("figures_source", "long"),
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
    anchor: str = ""  # the audit chain's head when the tables were read: "revision id:hash"


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
    anchor = _anchor(session, version.plan_code)
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
    return Balance(
        plan, version, as_of, since, language, today, counts, tables, Basis(basis), snap.moment, anchor=anchor
    )


def _anchor(session: Session, plan_code: str) -> str:
    """The chain head the balance certifies; what the app listed is linked first (the next reader)."""
    if has_pending(session, plan_code):
        link_pending(session, plan_code)
    return str(chain_anchor(session, plan_code))


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
    narratives = _validated_narratives(session, plan.plan.code, snap)
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
        "last_narrative": [narratives.get(m.code, (None, ""))[1] for m in plan.measures],
        "narrative_month": [narratives.get(m.code, (None, ""))[0] for m in plan.measures],
        "wording_basis": [m.wording_basis.value if m.wording_basis else "" for m in plan.measures],
    }
    return pd.DataFrame(table, columns=[c.field for c in COLUMNS["measures"]])


def _validated_narratives(session: Session, plan_code: str, snap: Snapshot) -> dict[str, tuple]:
    """Each measure's "done" text from its latest month that its body has validated, with that
    month, on the snapshot's basis (the record: validated by the month's close): text nobody
    validated is never published (stages and values are, as submitted)."""
    moment = snap.moment or dt.datetime.now(dt.UTC)
    reports = counted_reports(session, plan_code, as_of=snap.month, moment=moment, validated_only=True)
    if reports.empty:
        return {}
    latest = reports.sort_values(["month", "id"]).groupby("measure")[["id", "month"]].last()
    texts = {}
    ids = [int(i) for i in latest["id"]]
    for start in range(0, len(ids), 1000):  # a bounded IN list, for any database
        query = select(StatusRevision.id, StatusRevision.done).where(
            StatusRevision.id.in_(ids[start : start + 1000])
        )
        texts.update(dict(session.execute(query).all()))
    return {measure: (row.month, texts.get(int(row.id), "")) for measure, row in latest.iterrows()}


def published_columns(name: str, where: str) -> tuple[Column, ...]:
    """A table's columns as published in the workbook or the open data (narratives by setting)."""
    settings = get_settings()
    setting = settings.narratives_in_workbook if where == "workbook" else settings.narratives_in_open_data
    hidden = NARRATIVE_FIELDS if setting == "none" else ()
    return tuple(c for c in COLUMNS[name] if c.field not in hidden)


def _indicators_table(
    session: Session, plan: Plan, as_of: str, language: str, *, basis: Basis, now: dt.datetime | None
) -> pd.DataFrame:
    names = {i.code: i.name.in_(language) for _, i in plan.indicators()}
    ends = indicator_ends(session, plan, as_of=as_of, basis=basis, now=now)
    status = indicator_status(plan, ends, as_of=as_of)
    if status.empty:
        return pd.DataFrame(columns=[c.field for c in COLUMNS["indicators"]])
    status["name"] = status["indicator"].map(names)
    status["unit"] = [formats.unit(u, language) for u in status["unit"]]
    return with_bases(plan, status)[[c.field for c in COLUMNS["indicators"]]]


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
    _add_cell_styles(workbook, balance.language)
    _cover_sheet(workbook.active, balance)
    _summary_sheet(_new_sheet(workbook, balance, "summary"), balance)
    for name, key in (("by_objective", "objective"), ("by_body", "lead_body")):
        _group_sheet(_new_sheet(workbook, balance, name), balance, name, key)
    for name in ("measures", "indicators", "changes"):
        _table_sheet(_new_sheet(workbook, balance, name), balance, name)
    _properties(workbook, balance)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of [ ] : * ? / \\."""
    return text.translate(SHEET_FORBIDDEN).strip("'")[:31] or "_"


def _new_sheet(workbook: Workbook, balance: Balance, name: str) -> Worksheet:
    return workbook.create_sheet(
        sheet_title(_t(balance, f"balance.sheet.{name}", since=_month(balance, "since")))
    )


def _t(balance: Balance, key: str, **params: object) -> str:
    """A text of the catalogue; the method notes name the closing day and the stalled threshold."""
    numbers = {"closing_day": get_settings().closing_day, "stalled": get_settings().stalled_months}
    return translate(key, balance.language, **(numbers | params))


@functools.cache
def _label(key: str, language: str) -> str:
    """A label without parameters (a stage, a status, yes or no), looked up once."""
    return translate(key, language)


def _month(balance: Balance, which: str = "as_of") -> str:
    """The as-of (or since) month as people name it in the report's language."""
    return formats.month(getattr(balance, which), balance.language)


def _subtitle(balance: Balance) -> str:
    return _t(balance, "balance.subtitle", plan=balance.plan.plan.code, month=_month(balance))


def _print(sheet: Worksheet, balance: Balance, *, landscape: bool = False, title_row: int | None = None,
           pages_high: int = 0) -> None:  # fmt: skip
    """A4, one page wide, the table's header on every page, the plan, month and page in the footer."""
    print_setup(
        sheet, footer=_subtitle(balance), page_label=_t(balance, "balance.footer.page"), landscape=landscape,
        title_rows=f"{title_row}:{title_row}" if title_row else None, pages_high=pages_high,
    )  # fmt: skip


def _heading(sheet: Worksheet, balance: Balance, key: str, **params: object) -> None:
    """The sheet's title in row 1 and the as-of month under it."""
    _put(sheet.cell(1, 1), _t(balance, key, **params)).font = TITLE_FONT
    _put(sheet.cell(2, 1), _subtitle(balance)).font = SUBTITLE_FONT


def _cover_sheet(sheet: Worksheet, balance: Balance) -> None:
    """A cover that prints on one portrait page: what the report is, its source and its method."""
    sheet.title = sheet_title(_t(balance, "balance.sheet.cover"))
    header = balance.plan.plan
    _put(sheet.cell(1, 1), _t(balance, "balance.title")).font = Font(bold=True, size=16)
    _put(sheet.cell(2, 1), header.title.in_(balance.language)).font = Font(bold=True, size=12)
    heights = []
    for row, (label, value) in enumerate(_cover_lines(balance), start=4):
        _put(sheet.cell(row, 1), label).font = BOLD
        sheet.cell(row, 1).alignment = TOP
        cell = _put(sheet.cell(row, 2), value)
        cell.alignment = WRAP
        if isinstance(value, dt.date):
            cell.number_format = formats.excel_format("date", balance.language)
            cell.alignment = TOP_LEFT
        heights.append((row, [(value, COVER_WIDTHS[1]), (label, COVER_WIDTHS[0])]))
    fit_row_heights(sheet, heights)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = COVER_WIDTHS
    _print(sheet, balance, pages_high=1)


def _cover_lines(balance: Balance) -> list[tuple[str, object]]:
    header, version = balance.plan.plan, balance.version
    source = _t(
        balance, "balance.cover.source_text", code=header.code, version=version.version,
        date=formats.date(version.loaded_at, balance.language), file=version.source_name or "-",
    )  # fmt: skip
    period = f"{formats.date(header.start, balance.language)} – {formats.date(header.end, balance.language)}"
    lines: list[tuple[str, object]] = [
        (_t(balance, "balance.cover.plan"), header.title.in_(balance.language)),
        (_t(balance, "balance.cover.legal_basis"), header.legal_basis),
        (_t(balance, "balance.cover.period"), period),
        (_t(balance, "balance.cover.as_of"), _month(balance)),
        (_t(balance, "balance.cover.basis"), basis_text(balance)),
        (_t(balance, "balance.cover.since"), _month(balance, "since")),
        (_t(balance, "balance.cover.generated"), balance.today),
        (_t(balance, "balance.cover.source"), source),
        (_t(balance, "balance.cover.anchor"), balance.anchor),
        ("", _t(balance, "balance.cover.anchor_note", anchor=balance.anchor)),
    ]
    basis = f"basis.{balance.basis.value}"
    notes = ("stages", "continuous", "overdue", "as_of", basis, "submission", "flags", "shares")
    lines += [(_t(balance, "balance.cover.method") if n == 0 else "", _t(balance, f"balance.method.{key}"))
              for n, key in enumerate(notes)]  # fmt: skip
    if header.reconstruction:
        lines.append((_t(balance, "balance.cover.warning"), _t(balance, "balance.cover.reconstruction")))
        lines.append((_t(balance, "balance.cover.provenance"), header.provenance))
    if has_unofficial_figures(balance.plan):
        lines.append(("", basis_summary(balance.plan, balance.language)))
    return lines


def basis_text(balance: Balance) -> str:
    """Which reports the balance reads, in words: the record at the month's close (local time),
    or everything known when it was made."""
    zone = plan_zone(balance.plan)
    if balance.basis is Basis.RECORD and balance.moment is not None:
        local = balance.moment.astimezone(zone) - dt.timedelta(seconds=1)
        moment = formats.moment(local, balance.language, seconds=True)
        return _t(balance, "balance.basis.record", moment=moment, zone=zone.key)
    return _t(balance, "balance.basis.corrected", date=formats.date(balance.today, balance.language))


def _summary_sheet(sheet: Worksheet, balance: Balance) -> None:
    """The counts by stage beside a doughnut, then the counts by axis over a bar chart: one page."""
    _heading(sheet, balance, "balance.sheet.summary")
    last = _overall_table(sheet, balance)
    doughnut = _doughnut(sheet, balance, first=TABLE_ROW + 1, last=TABLE_ROW + len(KINDS))
    sheet.add_chart(doughnut, f"E{TABLE_ROW}")
    axis_row = max(last, TABLE_ROW + _rows_for(doughnut.height)) + 3
    _put(sheet.cell(axis_row - 1, 1), _t(balance, "balance.by_axis")).font = BOLD
    columns = COLUMNS["by_axis"]
    widths = _column_widths(balance, balance.tables["by_axis"], columns)
    widths[0] = max(widths[0], *(len(_t(balance, f"balance.row.{f}")) + 2 for f in SUMMARY_FLAGS))
    end = _write_table(sheet, balance, balance.tables["by_axis"], columns, top=axis_row, widths=widths)
    chart = _stacked_bars(
        sheet, balance, columns, header=axis_row, last=end, title="balance.chart.by_axis", widths=widths
    )
    sheet.add_chart(chart, f"A{end + 2}")
    _set_widths(sheet, widths)
    _print(sheet, balance)


def _rows_for(height_cm: float) -> int:
    """How many rows of the default height a chart `height_cm` high covers."""
    return math.ceil(height_cm / (LINE_POINTS * CM_PER_POINT)) + 1


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
        _put(sheet.cell(row, 2), count).number_format = formats.excel_format("int", balance.language)
        _put(sheet.cell(row, 3), share).number_format = formats.excel_format("rate", balance.language)
    for row, kind in enumerate(KINDS, start=TABLE_ROW + 1):
        sheet.cell(row, 1).fill = _fill(kind)
    return TABLE_ROW + len(rows)


def _group_sheet(sheet: Worksheet, balance: Balance, name: str, key: str) -> None:
    """A table of counts by objective or body, and its bar chart under it."""
    _heading(sheet, balance, f"balance.sheet.{name}")
    columns = COLUMNS[name]
    widths = _column_widths(balance, balance.tables[name], columns)
    last = _write_table(sheet, balance, balance.tables[name], columns, top=TABLE_ROW, widths=widths)
    chart = _stacked_bars(
        sheet, balance, columns, header=TABLE_ROW, last=last, title=f"balance.chart.{name}", widths=widths
    )
    sheet.add_chart(chart, f"A{last + 2}")
    _finish_table(sheet, balance, columns, last, widths)


def _table_sheet(sheet: Worksheet, balance: Balance, name: str) -> None:
    _heading(sheet, balance, f"balance.sheet.{name}", since=_month(balance, "since"))
    frame, columns = balance.tables[name], published_columns(name, "workbook")
    widths = _column_widths(balance, frame, columns)
    last = _write_table(sheet, balance, frame, columns, top=TABLE_ROW, widths=widths)
    if frame.empty:
        _put(sheet.cell(TABLE_ROW + 1, 1), _t(balance, f"balance.empty.{name}"))
    _finish_table(sheet, balance, columns, last, widths, landscape=name in LANDSCAPE)


def _finish_table(
    sheet: Worksheet, balance: Balance, columns: tuple[Column, ...], last: int, widths: list[float],
    *, landscape: bool = False,
) -> None:  # fmt: skip
    """Header frozen and repeated on every printed page, auto-filter over the table, widths set."""
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 2)
    sheet.auto_filter.ref = f"A{TABLE_ROW}:{get_column_letter(len(columns))}{max(last, TABLE_ROW + 1)}"
    _set_widths(sheet, widths)
    _print(sheet, balance, landscape=landscape, title_row=TABLE_ROW)


def _write_table(
    sheet: Worksheet, balance: Balance, frame: pd.DataFrame, columns: tuple[Column, ...], *, top: int,
    widths: list[float],
) -> int:  # fmt: skip
    """The header at row `top` and one row per record under it, each row as tall as its wrapped
    text; returns the last row written."""
    labels = [_t(balance, column.key) for column in columns]
    for n, label in enumerate(labels, start=1):
        _header_cell(sheet.cell(top, n), label)
    heights = [(top, list(zip(labels, widths, strict=True)))]
    long = [n for n, column in enumerate(columns) if column.kind == "long"]
    fields = [frame.columns.get_loc(column.field) for column in columns]
    continuous = frame.columns.get_loc("continuous") if "continuous" in frame.columns else None
    # A baseline or target beside its basis: marked when it is not the plan's own figure.
    bases = {n: frame.columns.get_loc(f"{c.field}_basis") for n, c in enumerate(columns)
             if c.kind == "number" and f"{c.field}_basis" in frame.columns}  # fmt: skip
    source = frame.columns.get_loc("figures_source") if bases else None
    styles: dict[object, object] = {}
    for row, record in enumerate(frame.itertuples(index=False), start=top + 1):
        running = continuous is not None and bool(record[continuous])
        for n, column in enumerate(columns):
            cell = sheet.cell(row, n + 1)
            _write_value(cell, column, record[fields[n]], balance, running, styles)
            if n in bases and record[bases[n]] in NOT_OFFICIAL and cell.value is not None:
                _mark_figure(cell, record[bases[n]], _plain(record[source]) or "", balance)
        heights.append((row, [(record[fields[n]], widths[n]) for n in long]))
    fit_row_heights(sheet, heights)
    return top + len(frame)


# Every cell of a table wears one of these named styles (top-aligned, long text wrapped, numbers
# and dates in the report's language): assigned by name, a style costs a fraction of setting its
# alignment and number format cell by cell.
CELL_STYLES = ("text", "long", "int", "number", "rate", "percent", "date", "month")


def _add_cell_styles(workbook: Workbook, language: str) -> None:
    for kind in CELL_STYLES:
        style = NamedStyle(name=f"gcm-{kind}", alignment=WRAP if kind == "long" else TOP)
        style.number_format = formats.excel_format(kind, language)
        workbook.add_named_style(style)


def _write_value(
    cell: Cell, column: Column, value: object, balance: Balance, running: bool, styles: dict[object, object]
) -> None:
    """One value as the report shows it; a continuous measure's stage wears the continuous colour."""
    value = _plain(value)
    kind = column.kind
    style = kind if kind in CELL_STYLES else "text"
    fill = None
    if kind == "stage" and value is not None:
        fill = _fill("continuous" if running else value)
        value = _label(f"stage.{value}", balance.language)
    elif kind == "status" and value is not None:
        value = _label(f"balance.status.{value}", balance.language)
    elif kind == "bool" and value is not None:
        value = _label("yes" if value else "no", balance.language)
    elif kind == "percent" and value is not None:
        value = value / 100  # progress gives 50.0 for half-way; Excel shows 0.5 as 50%
    elif kind == "month" and value:
        value = dt.date.fromisoformat(f"{value}-01")
    elif kind == "number" and value is not None and float(value).is_integer():
        style = "int"
    elif kind == "basis":
        value = _label(f"balance.basis.{value}", balance.language) if value else None
    _style(cell, f"gcm-{style}", styles, fill)  # the whole style is replaced: before the quote prefix
    _put(cell, value)


def _style(cell: Cell, name: str, styles: dict[object, object], fill: PatternFill | None = None) -> None:
    """Give the cell a named style (and a fill): made once, then copied, openpyxl's own way to copy a
    style, which spares looking the name up and hashing the fill for every cell. The kept copy is the
    cell's own: what is set on a cell afterwards (a quote prefix, a mark) stays on that cell."""
    key = (name, id(fill))
    if key not in styles:
        cell.style = name
        if fill is not None:
            cell.fill = fill
        styles[key] = copy(cell._style)
    else:
        cell._style = copy(styles[key])


def _mark_figure(cell: Cell, basis: str, source: str, balance: Balance) -> None:
    """A figure that is not the plan's own: italic, its mark beside the number (in the number's own
    format), and on hover what it is (and, for a reported one, where it comes from)."""
    cell.font = MARKED_FONT
    cell.number_format = f'{cell.number_format}" {mark(basis)}"'
    note = _t(balance, "basis.footnote") + (f"\n\n† {source}" if basis == "reported" and source else "")
    cell.comment = Comment(note, "gcm-monitoring", width=320, height=140)


def _plain(value: object) -> object:
    """A value openpyxl writes natively: None for missing, Python numbers and dates."""
    if value is None or type(value) is str:
        return value
    if pd.isna(value):
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
    if isinstance(value, str) and not value.isprintable():
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Excel cannot store
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(RISKY_STARTS):
            cell.quotePrefix = True
    return cell


def _header_cell(cell: Cell, text: str) -> None:
    _put(cell, text)
    cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT


def _fill(kind: str) -> PatternFill:
    return FILLS[kind]


def _column_widths(balance: Balance, frame: pd.DataFrame, columns: tuple[Column, ...]) -> list[float]:
    """Each column as wide as its content, within the column's cap; a header wraps at its words."""
    widths = []
    for column in columns:
        header = _t(balance, column.key)
        words = max((len(w) for w in header.split()), default=0)
        longest = _longest(frame[column.field], column.kind) if column.field in frame and len(frame) else 0
        cap = column.width or (MAX_WIDTH if column.kind == "long" else 18)
        widths.append(float(min(max(longest, words, 6) + 2, cap)))
    return widths


def _longest(values: pd.Series, kind: str) -> int:
    """The characters the longest value of a column shows."""
    if kind in SHOWN_LENGTHS:
        return SHOWN_LENGTHS[kind]
    shown = values.dropna()
    return int(shown.astype(str).str.len().max()) if len(shown) else 0


def _set_widths(sheet: Worksheet, widths: list[float]) -> None:
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width


def _stacked_bars(
    sheet: Worksheet, balance: Balance, columns: tuple[Column, ...], *, header: int, last: int, title: str,
    widths: list[float],
) -> BarChart:  # fmt: skip
    """Horizontal bars per group (column A), stacked by stage, continuous measures in grey, each
    segment labelled with its count; as wide as the table above it."""
    first = 1 + [c.field for c in columns].index(KINDS[0])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 50
    data = Reference(sheet, min_col=first, max_col=first + len(KINDS) - 1, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    _text_categories(chart, Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    for series, kind in zip(chart.series, KINDS, strict=True):
        series.graphicalProperties.solidFill = hex_without_hash(STAGE_COLOURS[kind])
        series.graphicalProperties.line.solidFill = hex_without_hash(STAGE_COLOURS[kind])
    chart.dataLabels = _labels(value=True)
    chart.title = _t(balance, title)
    chart.y_axis.title = _t(balance, "balance.chart.measures")
    chart.y_axis.number_format = formats.excel_format("int", balance.language)
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides the axes otherwise
    chart.legend.position = "b"
    chart.width = min(sum(widths) * CM_PER_CHARACTER, MAX_CHART_CM)
    chart.height = max(7.0, 0.55 * (last - header) + 3.5)
    return chart


def _doughnut(sheet: Worksheet, balance: Balance, *, first: int, last: int) -> DoughnutChart:
    """All measures by stage, continuous ones apart (in grey), each slice labelled with its count."""
    chart = DoughnutChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    _text_categories(chart, Reference(sheet, min_col=1, min_row=first, max_row=last))
    series = chart.series[0]
    for index, kind in enumerate(KINDS):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = hex_without_hash(STAGE_COLOURS[kind])
        series.dPt.append(point)
    chart.dataLabels = _labels(value=True)
    chart.title = _t(balance, "balance.chart.overall")
    chart.legend.position = "r"
    chart.width, chart.height = 11, 7
    return chart


def _labels(*, value: bool = False, percent: bool = False) -> DataLabelList:
    """Data labels that say exactly one thing: without each flag set, LibreOffice prints the
    series and category names too ("Contínuas; Medidas; 19; 20%"). Zeros are not labelled."""
    return DataLabelList(
        showVal=value, showPercent=percent, showCatName=False, showSerName=False, showLegendKey=False,
        showLeaderLines=False, numFmt="#,##0;-#,##0;;",
    )  # fmt: skip


def _text_categories(chart: BarChart | DoughnutChart, labels: Reference) -> None:
    """Categories are labels (codes, stage names): a string reference, not openpyxl's numeric one."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))


def _properties(workbook: Workbook, balance: Balance) -> None:
    properties = workbook.properties
    properties.title = f"{_t(balance, 'balance.title')} — {balance.plan.plan.code}"
    properties.subject = _subtitle(balance)
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
    """The ZIP of CSVs for tables already computed (see `workbook_bytes` for the workbook), with the
    same tables as one plain workbook for people who would rather not import a CSV."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in OPEN_DATA_FILES:
            archive.writestr(f"{name}.csv", _csv(_open_table(balance, name)))
        archive.writestr(OPEN_DATA_WORKBOOK, _tables_workbook(balance))
        archive.writestr("README.txt", readme_text(balance))
    return buffer.getvalue()


def _csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (so Excel does not read it as cp1252), whole numbers whole."""
    # Column by column as objects: pandas would turn a column of whole numbers and blanks back to floats.
    safe = pd.DataFrame({c: pd.Series([_csv_safe(v) for v in frame[c]], dtype=object) for c in frame.columns})
    text = safe.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return text.encode("utf-8-sig")


def _csv_safe(value: object) -> object:
    """A CSV has no types, so a risky text gets the standard single-quote prefix (see README), and a
    whole number in a column of decimals is written without ".0"."""
    if isinstance(value, str) and value.startswith(RISKY_STARTS):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _open_table(balance: Balance, name: str) -> pd.DataFrame:
    """A table as the open data publishes it (narratives as the settings allow)."""
    return balance.tables[name][[c.field for c in published_columns(name, "open_data")]]


def _tables_workbook(balance: Balance) -> bytes:
    """The open-data tables as a plain workbook: one sheet each, named as its CSV, field names as
    headers, values as stored (text never becomes a formula)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in OPEN_DATA_FILES:
        sheet = workbook.create_sheet(name)
        frame = _open_table(balance, name)
        for column, field in enumerate(frame.columns, start=1):
            _put(sheet.cell(1, column), field).font = BOLD
        for row, record in enumerate(frame.itertuples(index=False), start=2):
            for column, value in enumerate(record, start=1):
                value = _plain(value)
                cell = _put(sheet.cell(row, column), value)
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def readme_text(balance: Balance) -> str:
    """What each file and column holds, in the report's language."""
    lines = [
        _t(balance, "balance.title") + " — " + balance.plan.plan.title.in_(balance.language),
        _t(balance, "balance.subtitle", plan=balance.plan.plan.code, month=balance.as_of),
        "",
        _t(balance, "balance.readme.format", workbook=OPEN_DATA_WORKBOOK),
        _t(balance, "balance.readme.codes"),
        _t(balance, "balance.readme.quote"),
        "",
        basis_text(balance),
        *(
            _t(balance, f"balance.method.{key}")
            for key in ("stages", "continuous", "overdue", "as_of", "submission")
        ),
        _t(balance, f"balance.readme.narratives_{get_settings().narratives_in_open_data}"),
        _t(balance, "balance.readme.basis"),
        "",
        _t(balance, "balance.readme.anchor", anchor=balance.anchor),
    ]
    if balance.plan.plan.reconstruction:
        lines += ["", _t(balance, "balance.cover.reconstruction"), "", balance.plan.plan.provenance]
    for name in OPEN_DATA_FILES:
        lines += ["", f"{name}.csv — {_t(balance, f'balance.readme.{name}', since=balance.since)}"]
        lines += [f"  {c.field}: {_t(balance, c.key)}" for c in published_columns(name, "open_data")]
    return "\n".join(lines) + "\n"


# ---- writing a file ---------------------------------------------------------------------


def write_atomically(path: Path, data: bytes, *, mode: int = 0o644) -> None:
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
        os.chmod(temporary, mode)
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
NOT_OFFICIAL = {"reported", "illustrative"}
NOT_PUBLIC = set(NARRATIVE_FIELDS)
SAID_BY_MARKS = {"baseline_basis", "target_basis"}  # the public table marks the figures instead
# The objective's code (O05) only repeats its GCM number (5) for a reader: the number is shown.
REPEATED = {"by_objective": {"objective"}}


def public_tables(balance: Balance) -> dict[str, pd.DataFrame]:
    """The balance's tables for anonymous visitors, columns labelled and every value written as
    people read it in the balance's language (31,5%, 50 000, out. 2026, 31/12/2021); a baseline
    or target that is not official carries its mark ("1 500 *"), which then says its basis."""
    out = {}
    for name in PUBLIC_TABLES:
        frame = balance.tables[name]
        hidden = NOT_PUBLIC | SAID_BY_MARKS | REPEATED.get(name, set())
        columns = [c for c in COLUMNS[name] if c.field not in hidden]
        values = {c.field: [_shown(v, c.kind, balance.language) for v in frame[c.field]] for c in columns}
        for figure in FIGURES if name == "indicators" else ():
            bases = [_plain(b) or "" for b in frame[f"{figure}_basis"]]
            values[figure] = [marked(text, b) for text, b in zip(values[figure], bases, strict=True)]
        table = pd.DataFrame({translate(c.key, balance.language): values[c.field] for c in columns})
        out[name] = table
    return out


def _shown(value: object, kind: str, language: str) -> str:
    """One value of a public table as text in the language."""
    value = _plain(value)
    if value is None or value == "":
        return ""
    shown = {
        "stage": lambda v: translate(f"stage.{v}", language),
        "status": lambda v: translate(f"balance.status.{v}", language),
        "basis": lambda v: translate(f"balance.basis.{v}", language),
        "bool": lambda v: translate("yes" if v else "no", language),
        "rate": lambda v: formats.percent(v, language),
        "percent": lambda v: formats.percent(v / 100, language),
        "number": lambda v: formats.number(v, language),
        "int": lambda v: formats.number(v, language),
        "date": lambda v: formats.date(v, language),
        "month": lambda v: formats.month(v, language),
    }.get(kind, str)
    return shown(value)
