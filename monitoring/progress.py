"""Progress of a plan as of a month: which reports count, and what they say about each measure.

The rules, in one place (README's "How progress is counted" repeats this list word for word,
and a test keeps the two the same):

- Closing moment: month M's reporting closes at the end of its closing day (day `closing_day`
  of the next month, 10 by default) in the plan's time zone (the plan file's `timezone`, else
  the `timezone` setting, Europe/Lisbon by default), summer time included. A report stored at
  23:59:59 local time on the closing day is on time; one stored at 00:00:00 the next day is
  late. "Today", the default month and lateness are read in the same time zone.
- Two bases. The record as of M: every revision and every month event dated before M's closing
  moment, and nothing dated later; once that moment has passed it never changes. With later
  corrections: the same month with everything stored up to now (late reports, validations,
  send-backs, unlocks, reopenings). Dashboards, the brief and the public page show the record
  unless the reader asks for the corrections; the balance workbook names its basis.
- A body's month is in the state of its latest month event on the basis (submitted, validated,
  sent back, unlocked or reopened); without an event it has no state.
- A revision counts as of M when its month is M or earlier, it is dated on the basis, and its
  body's month is not sent back on that basis. With "validated only", it counts only when its
  body's month is validated on that basis. A month sent back and submitted again counts again,
  with its latest revisions.
- Of the counted revisions of one measure and month, the one stored last counts: the highest
  id (ids follow the order of storing, so revisions with the same time are told apart by it).
  The same holds for the events of one body's month.
- A measure's stage in month N is the stage of its counted revision for the latest month up to
  N; a measure with no counted revision up to N is "not started".
- Continuous measures are counted apart ("running" once not "not started"); they are never
  overdue and never stalled.
- Overdue: not continuous, not completed, and its deadline is on or before the last day of M.
- Last change: the first month of the measure's current run of one stage, from the plan's
  first month; its first counted report is a change, even one saying "not started". None if
  the measure was never reported.
- Stalled: not continuous, not completed, reported at least once, and its last change is
  `stalled_months` months (a setting, 6 by default) or more before M; a measure reported as
  "not started" all along is stalled too.
- Regressed: its stage was "completed" in some month up to M and is not in M; it stays
  regressed until it is completed again.
- Missing: no counted revision for M itself. Every measure is expected each month, continuous
  and completed ones included ("no change" reports the previous month's state in one click).
- The previous report of a new one (for the rule that going back from "completed" needs a
  justification, and for the outlier rule) is the latest revision that counts now, for the
  report's month or an earlier one: a revision of a month sent back is not a previous report.
- Indicators: each indicator's value for a month comes from the latest counted revision of that
  month that gives one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd
from sqlalchemy import Connection
from sqlmodel import Session

from monitoring.months import (
    add_months,
    as_utc,
    closing_moment,
    first_day,
    month_of,
    months_between,
    plan_zone,
)
from monitoring.settings import get_settings
from plan import Plan

STAGES = ("not_started", "in_progress", "completed")
NOT_STARTED, IN_PROGRESS, COMPLETED = range(3)  # stage codes in the grid
REPORT_COLUMNS = ["measure", "month", "id", "stage"]


class Basis(StrEnum):
    """Which reports and events a view of month M reads (see the rules above)."""

    RECORD = "record"  # as they stood at M's closing moment; never changes afterwards
    CORRECTED = "corrected"  # with everything stored since


def rules_text() -> str:
    """The rules as written above, for README (a test keeps both the same)."""
    return __doc__.split("and a test keeps the two the same):\n\n", 1)[1].strip() + "\n"


def as_of_moment(plan: Plan, month: str, *, closing_day: int | None = None) -> dt.datetime:
    """The end of M's closing day in the plan's time zone: what the record as of M knows."""
    return closing_moment(month, closing_day or get_settings().closing_day, plan_zone(plan))


def basis_moment(plan: Plan, month: str, basis: Basis, *, now: dt.datetime | None = None) -> dt.datetime:
    """What a view reads up to: the closing moment for the record, now for the corrections."""
    if Basis(basis) is Basis.RECORD:
        return as_of_moment(plan, month)
    return as_utc(now or dt.datetime.now(dt.UTC))


# ---- which revisions count: chosen in SQL ----------------------------------------------------


def counted_reports(
    session: Session | Connection, plan_code: str, *, as_of: str, moment: dt.datetime, validated_only: bool
) -> pd.DataFrame:
    """One row per (measure, month) up to `as_of`: the counted revision stored last, dated before
    `moment`. Chosen by the database over the covering index `ix_revision_latest`."""
    connection = session.connection() if isinstance(session, Session) else session
    sql = _LATEST_SQL[_dialect(connection)][validated_only]
    rows = _fetch(connection, sql, {"plan": plan_code, "as_of": as_of, "cut": moment})
    return _frame(rows, REPORT_COLUMNS)


def counted_revisions(
    session: Session | Connection,
    plan_code: str,
    *,
    months: tuple[str, str],
    moment: dt.datetime,
    validated_only: bool,
) -> pd.DataFrame:
    """Every counted revision of the months from `months[0]` to `months[1]`, dated before `moment`:
    who reported which measure and whether late (reporting discipline)."""
    connection = session.connection() if isinstance(session, Session) else session
    sql = _REVISIONS_SQL[_dialect(connection)][validated_only]
    params = {"plan": plan_code, "first": months[0], "as_of": months[1], "cut": moment}
    return _frame(_fetch(connection, sql, params), ["body", "month", "measure", "late"])


def _dialect(connection: Connection) -> str:
    return "postgresql" if connection.dialect.name == "postgresql" else "sqlite"


def _fetch(connection: Connection, sql: str, params: dict) -> list[tuple]:
    """Rows straight from the driver's cursor: no per-row objects between the database and numpy."""
    params = dict(params, cut=_stored_form(connection, as_utc(params["cut"])))
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _stored_form(connection: Connection, moment: dt.datetime) -> object:
    """A UTC moment as each database keeps `submitted_at` and `at`: text in SQLite (SQLAlchemy's
    format, UTC), a timestamp with time zone in PostgreSQL."""
    if _dialect(connection) == "postgresql":
        return moment
    return moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows as columns of plain Python values (no conversion to Arrow strings on the way)."""
    values = zip(*rows, strict=True) if rows else [()] * len(columns)
    return pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in zip(columns, values, strict=True)})


# Each (body, month)'s latest event dated before the cut. SQLite returns the bare columns of
# the row holding max(id); PostgreSQL picks it with DISTINCT ON.
_STATE = {
    "sqlite": """
        SELECT body_code, month, event, max(id) AS id FROM body_month_event
        WHERE plan_code = :plan AND month <= :as_of AND at < :cut GROUP BY body_code, month""",
    "postgresql": """
        SELECT DISTINCT ON (body_code, month) body_code, month, event FROM body_month_event
        WHERE plan_code = %(plan)s AND month <= %(as_of)s AND at < %(cut)s
        ORDER BY body_code, month, id DESC""",
}
# Counted: not sent back (or, with validated only, validated). SQLite reads the revisions in the
# index's order and looks each month's state up; PostgreSQL filters with a hashed sub-plan,
# which keeps the index's order so that DISTINCT ON needs no sort.
_COUNTED = {
    "sqlite": {
        False: "LEFT JOIN state s ON s.body_code = r.body_code AND s.month = r.month "
        "WHERE COALESCE(s.event, '') <> 'sent_back' AND",
        True: "LEFT JOIN state s ON s.body_code = r.body_code AND s.month = r.month "
        "WHERE COALESCE(s.event, '') = 'validated' AND",
    },
    "postgresql": {
        False: "WHERE (r.body_code, r.month) NOT IN (SELECT body_code, month FROM state "
        "WHERE event = 'sent_back') AND",
        True: "WHERE (r.body_code, r.month) IN (SELECT body_code, month FROM state "
        "WHERE event = 'validated') AND",
    },
}
_WHERE = {
    "sqlite": "r.plan_code = :plan AND r.month <= :as_of AND r.submitted_at < :cut",
    "postgresql": "r.plan_code = %(plan)s AND r.month <= %(as_of)s AND r.submitted_at < %(cut)s",
}
_LATEST_SQL = {
    "sqlite": {
        only: f"""WITH state AS ({_STATE["sqlite"]})
            SELECT r.measure_code, r.month, max(r.id), r.stage FROM status_revision r
            {_COUNTED["sqlite"][only]} {_WHERE["sqlite"]}
            GROUP BY r.measure_code, r.month"""
        for only in (False, True)
    },
    "postgresql": {
        only: f"""WITH state AS ({_STATE["postgresql"]})
            SELECT DISTINCT ON (r.measure_code, r.month) r.measure_code, r.month, r.id, r.stage
            FROM status_revision r {_COUNTED["postgresql"][only]} {_WHERE["postgresql"]}
            ORDER BY r.measure_code DESC, r.month DESC, r.id DESC"""
        for only in (False, True)
    },
}
_REVISIONS_SQL = {
    dialect: {
        only: f"""WITH state AS ({_STATE[dialect]})
            SELECT r.body_code, r.month, r.measure_code, r.late FROM status_revision r
            {_COUNTED[dialect][only]} {_WHERE[dialect]} AND r.month >= {first}"""
        for only in (False, True)
    }
    for dialect, first in (("sqlite", ":first"), ("postgresql", "%(first)s"))
}


# ---- what the counted reports say: pure numpy over a measures × months grid ------------------


@dataclass(frozen=True)
class Grid:
    """Measures × months (from the plan's first month to M) of what the counted reports say."""

    stage: np.ndarray  # stage codes carried forward from each measure's latest report; not started before
    reported: np.ndarray  # whether the measure has been reported by then
    revision: np.ndarray  # per measure, the id of the revision that gives its stage at M (-1: none)
    first_month: list[str | None]  # per measure, the month of its first counted report
    this_month: np.ndarray  # per measure, whether it has a counted report for M itself


def stage_code_grid(plan: Plan, reports: pd.DataFrame, months: list[str]) -> Grid:
    """The grid of `reports` (one per measure and month): a report from before the first month
    counts in the first month unless that month has its own."""
    size = (len(plan.measures), len(months))
    grid, ids = np.full(size, -1, dtype=np.int8), np.full(size, -1, dtype=np.int64)
    earliest: dict[int, str] = {}  # per row, the first month reported before the plan's first month
    if len(reports):
        month = reports["month"].to_numpy(dtype=object)
        row = pd.Index([m.code for m in plan.measures]).get_indexer(reports["measure"].to_numpy(dtype=object))
        stage = pd.Index(STAGES).get_indexer(reports["stage"].to_numpy(dtype=object)).astype(np.int8)
        revision = reports["id"].to_numpy(dtype=np.int64)
        column = pd.Index(months).get_indexer(month)
        inside = (row >= 0) & (column >= 0)
        grid[row[inside], column[inside]] = stage[inside]  # one report per measure and month
        ids[row[inside], column[inside]] = revision[inside]
        before = sorted(
            np.flatnonzero((row >= 0) & (month < months[0])), key=lambda n: (month[n], revision[n])
        )
        latest_before = {int(row[n]): n for n in before}  # the last one wins
        for n in before:
            earliest.setdefault(int(row[n]), month[n])
        for r, n in latest_before.items():
            if grid[r, 0] < 0:  # the first month's own report wins over an earlier one
                grid[r, 0], ids[r, 0] = stage[n], revision[n]
    reported = grid >= 0
    last = np.maximum.accumulate(np.where(reported, np.arange(len(months)), -1), axis=1)
    filled = np.where(last >= 0, np.take_along_axis(grid, np.maximum(last, 0), axis=1), NOT_STARTED)
    at_end = np.maximum(last[:, -1:], 0)
    first = np.argmax(reported, axis=1)
    first_month = [
        earliest.get(n) or (months[first[n]] if reported[n].any() else None) for n in range(size[0])
    ]
    return Grid(
        stage=filled.astype(np.int8),
        reported=last >= 0,
        revision=np.where(last[:, -1] >= 0, np.take_along_axis(ids, at_end, axis=1)[:, 0], -1),
        first_month=first_month,
        this_month=grid[:, -1] >= 0,
    )


def stage_grid(plan: Plan, reports: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Measures × months: each measure's stage carried forward from its latest report."""
    names = np.array(STAGES, dtype=object)[stage_code_grid(plan, reports, months).stage]
    return pd.DataFrame(names, index=[m.code for m in plan.measures], columns=months)


@dataclass(frozen=True)
class Snapshot:
    """Everything the overview says about one month, per measure, on one basis."""

    month: str
    measures: pd.DataFrame  # one row per measure: stage, flags, last change, last revision
    basis: Basis = Basis.RECORD
    moment: dt.datetime | None = None  # what it reads up to
    validated_only: bool = False


def snapshot(
    plan: Plan,
    reports: pd.DataFrame,
    *,
    as_of: str,
    stalled_months: int | None = None,
    basis: Basis = Basis.RECORD,
    moment: dt.datetime | None = None,
    validated_only: bool = False,
) -> Snapshot:
    """Each measure's state at the end of `as_of`, with overdue, stalled, regressed, missing,
    from the counted reports (`counted_reports`)."""
    stalled_months = stalled_months or get_settings().stalled_months
    first = month_of(plan.plan.start)
    months = months_between(first, as_of) if as_of >= first else [as_of]
    grid = stage_code_grid(plan, reports, months)
    filled, stage = grid.stage, grid.stage[:, -1]
    differs = filled != stage[:, None]
    last_diff = np.where(differs.any(axis=1), len(months) - 1 - np.argmax(differs[:, ::-1], axis=1), -1)
    change = [
        None if not seen else (months[d + 1] if d >= 0 else grid.first_month[n])
        for n, (seen, d) in enumerate(zip(grid.reported[:, -1], last_diff, strict=True))
    ]
    apart = [_months_apart(c, as_of) if c is not None else -1 for c in change]
    quiet = np.array(apart) >= stalled_months
    continuous = np.array([m.continuous for m in plan.measures], dtype=bool)
    end_of_month = first_day(add_months(as_of, 1)) - dt.timedelta(days=1)
    due = np.array([m.deadline is not None and m.deadline <= end_of_month for m in plan.measures], dtype=bool)
    open_measure = ~continuous & (stage != COMPLETED)
    frame = pd.DataFrame(
        {
            "measure": pd.Series([m.code for m in plan.measures], dtype=object),
            "stage": pd.Series(np.array(STAGES, dtype=object)[stage], dtype=object),
            "continuous": continuous,
            "deadline": pd.Series([m.deadline for m in plan.measures], dtype=object),
            "overdue": open_measure & due,
            "stalled": open_measure & quiet,
            "regressed": (stage != COMPLETED) & (filled == COMPLETED).any(axis=1),
            "missing": ~grid.this_month,
            "last_change": pd.Series(change, dtype=object),
            "last_revision": pd.Series([int(i) if i >= 0 else None for i in grid.revision], dtype=object),
        }
    )
    return Snapshot(as_of, frame, Basis(basis), moment, validated_only)


def _months_apart(start: str, end: str) -> int:
    a, b = first_day(start), first_day(end)
    return (b.year - a.year) * 12 + b.month - a.month


def live_snapshot(
    session: Session,
    plan: Plan,
    *,
    as_of: str,
    basis: Basis = Basis.RECORD,
    validated_only: bool = False,
    now: dt.datetime | None = None,
    stalled_months: int | None = None,
) -> Snapshot:
    """The snapshot computed from the reports, whatever is stored (see `monitoring.snapshots`)."""
    moment = basis_moment(plan, as_of, basis, now=now)
    reports = counted_reports(
        session, plan.plan.code, as_of=as_of, moment=moment, validated_only=validated_only
    )
    return snapshot(
        plan, reports, as_of=as_of, stalled_months=stalled_months, basis=basis, moment=moment,
        validated_only=validated_only,
    )  # fmt: skip


# ---- rollups ---------------------------------------------------------------------------------


def stage_counts(snap: Snapshot) -> dict[str, int]:
    """Counts by stage of measures with a deadline, continuous measures apart, and the flags."""
    frame = snap.measures
    fixed = frame[~frame["continuous"]]
    counts = {stage: int((fixed["stage"] == stage).sum()) for stage in STAGES}
    counts["continuous"] = int(frame["continuous"].sum())
    counts["continuous_running"] = int((frame["continuous"] & (frame["stage"] != "not_started")).sum())
    for flag in ("overdue", "stalled", "regressed", "missing"):
        counts[flag] = int(frame[flag].sum())
    counts["total"] = len(frame)
    return counts


def progress_by(snap: Snapshot, plan: Plan, by: str) -> pd.DataFrame:
    """Counts by stage per axis, objective or lead body (measures with a deadline and continuous)."""
    key = _grouping(plan, by)
    frame = snap.measures
    used = set(key.values())
    order = [code for code in _group_codes(plan, by) if code in used]  # the plan file's order
    kinds = [*STAGES, "continuous"]
    group = pd.Index(order).get_indexer(frame["measure"].map(key))
    kind = pd.Index(kinds).get_indexer(frame["stage"].where(~frame["continuous"], "continuous"))
    counts = np.zeros((len(order), len(kinds)), dtype=int)
    np.add.at(counts, (group, kind), 1)
    table = pd.DataFrame(counts, columns=kinds)
    table.insert(0, by, order)
    table["overdue"] = np.bincount(
        group, weights=frame["overdue"].to_numpy(dtype=float), minlength=len(order)
    )
    table["overdue"] = table["overdue"].astype(int)
    table["total"] = counts.sum(axis=1)
    fixed = table["total"] - table["continuous"]
    table["completion_rate"] = (table["completed"] / fixed.where(fixed > 0)).round(3)
    return table


def _group_codes(plan: Plan, by: str) -> list[str]:
    records = {"axis": plan.axes, "objective": plan.objectives, "lead_body": plan.bodies}[by]
    return [record.code for record in records]


def _grouping(plan: Plan, by: str) -> dict[str, str]:
    objectives = {o.code: o for o in plan.objectives}
    if by == "axis":
        return {m.code: objectives[m.objective].axis for m in plan.measures}
    if by == "objective":
        return {m.code: m.objective for m in plan.measures}
    if by == "lead_body":
        return {m.code: m.lead_body for m in plan.measures}
    raise ValueError(f"unknown grouping: {by}")


def stage_changes(before: Snapshot, after: Snapshot) -> pd.DataFrame:
    """Measures whose stage in `after` differs from their stage in `before`."""
    old = before.measures.set_index("measure")["stage"]
    new = after.measures.set_index("measure")["stage"]
    changed = new[new != old.reindex(new.index)]
    return pd.DataFrame(
        {"measure": changed.index, "before": old[changed.index].values, "after": changed.values}
    )


# ---- indicators --------------------------------------------------------------------------


def indicator_series(
    session: Session,
    plan: Plan,
    *,
    as_of: str,
    basis: Basis = Basis.RECORD,
    validated_only: bool = False,
    now: dt.datetime | None = None,
) -> pd.DataFrame:
    """Each indicator's value per month up to `as_of`: the value in the latest counted revision of
    that month that gives one (the same revisions as `counted_reports` counts)."""
    connection = session.connection()
    dialect = _dialect(connection)
    params = {"plan": plan.plan.code, "as_of": as_of, "cut": basis_moment(plan, as_of, basis, now=now)}
    rows = _fetch(connection, _SERIES_SQL[dialect][validated_only], params)
    frame = _frame(rows, ["indicator", "month", "id", "value"])
    return frame.sort_values(["indicator", "month"], ignore_index=True)[["indicator", "month", "value"]]


_SERIES_SQL = {
    "sqlite": {
        only: f"""WITH state AS ({_STATE["sqlite"]})
            SELECT v.indicator_code, r.month, max(r.id), v.value FROM status_revision r
            JOIN indicator_value v ON v.revision_id = r.id
            {_COUNTED["sqlite"][only]} {_WHERE["sqlite"]}
            GROUP BY v.indicator_code, r.month"""
        for only in (False, True)
    },
    "postgresql": {
        only: f"""WITH state AS ({_STATE["postgresql"]})
            SELECT DISTINCT ON (v.indicator_code, r.month) v.indicator_code, r.month, r.id, v.value
            FROM status_revision r JOIN indicator_value v ON v.revision_id = r.id
            {_COUNTED["postgresql"][only]} {_WHERE["postgresql"]}
            ORDER BY v.indicator_code, r.month, r.id DESC"""
        for only in (False, True)
    },
}


ENDS_COLUMNS = ["indicator", "first_month", "first", "latest_month", "latest"]


def indicator_ends(
    session: Session,
    plan: Plan,
    *,
    as_of: str,
    basis: Basis = Basis.RECORD,
    validated_only: bool = False,
    now: dt.datetime | None = None,
) -> pd.DataFrame:
    """Each indicator's first and latest value up to `as_of` (what its status needs), chosen by the
    database from the same values as `indicator_series`: two rows an indicator, not its history."""
    connection = session.connection()
    params = {"plan": plan.plan.code, "as_of": as_of, "cut": basis_moment(plan, as_of, basis, now=now)}
    rows = _fetch(connection, _ENDS_SQL[_dialect(connection)][validated_only], params)
    ends: dict[str, list] = {}
    for code, month, value, first in rows:
        found = ends.setdefault(code, [code, None, np.nan, None, np.nan])
        found[1 if first else 3], found[2 if first else 4] = month, float(value)
    return pd.DataFrame(list(ends.values()), columns=ENDS_COLUMNS)


def ends_of(series: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's first and latest value in a series (as `indicator_ends` gives them)."""
    grouped = series.sort_values(["indicator", "month"]).groupby("indicator")
    return (
        pd.DataFrame(
            {
                "first_month": grouped["month"].first(),
                "first": grouped["value"].first().astype(float),
                "latest_month": grouped["month"].last(),
                "latest": grouped["value"].last().astype(float),
            }
        )
        .rename_axis("indicator")
        .reset_index()
    )


_PER_MONTH = {
    "sqlite": {
        only: f"""WITH state AS ({_STATE["sqlite"]}),
            values_ AS (SELECT v.indicator_code AS code, r.month, max(r.id) AS id, v.value
                FROM status_revision r JOIN indicator_value v ON v.revision_id = r.id
                {_COUNTED["sqlite"][only]} {_WHERE["sqlite"]}
                GROUP BY v.indicator_code, r.month)"""
        for only in (False, True)
    },
    "postgresql": {
        only: f"""WITH state AS ({_STATE["postgresql"]}),
            values_ AS (SELECT DISTINCT ON (v.indicator_code, r.month)
                v.indicator_code AS code, r.month, v.value
                FROM status_revision r JOIN indicator_value v ON v.revision_id = r.id
                {_COUNTED["postgresql"][only]} {_WHERE["postgresql"]}
                ORDER BY v.indicator_code, r.month, r.id DESC)"""
        for only in (False, True)
    },
}
_ENDS_SQL = {
    "sqlite": {
        only: _PER_MONTH["sqlite"][only]
        + """ SELECT code, min(month), value, 1 FROM values_ GROUP BY code
            UNION ALL SELECT code, max(month), value, 0 FROM values_ GROUP BY code"""
        for only in (False, True)
    },
    "postgresql": {
        only: _PER_MONTH["postgresql"][only]
        + """ (SELECT DISTINCT ON (code) code, month, value, 1 FROM values_ ORDER BY code, month)
            UNION ALL
            (SELECT DISTINCT ON (code) code, month, value, 0 FROM values_ ORDER BY code, month DESC)"""
        for only in (False, True)
    },
}


def indicator_status(plan: Plan, ends: pd.DataFrame, *, as_of: str) -> pd.DataFrame:
    """Latest value, percent of target reached and on/off track by linear projection to the
    target date (from the baseline, or the first value, to the latest value), from each
    indicator's first and latest value (`indicator_ends`, or a series: `ends_of` is applied)."""
    pairs = plan.indicators()
    info = pd.DataFrame(
        {
            "measure": [m.code for m, _ in pairs],
            "indicator": [i.code for _, i in pairs],
            "unit": [i.unit for _, i in pairs],
            "baseline": [i.baseline for _, i in pairs],
            "target": [i.target for _, i in pairs],
            "target_date": [i.target_date for _, i in pairs],
        }
    )
    if info.empty:
        return info.assign(latest=None, latest_month=None, percent_of_target=None, status=None)
    if "value" in ends.columns:
        ends = ends_of(ends)
    ends = ends.set_index("indicator")[ENDS_COLUMNS[1:]].reindex(info["indicator"])
    ends["first"], ends["latest"] = ends["first"].astype(float), ends["latest"].astype(float)
    ends["latest_month"] = ends["latest_month"].astype(object).where(ends["latest_month"].notna(), None)
    outcome = [
        _status(indicator, *values)
        for (_, indicator), values in zip(pairs, ends.itertuples(index=False, name=None), strict=True)
    ]
    return info.assign(
        latest=[None if np.isnan(v) else float(v) for v in ends["latest"]],
        latest_month=list(ends["latest_month"]),
        percent_of_target=[percent for percent, _ in outcome],
        status=[status for _, status in outcome],
    )


def _status(indicator, first_month, first: float, latest_month, latest: float) -> tuple[float | None, str]:
    """Percent of the way from baseline to target (100 = reached), and on/off track."""
    if np.isnan(latest) or indicator.target is None:
        return None, "no_data"
    start = indicator.baseline or 0.0
    percent = (
        100.0 if indicator.target == start else round(100 * (latest - start) / (indicator.target - start), 1)
    )
    up = indicator.direction.value == "up"
    if (latest >= indicator.target) if up else (latest <= indicator.target):
        return percent, "reached"
    (d0, v0), (d1, v1) = (_month_end(first_month), first), (_month_end(latest_month), latest)
    if (
        indicator.baseline is not None
        and indicator.baseline_date is not None
        and indicator.baseline_date < d0
    ):
        d0, v0 = indicator.baseline_date, float(indicator.baseline)
    if d1 <= d0 or indicator.target_date is None:
        return percent, "no_data"
    projected = v1 + (v1 - v0) / (d1 - d0).days * (indicator.target_date - d1).days
    on_track = (projected >= indicator.target) if up else (projected <= indicator.target)
    return percent, "on_track" if on_track else "off_track"


def _month_end(month: str) -> dt.date:
    return first_day(add_months(month, 1)) - dt.timedelta(days=1)
