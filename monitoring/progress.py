"""Progress of a plan as of a month: pure pandas over a tidy frame, one row per measure per month.

The rules, in one place:
- "As of month M" is the state at the end of M as it was known when M's reporting closed:
  a revision counts if its month is M or earlier and it was submitted before the end of
  M's closing day. Of the revisions of one (measure, month), the latest counts.
- A measure's stage in month M is the stage of its latest counted revision up to M; a
  measure never reported is "not started".
- Continuous measures are counted apart and are never overdue for lacking completion.
- Overdue: not continuous, not completed, and its deadline is on or before the last day of M.
- Stalled: not continuous, not completed, reported, and its stage has not changed for
  `stalled_months` months or more.
- Regressed: it was completed at some month up to M and is not completed in M.
- Missing: no counted revision for month M itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import String, select, type_coerce
from sqlmodel import Session

from monitoring.months import add_months, closes_on, first_day, month_of, months_between
from monitoring.settings import get_settings
from monitoring.tables import BodyMonthEvent, IndicatorValue, StatusRevision
from plan import Plan

STAGES = ("not_started", "in_progress", "completed")
REVISION_COLUMNS = [
    "id",
    "measure",
    "month",
    "body",
    "stage",
    "pace",
    "percent",
    "submitted_at",
    "late",
    "channel",
]


def as_of_moment(month: str, closing_day: int | None = None) -> dt.datetime:
    """The end of M's closing day: what was known when M's reporting closed."""
    day = closes_on(month, closing_day or get_settings().closing_day) + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def revisions_frame(session: Session, plan_code: str, *, validated_only: bool = False) -> pd.DataFrame:
    """Every revision of the plan (the raw history), optionally only from validated months."""
    query = select(
        StatusRevision.id,
        StatusRevision.measure_code,
        StatusRevision.month,
        StatusRevision.body_code,
        StatusRevision.stage,
        StatusRevision.pace,
        StatusRevision.percent,
        # Read as the driver gives it, and converted below in one go rather than row by row.
        type_coerce(StatusRevision.submitted_at, String),
        StatusRevision.late,
        StatusRevision.channel,
    ).where(StatusRevision.plan_code == plan_code)
    rows = session.connection().execute(query.order_by(StatusRevision.id)).all()
    # Column by column: much faster than letting pandas read the rows one by one.
    frame = pd.DataFrame(dict(zip(REVISION_COLUMNS, zip(*rows, strict=True), strict=True)) if rows else None,
                         columns=REVISION_COLUMNS)  # fmt: skip
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    return frame[_counted(session, plan_code, frame, validated_only)].reset_index(drop=True)


def month_states(session: Session, plan_code: str) -> dict[tuple[str, str], str]:
    """The latest event of every (body, month)."""
    query = (
        select(BodyMonthEvent.body_code, BodyMonthEvent.month, BodyMonthEvent.event)
        .where(BodyMonthEvent.plan_code == plan_code)
        .order_by(BodyMonthEvent.id)
    )
    return {(body, month): event for body, month, event in session.execute(query)}


def tidy(revisions: pd.DataFrame, *, as_of: str, closing_day: int | None = None) -> pd.DataFrame:
    """One row per (measure, month) up to `as_of`: the latest revision known at the as-of moment."""
    cutoff = as_of_moment(as_of, closing_day)
    known = revisions[(revisions["month"] <= as_of) & (revisions["submitted_at"] < cutoff)]
    return known.sort_values("id").groupby(["measure", "month"], as_index=False).last()


def stage_grid(plan: Plan, reports: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Measures × months: each measure's stage carried forward from its latest report."""
    grid = reports.pivot(index="measure", columns="month", values="stage") if not reports.empty else None
    grid = (grid if grid is not None else pd.DataFrame()).reindex(
        index=[m.code for m in plan.measures], columns=months
    )
    earlier = reports[reports["month"] < months[0]] if not reports.empty else reports
    if not earlier.empty:
        start = earlier.sort_values(["month", "id"]).groupby("measure")["stage"].last()
        grid[months[0]] = grid[months[0]].fillna(start)
    return grid.astype(object).ffill(axis=1).fillna("not_started")


@dataclass(frozen=True)
class Snapshot:
    """Everything the overview says about one month, per measure."""

    month: str
    measures: pd.DataFrame  # one row per measure: stage, flags, last change, last report


def snapshot(
    plan: Plan,
    revisions: pd.DataFrame,
    *,
    as_of: str,
    stalled_months: int = 6,
    closing_day: int | None = None,
) -> Snapshot:
    """Each measure's state at the end of `as_of`, with overdue, stalled, regressed, missing."""
    reports = tidy(revisions, as_of=as_of, closing_day=closing_day)
    first = month_of(plan.plan.start)
    months = months_between(first, as_of) if as_of >= first else [as_of]
    grid = stage_grid(plan, reports, months)
    stage = grid.iloc[:, -1]
    changed = _last_changes(grid, reports)
    end_of_month = first_day(add_months(as_of, 1)) - dt.timedelta(days=1)
    info = pd.DataFrame(
        {
            "continuous": [m.continuous for m in plan.measures],
            "deadline": [m.deadline for m in plan.measures],
        },
        index=grid.index,
    )
    open_measure = ~info["continuous"] & (stage != "completed")
    due = info["deadline"].map(lambda d: d is not None and d <= end_of_month)
    quiet = changed.map(lambda month: month is not None and _months_apart(month, as_of) >= stalled_months)
    frame = pd.DataFrame(
        {
            "measure": grid.index,
            "stage": stage.values,
            "continuous": info["continuous"].values,
            "deadline": info["deadline"].values,
            "overdue": (open_measure & due).values,
            "stalled": (open_measure & quiet).values,
            "regressed": ((stage != "completed") & (grid == "completed").any(axis=1)).values,
            "missing": ~grid.index.isin(reports.loc[reports["month"] == as_of, "measure"]),
            "last_change": changed.values,
        }
    )
    return Snapshot(as_of, frame)


def _last_changes(grid: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """Per measure, the first month of its current run of the same stage (None if never
    reported): one pass over the grid, whatever the history's length."""
    values = grid.to_numpy()
    differs = values != values[:, -1:]
    any_diff = differs.any(axis=1)
    last_diff = values.shape[1] - 1 - np.argmax(differs[:, ::-1], axis=1)
    months = np.array(grid.columns)
    first_reported = (
        reports.groupby("measure")["month"].min() if not reports.empty else pd.Series(dtype=object)
    )
    start = [
        months[d + 1] if has else first_reported.get(code)
        for code, has, d in zip(grid.index, any_diff, last_diff, strict=True)
    ]
    return pd.Series(start, index=grid.index, dtype=object).where(grid.index.isin(first_reported.index), None)


def _months_apart(start: str | None, end: str) -> int:
    if start is None:
        return 0
    a, b = first_day(start), first_day(end)
    return (b.year - a.year) * 12 + b.month - a.month


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
    frame = snap.measures.assign(group=snap.measures["measure"].map(key))
    frame = frame.assign(kind=frame["stage"].where(~frame["continuous"], "continuous"))
    table = frame.pivot_table(index="group", columns="kind", values="measure", aggfunc="count", fill_value=0)
    table = table.reindex(columns=[*STAGES, "continuous"], fill_value=0)
    table["overdue"] = frame.groupby("group")["overdue"].sum()
    table["total"] = frame.groupby("group").size()
    fixed = table["total"] - table["continuous"]
    table["completion_rate"] = (table["completed"] / fixed.where(fixed > 0)).round(3)
    order = list(dict.fromkeys(key[m.code] for m in plan.measures))
    return table.reindex(order).reset_index().rename(columns={"group": by})


def _grouping(plan: Plan, by: str) -> dict[str, str]:
    objectives = {o.code: o for o in plan.objectives}
    if by == "axis":
        return {m.code: objectives[m.objective].axis for m in plan.measures}
    if by == "objective":
        return {m.code: m.objective for m in plan.measures}
    if by == "lead_body":
        return {m.code: m.lead_body for m in plan.measures}
    raise ValueError(f"unknown grouping: {by}")


def stage_changes(plan: Plan, revisions: pd.DataFrame, *, since: str, as_of: str) -> pd.DataFrame:
    """Measures whose stage at the end of `as_of` differs from their stage at the end of `since`."""
    before = snapshot(plan, revisions, as_of=since).measures.set_index("measure")["stage"]
    after = snapshot(plan, revisions, as_of=as_of).measures.set_index("measure")["stage"]
    changed = after[after != before]
    return pd.DataFrame(
        {"measure": changed.index, "before": before[changed.index].values, "after": changed.values}
    )


def indicator_series(
    session: Session,
    plan_code: str,
    *,
    as_of: str,
    closing_day: int | None = None,
    validated_only: bool = False,
) -> pd.DataFrame:
    """Each indicator's value per month: the value in the latest counted revision of that month
    (the same revisions as `revisions_frame` counts)."""
    query = (
        select(
            IndicatorValue.indicator_code,
            IndicatorValue.value,
            StatusRevision.id,
            StatusRevision.month,
            StatusRevision.submitted_at,
            StatusRevision.body_code,
        )
        .join(StatusRevision, StatusRevision.id == IndicatorValue.revision_id)
        .where(StatusRevision.plan_code == plan_code, StatusRevision.month <= as_of)
    )
    columns = ["indicator", "value", "id", "month", "at", "body"]
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    known = frame["at"] < as_of_moment(as_of, closing_day)
    frame = frame[known & _counted(session, plan_code, frame, validated_only)]
    latest = frame.sort_values("id").groupby(["indicator", "month"], as_index=False).last()
    return latest[["indicator", "month", "value"]]


def _counted(session: Session, plan_code: str, frame: pd.DataFrame, validated_only: bool) -> pd.Series:
    """Which rows come from a month that counts: not sent back (or, if asked, only validated)."""
    states = month_states(session, plan_code)
    keys = pd.MultiIndex.from_arrays([frame["body"], frame["month"]])
    state = pd.Series(
        states.values(), index=pd.MultiIndex.from_tuples(states, names=keys.names), dtype=object
    )
    state = state.reindex(keys).to_numpy() if states else np.full(len(frame), None, dtype=object)
    keep = state == "validated" if validated_only else state != "sent_back"
    return pd.Series(keep, dtype=bool, index=frame.index)


def indicator_status(plan: Plan, series: pd.DataFrame, *, as_of: str) -> pd.DataFrame:
    """Latest value, percent of target reached and on/off track by linear projection to the
    target date (from the baseline, or the first value, to the latest value)."""
    rows = []
    for measure, indicator in plan.indicators():
        own = series[series["indicator"] == indicator.code].sort_values("month")
        latest = own.iloc[-1] if not own.empty else None
        rows.append(
            {
                "measure": measure.code,
                "indicator": indicator.code,
                "unit": indicator.unit,
                "baseline": indicator.baseline,
                "target": indicator.target,
                "target_date": indicator.target_date,
                "latest": None if latest is None else float(latest["value"]),
                "latest_month": None if latest is None else latest["month"],
                "percent_of_target": _percent_of_target(indicator, latest),
                "status": _track(indicator, own),
            }
        )
    return pd.DataFrame(rows)


def _percent_of_target(indicator, latest) -> float | None:
    """How much of the way from baseline to target has been covered (100 = reached)."""
    if latest is None or indicator.target is None:
        return None
    start = indicator.baseline or 0.0
    if indicator.target == start:
        return 100.0
    return round(100 * (float(latest["value"]) - start) / (indicator.target - start), 1)


def _track(indicator, own: pd.DataFrame) -> str:
    """on_track / off_track / reached / no_data, projecting the trend linearly to the target date."""
    if own.empty or indicator.target is None:
        return "no_data"
    up = indicator.direction.value == "up"
    value = float(own.iloc[-1]["value"])
    if (value >= indicator.target) if up else (value <= indicator.target):
        return "reached"
    points = _points(indicator, own)
    if len(points) < 2 or indicator.target_date is None:
        return "no_data"
    (d0, v0), (d1, v1) = points[0], points[-1]
    if d1 <= d0:
        return "no_data"
    slope = (v1 - v0) / (d1 - d0).days
    projected = v1 + slope * (indicator.target_date - d1).days
    return (
        "on_track"
        if ((projected >= indicator.target) if up else (projected <= indicator.target))
        else "off_track"
    )


def _points(indicator, own: pd.DataFrame) -> list[tuple[dt.date, float]]:
    points = [
        (first_day(add_months(m, 1)) - dt.timedelta(days=1), float(v))
        for m, v in zip(own["month"], own["value"], strict=True)
    ]
    if indicator.baseline is not None and indicator.baseline_date is not None:
        if not points or indicator.baseline_date < points[0][0]:
            points.insert(0, (indicator.baseline_date, float(indicator.baseline)))
    return points
