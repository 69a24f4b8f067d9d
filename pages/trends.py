"""The plan over time: stage shares month by month, completions, and every measure's path."""

import pandas as pd
import plotly.express as px
import streamlit as st

from monitoring import dashboard, formats
from monitoring.palette import NEUTRAL_COLOUR, STAGE_COLOURS
from pages._widgets import (
    as_of_controls,
    basis_note,
    chart,
    language,
    legend,
    month_text,
    plan_filters,
    reconstruction_notice,
    reports_of,
    require_plan,
    session_user,
    snapshot_of,
    stage_colours,
    stage_filters,
    stage_label,
    stage_summary,
    t,
)

STAGE_NUMBER = {"not_started": 0, "in_progress": 1, "completed": 2, "continuous": 3}


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.trends"), anchor=False)
    reconstruction_notice(plan)
    view = as_of_controls(plan)
    basis_note(plan, view)
    grid = dashboard.history_grid(plan, reports_of(plan, view), as_of=view.as_of)
    _shares(plan, grid)
    _completions(grid)
    chosen = plan_filters(plan)
    stages, years = stage_filters(plan)
    snap_frame = dashboard.measures_with_state(plan, snapshot_of(version, plan, view), language())
    shown = dashboard.filtered(snap_frame, chosen, stages, years)
    _heatmap(plan, grid.loc[shown["code"]])


def _shares(plan, grid: pd.DataFrame) -> None:
    counts = dashboard.stage_shares_over_time(plan, grid)
    long = counts.melt(id_vars="month", var_name="stage", value_name="n")
    long["stage"] = long["stage"].map(stage_label)
    long["month"] = long["month"].map(month_text)
    figure = px.area(
        long,
        x="month",
        y="n",
        color="stage",
        title=t("trends.shares"),
        labels={"month": t("trends.month"), "n": t("dash.chart.measures"), "stage": t("report.col.stage")},
        color_discrete_map=stage_colours(),
        category_orders={"stage": list(stage_colours())},
    )
    table = counts.assign(month=counts["month"].map(month_text)).rename(
        columns={"month": t("trends.month"), **{s: stage_label(s) for s in STAGE_NUMBER}}
    )
    last = counts.iloc[-1] if len(counts) else None
    summary = {stage_label(s): last[s] for s in counts.columns if s != "month"} if last is not None else {}
    alt = t(
        "chart.alt.area",
        title=t("trends.shares"),
        first=month_text(counts["month"].iloc[0]) if len(counts) else "",
        last=month_text(counts["month"].iloc[-1]) if len(counts) else "",
        summary=stage_summary(summary),
    )
    figure.update_layout(separators=formats.plotly_separators(language()))
    chart(figure, alt=alt, table=table)


def _completions(grid: pd.DataFrame) -> None:
    done = dashboard.completions_per_month(grid)
    done["month"] = done["month"].map(month_text)
    figure = px.bar(
        done,
        x="month",
        y="completions",
        title=t("trends.completions"),
        labels={"month": t("trends.month"), "completions": t("trends.completions.y")},
        color_discrete_sequence=[STAGE_COLOURS["completed"]],
    )
    alt = t(
        "chart.alt.completions",
        title=t("trends.completions"),
        first=done["month"].iloc[0] if len(done) else "",
        last=done["month"].iloc[-1] if len(done) else "",
        total=int(done["completions"].sum()),
    )
    table = done.rename(columns={"month": t("trends.month"), "completions": t("trends.completions.y")})
    chart(figure, alt=alt, table=table)


def _heatmap(plan, grid: pd.DataFrame) -> None:
    st.subheader(t("trends.heatmap"), anchor=False)
    if grid.empty:
        st.info(t("filter.none"))
        return
    continuous = {m.code for m in plan.measures if m.continuous}
    running = (grid != "not_started") & grid.index.isin(continuous)[:, None]
    kinds = grid.mask(running, "continuous")
    kinds.columns = [month_text(m) for m in kinds.columns]
    numbers = kinds.replace(STAGE_NUMBER).astype(int)
    labels = kinds.apply(lambda column: column.map(stage_label))
    order = ["not_started", "in_progress", "completed", "continuous"]
    scale = [[i / 3, STAGE_COLOURS.get(s, NEUTRAL_COLOUR)] for i, s in enumerate(order)]
    figure = px.imshow(
        numbers,
        color_continuous_scale=scale,
        zmin=0,
        zmax=3,
        aspect="auto",
        labels={"x": t("trends.month"), "y": t("col.code"), "color": t("report.col.stage")},
    )
    figure.update_traces(customdata=labels.values, hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>")
    figure.update_coloraxes(showscale=False)
    figure.update_layout(height=max(300, 14 * len(grid) + 120), title=t("trends.heatmap.title"))
    legend(order)
    alt = t("chart.alt.heatmap", title=t("trends.heatmap.title"), count=len(grid))
    chart(figure, alt=alt, table=labels.rename_axis(t("col.code")).reset_index())


show()
