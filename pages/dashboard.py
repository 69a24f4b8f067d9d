"""The committee's overview as of a month: headline numbers, progress by axis, GCM objective
and body, and the measures that need attention. Every filter lives in the URL."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from monitoring import dashboard, formats
from monitoring.db import session_scope
from monitoring.palette import STAGE_COLOURS
from monitoring.progress import indicator_status
from pages._widgets import (
    as_of_controls,
    basis_note,
    chart,
    date_text,
    db,
    headline_of,
    indicator_ends_of,
    language,
    legend,
    measure_link,
    month_text,
    plan_filters,
    reconstruction_notice,
    reporting_of,
    require_plan,
    session_user,
    snapshot_of,
    stage_colours,
    stage_filters,
    stage_label,
    stage_summary,
    t,
    tn,
)

GROUP_COLOURS = ("#E4E4E4", "#F4F4F4")  # the treemap's axes and objectives: light, so their labels read
HEADLINE_KEYS = (
    "completed",
    "in_progress",
    "not_started",
    "continuous_running",
    "overdue",
    "stalled",
    "missing",
)


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    lang = language()
    st.title(t("nav.dashboard"), anchor=False)
    reconstruction_notice(plan)
    view = as_of_controls(plan)
    basis_note(plan, view)
    _data_notes(version.plan_code, view.validated_only, actor.manages)
    chosen = plan_filters(plan)
    stages, years = stage_filters(plan)
    snap = snapshot_of(version, plan, view)
    frame = dashboard.filtered(dashboard.measures_with_state(plan, snap, lang), chosen, stages, years)
    st.caption(tn("filter.result", len(plan.measures), shown=len(frame)))
    _headline(version, plan, view, set(frame["code"]))
    # Only the open tab is computed and drawn (the others are a click away, and their choice is
    # kept in the address, so a reload or a shared link opens the same tab).
    labels = [t("dash.tab.axis"), t("dash.tab.objective"), t("dash.tab.body"), t("dash.tab.attention")]
    tabs = st.tabs(labels, key="tab", bind="query-params")
    draw = (
        lambda: _by_axis(plan, frame),
        lambda: _by_objective(plan, frame),
        lambda: _bodies(plan, frame, view),
        lambda: _attention(frame, plan, view),
    )
    for tab, drawn in zip(tabs, draw, strict=True):
        if tab.open:
            with tab:
                drawn()


def _by_axis(plan, frame: pd.DataFrame) -> None:
    _by(frame, "axis", "axis_title", t("dash.chart.by_axis"), t("filter.axis"), [a.code for a in plan.axes])
    _treemap(plan, frame)
    _measure_picker(frame)


def _by_objective(plan, frame: pd.DataFrame) -> None:
    numbers = [str(o.gcm_number) for o in plan.objectives]
    _by(frame, "gcm_number", "objective_title", t("dash.chart.by_objective"), t("filter.objective"), numbers)


def _data_notes(plan_code: str, validated_only: bool, staff: bool) -> None:
    st.caption(t("dash.validated_note") if validated_only else t("dash.all_note"))
    with session_scope(db()) as session:
        any_report, demo = dashboard.has_reports(session, plan_code)
    if not any_report:
        staff_note = " " + t("dash.no_reports.staff") if staff else ""  # an operator's command
        st.info(t("dash.no_reports") + staff_note, icon=":material/info:")
    if demo:
        st.warning(t("dash.demo"), icon=":material/science:")


def _headline(version, plan, view, codes: set[str]) -> None:
    table = headline_of(version, plan, view, codes)
    columns = st.columns(len(HEADLINE_KEYS))
    for column, key in zip(columns, HEADLINE_KEYS, strict=True):
        row = table.loc[key]
        inverse = key in ("overdue", "stalled", "missing", "not_started")
        column.metric(
            t(f"dash.metric.{key}"),
            int(row["now"]),
            delta=int(row["since_month"]),
            delta_color="inverse" if inverse else "normal",
            help=t("dash.metric.help", month=int(row["since_month"]), quarter=int(row["since_quarter"])),
        )
    st.caption(t("dash.deltas"))


def _kind(frame: pd.DataFrame) -> pd.Series:
    return frame["stage"].where(~frame["continuous"], "continuous").map(stage_label)


def _by(
    frame: pd.DataFrame, key: str, title_column: str, title: str, axis_label: str, order: list[str]
) -> None:
    """Stacked bars by stage, one per group, the groups in `order` (the plan file's order)."""
    if frame.empty:
        st.info(t("filter.none"))
        return
    counts = frame.assign(kind=_kind(frame)).groupby([key, title_column, "kind"]).size().reset_index(name="n")
    counts[key] = counts[key].astype(str)
    shown = set(counts[key])
    figure = px.bar(
        counts,
        x=key,
        y="n",
        color="kind",
        text="n",
        title=title,
        hover_data={title_column: True},
        labels={key: axis_label, "n": t("dash.chart.measures"), "kind": t("report.col.stage")},
        color_discrete_map=stage_colours(),
        category_orders={"kind": list(stage_colours()), key: [g for g in order if g in shown]},
    )
    figure.update_layout(
        barmode="stack",
        legend_title_text=t("report.col.stage"),
        separators=formats.plotly_separators(language()),
    )
    totals = counts.groupby("kind")["n"].sum().reindex(list(stage_colours())).dropna()
    alt = t("chart.alt.stacked", title=title, x=axis_label, summary=stage_summary(totals.to_dict()))
    chart(figure, alt=alt, table=_stage_table(counts, key, title_column, axis_label))


def _stage_table(counts: pd.DataFrame, key: str, title_column: str, label: str) -> pd.DataFrame:
    """A chart's counts as rows of categories and a column per stage, with the total."""
    same = (counts[key] == counts[title_column].astype(str)).all()  # by body: the name is the key
    index = [key] if same else [key, title_column]
    table = counts.pivot_table(index=index, columns="kind", values="n", fill_value=0)
    table = table.reindex(columns=[c for c in stage_colours() if c in table.columns]).astype(int)
    table[t("chart.col.stage_count")] = table.sum(axis=1)
    table = table.reset_index().rename(columns={key: label, title_column: t("col.name")})
    table.columns.name = None
    return table


def _treemap(plan, frame: pd.DataFrame) -> None:
    """Axis → GCM objective → measure as nested boxes in the plan's order, each measure coloured
    by its stage and labelled with its code; its title shows on hover."""
    if frame.empty:
        return
    ids, parents, labels, colours, hover = zip(*_treemap_nodes(plan, frame), strict=True)
    figure = go.Figure(
        go.Treemap(
            ids=ids,
            parents=parents,
            labels=labels,
            marker={"colors": colours, "line": {"width": 1, "color": "white"}},
            customdata=hover,
            hovertemplate="<b>%{label}</b><br>%{customdata}<extra></extra>",
            sort=False,  # the plan's order, not the boxes' sizes
            textinfo="label",
        )
    )
    figure.update_layout(title=t("dash.chart.treemap"), height=620, margin={"t": 50, "l": 5, "r": 5, "b": 5})
    data = frame.assign(kind=_kind(frame))
    counts = data["kind"].value_counts().reindex(list(stage_colours())).dropna()
    table = pd.DataFrame(
        {
            t("filter.axis"): data["axis"],
            t("filter.objective"): data["gcm_number"],
            t("col.code"): data["code"],
            t("col.title"): data["title"],
            t("report.col.stage"): data["kind"],
        }
    )
    alt = t("chart.alt.treemap", title=t("dash.chart.treemap"), summary=stage_summary(counts.to_dict()))
    chart(figure, alt=alt, table=table)
    legend(["not_started", "in_progress", "completed", "continuous"])


def _treemap_nodes(plan, frame: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    """(id, parent, label, colour, hover text) of every box, axes first, in the plan's order."""
    lang = language()
    kinds = dict(zip(frame["code"], frame["stage"].where(~frame["continuous"], "continuous"), strict=True))
    titles = dict(zip(frame["code"], frame["title"], strict=True))
    nodes = []
    for axis in plan.axes:
        inner = []
        for objective in (o for o in plan.objectives if o.axis == axis.code):
            codes = [m.code for m in plan.measures if m.objective == objective.code and m.code in kinds]
            if not codes:
                continue
            node = f"{axis.code}/{objective.code}"
            label = t("plan.objective_label", number=objective.gcm_number)
            inner.append((node, axis.code, label, GROUP_COLOURS[1], objective.title.in_(lang)))
            inner += [
                (f"{node}/{c}", node, c, STAGE_COLOURS[kinds[c]], f"{titles[c]}<br>{stage_label(kinds[c])}")
                for c in codes
            ]
        if inner:
            title = axis.title.in_(lang)
            nodes += [(axis.code, "", f"{axis.code} · {title}", GROUP_COLOURS[0], title), *inner]
    return nodes


def _measure_picker(frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    codes = dict(zip(frame["code"], frame["code"] + " · " + frame["title"], strict=True))
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    code = left.selectbox(t("plan.pick_measure"), list(codes), format_func=codes.get, key="dash_measure")
    with right:
        measure_link(code, t("plan.open_measure"))


def _bodies(plan, frame: pd.DataFrame, view) -> None:
    shared = st.toggle(t("dash.co_bodies"), key="dash_co")
    data = frame.assign(kind=_kind(frame))
    if shared:
        data = data.explode("co_body_names").dropna(subset=["co_body_names"])
    column = "co_body_names" if shared else "lead_body_name"
    _by(
        data.rename(columns={column: "body_name"}).assign(body=lambda d: d["body_name"]),
        "body",
        "body_name",
        t("dash.chart.by_body"),
        t("filter.ministry"),
        [b.name.in_(language()) for b in plan.bodies],
    )
    names = {b.code: b.name.in_(language()) for b in plan.bodies}
    reporting = reporting_of(plan, view).copy()
    reporting.insert(1, "name", reporting["body"].map(names))
    st.subheader(t("dash.reporting"), anchor=False)
    st.dataframe(
        reporting.rename(
            columns={
                "body": t("col.code"),
                "name": t("col.name"),
                "completeness": t("dash.col.completeness"),
                "timeliness": t("dash.col.timeliness"),
            }
        ),
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={
            t("dash.col.completeness"): st.column_config.ProgressColumn(
                format="percent", min_value=0, max_value=1
            ),
            t("dash.col.timeliness"): st.column_config.ProgressColumn(
                format="percent", min_value=0, max_value=1
            ),
        },
    )


def _attention(frame: pd.DataFrame, plan, view) -> None:
    indicators = indicator_status(plan, indicator_ends_of(plan, view), as_of=view.as_of)
    table = dashboard.attention_list(frame, indicators)
    if table.empty:
        st.success(t("dash.attention.none"))
        return
    shown = pd.DataFrame(
        {
            t("col.code"): table["code"],
            t("col.title"): table["title"],
            t("dash.col.reason"): table["reason"].map(lambda r: t(f"dash.reason.{r}")),
            t("dash.col.detail"): table["detail"],
            t("col.lead_body"): table["lead_body_name"],
            t("col.deadline"): table["deadline"],
            t("report.col.stage"): table["stage"].map(stage_label),
            t("dash.col.last_change"): table["last_change"],
        }
    )
    # On screen the deadline and the month of the last change are written in the language; the CSV keeps
    # them as data (2021-12-31, 2020-06), which spreadsheets sort and read in any language.
    on_screen = shown.assign(
        **{
            t("col.deadline"): table["deadline"].map(date_text),
            t("dash.col.last_change"): table["last_change"].map(month_text),
        }
    )
    st.dataframe(on_screen, hide_index=True, width="stretch", placeholder="—")
    st.download_button(
        t("dash.attention.download"),
        shown.to_csv(index=False).encode("utf-8"),
        file_name=f"attention-{view.as_of}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


show()
