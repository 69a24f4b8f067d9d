"""What the committee's dashboards show, computed from the same progress functions as the
Excel balance: headline numbers with their change, trends, reporting discipline, attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from monitoring import months
from monitoring.catalog import MeasureFilter, filter_measures, measures_frame
from monitoring.months import add_months, month_of, months_between, plan_zone, today_in
from monitoring.progress import Basis, Snapshot, stage_counts, stage_grid
from monitoring.settings import get_settings
from monitoring.tables import BodyMonthEvent, StatusRevision
from plan import Plan

HEADLINE = ("completed", "in_progress", "not_started", "continuous_running", "overdue", "stalled", "missing")


@dataclass(frozen=True)
class View:
    """What a dashboard shows: the state at the end of a month, on a basis, maybe validated only."""

    as_of: str
    basis: Basis = Basis.RECORD
    validated_only: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "basis", Basis(self.basis))


def data_stamp(session: Session, plan_code: str) -> tuple[int, int]:
    """Changes whenever a report or a month's event is stored: the key for cached frames."""
    revision = select(func.coalesce(func.max(StatusRevision.id), 0)).where(
        StatusRevision.plan_code == plan_code
    )
    event = select(func.coalesce(func.max(BodyMonthEvent.id), 0)).where(BodyMonthEvent.plan_code == plan_code)
    return session.scalar(revision), session.scalar(event)


def headline_months(as_of: str) -> dict[str, str]:
    """The months the headline compares: the month, a month before and a quarter before (the
    last committee meeting)."""
    return {"now": as_of, "month_before": add_months(as_of, -1), "quarter_before": add_months(as_of, -3)}


def has_reports(session: Session, plan_code: str) -> tuple[bool, bool]:
    """Whether the plan has any report yet, and whether any of them is demo data."""
    from monitoring.demo import DEMO_CHANNEL

    query = select(StatusRevision.id).where(StatusRevision.plan_code == plan_code).limit(1)
    demo = query.where(StatusRevision.channel == DEMO_CHANNEL)
    return session.scalar(query) is not None, session.scalar(demo) is not None


def headline(snapshots: dict[str, Snapshot], *, codes: set[str] | None = None) -> pd.DataFrame:
    """The headline counts of the snapshots of `headline_months`, with the changes; `codes`
    narrows them to the filtered measures."""
    rows = {}
    for label, snap in snapshots.items():
        if codes is not None:
            snap = Snapshot(snap.month, snap.measures[snap.measures["measure"].isin(codes)])
        counts = stage_counts(snap)
        rows[label] = {key: counts[key] for key in HEADLINE}
    table = pd.DataFrame(rows)
    table["since_month"] = table["now"] - table["month_before"]
    table["since_quarter"] = table["now"] - table["quarter_before"]
    return table


def measures_with_state(plan: Plan, snap: Snapshot, language: str) -> pd.DataFrame:
    """The plan's measures with their state as of the snapshot: what the filters act on."""
    frame = measures_frame(plan, language)
    return frame.merge(
        snap.measures.drop(columns=["continuous", "deadline"]), left_on="code", right_on="measure"
    )


def filtered(
    frame: pd.DataFrame,
    chosen: MeasureFilter,
    stages: tuple[str, ...] = (),
    deadline_years: tuple[int, ...] = (),
) -> pd.DataFrame:
    """The plan filters, plus the dashboard's own: stage and deadline year."""
    out = filter_measures(frame, chosen)
    if stages:
        out = out[out["stage"].isin(stages)]
    if deadline_years:
        out = out[out["deadline_year"].isin(deadline_years)]
    return out


def history_grid(plan: Plan, reports: pd.DataFrame, *, as_of: str) -> pd.DataFrame:
    """Measures × months since the plan started, each cell the stage as the view knows it
    (`reports`: the counted reports of the view, `progress.counted_reports`)."""
    months = months_between(month_of(plan.plan.start), as_of)
    return stage_grid(plan, reports, months)


def stage_shares_over_time(plan: Plan, grid: pd.DataFrame) -> pd.DataFrame:
    """Per month: how many measures with a deadline are in each stage, and continuous ones."""
    continuous = {m.code for m in plan.measures if m.continuous}
    kinds = grid.copy()
    kinds.loc[kinds.index.isin(continuous)] = "continuous"
    counts = kinds.apply(lambda column: column.value_counts()).fillna(0).astype(int).T
    counts = counts.reindex(columns=["not_started", "in_progress", "completed", "continuous"], fill_value=0)
    return counts.rename_axis("month").reset_index()


def completions_per_month(grid: pd.DataFrame) -> pd.DataFrame:
    """How many measures reached 'completed' in each month (first time or again)."""
    done = grid == "completed"
    newly = done & ~done.shift(axis=1, fill_value=False)
    return newly.sum().rename_axis("month").reset_index(name="completions")


def reporting_window(as_of: str, months: int = 12) -> tuple[str, str]:
    """The first and last month `body_reporting` covers."""
    return add_months(as_of, -(months - 1)), as_of


def body_reporting(plan: Plan, revisions: pd.DataFrame, *, as_of: str, months: int = 12) -> pd.DataFrame:
    """Per body and month over the last `months`: share of its measures reported, and
    whether its reports came on time. Reports from any body count for a shared measure.
    `revisions`: the counted revisions of the window (`progress.counted_revisions`)."""
    window = months_between(*reporting_window(as_of, months))
    recent = revisions[revisions["month"].isin(window)].astype({"late": bool})
    reported = recent.groupby("month")["measure"].apply(set).to_dict()
    late = recent.groupby(["body", "month"])["late"].all().to_dict()
    rows = []
    for body in plan.bodies:
        own = {m.code for m in plan.measures if body.code in {m.lead_body, *m.co_bodies}}
        for month in window if own else []:
            share = len(own & reported.get(month, set())) / len(own)
            timely = None if (body.code, month) not in late else not late[(body.code, month)]
            rows.append(
                {"body": body.code, "month": month, "reported_share": round(share, 3), "on_time": timely}
            )
    return pd.DataFrame(rows, columns=["body", "month", "reported_share", "on_time"])


def reporting_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per body: average share reported and the share of its own reports that came on time."""
    grouped = table.groupby("body", sort=False)  # bodies stay in the plan's order
    summary = pd.DataFrame(
        {
            "completeness": grouped["reported_share"].mean().round(3),
            "timeliness": grouped["on_time"].apply(lambda s: s.dropna().astype(float).mean()).round(3),
        }
    )
    return summary.reset_index()


def attention_list(frame: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Measures that need the committee's attention, one row per reason."""
    reasons = []
    for flag in ("overdue", "stalled", "regressed", "missing"):
        chosen = frame[frame[flag]]
        reasons.append(chosen.assign(reason=flag))
    off = indicators[indicators["status"] == "off_track"]
    if not off.empty:
        flagged = frame[frame["code"].isin(off["measure"])]
        codes = off.groupby("measure")["indicator"].apply(", ".join)
        reasons.append(flagged.assign(reason="indicator_off_track", detail=flagged["code"].map(codes)))
    columns = ["code", "title", "reason", "detail", "lead_body_name", "deadline", "stage", "last_change"]
    out = pd.concat(reasons, ignore_index=True) if reasons else pd.DataFrame(columns=columns)
    if "detail" not in out:
        out["detail"] = ""
    # One block per reason, in the order above; measures in the plan's order within each.
    return out.reindex(columns=columns).fillna({"detail": ""}).reset_index(drop=True)


def last_closed(plan: Plan, now: dt.datetime | None = None) -> str:
    """The default as-of month: the newest month whose reporting has closed, by the plan's clock,
    but never past the plan's end plus its follow-up period."""
    settings = get_settings()
    return months.default_as_of(
        today_in(plan_zone(plan), now),
        start=plan.plan.start,
        end=plan.plan.end,
        closing_day=settings.closing_day,
        follow_up_months=settings.follow_up_months,
    )


def closed_months(plan: Plan, now: dt.datetime | None = None) -> list[str]:
    """Every month from the plan's start whose reporting has closed, newest first (after the plan's
    end too: late measures are followed)."""
    newest = months.last_closed_month(today_in(plan_zone(plan), now), get_settings().closing_day)
    return months_between(month_of(plan.plan.start), newest)[::-1] or [month_of(plan.plan.start)]


def current_month(plan: Plan, now: dt.datetime | None = None) -> str:
    """This month, by the plan's clock."""
    return month_of(today_in(plan_zone(plan), now))


def default_report_month(plan: Plan, now: dt.datetime | None = None) -> str:
    """The month people usually report on (last month until its closing day ends, then this one),
    but never past the plan's end plus its follow-up period: a later month can still be chosen."""
    settings = get_settings()
    return months.default_report_month(
        today_in(plan_zone(plan), now),
        start=plan.plan.start,
        end=plan.plan.end,
        closing_day=settings.closing_day,
        follow_up_months=settings.follow_up_months,
    )
