"""The meeting brief: a document for the committee's papers (header, tables, two charts) that
prints as it reads on screen; only the month and data basis controls stay off the paper."""

import datetime as dt

import streamlit as st

from monitoring import brief, dashboard
from monitoring.db import session_scope
from monitoring.progress import indicator_series, indicator_status, progress_by
from pages._widgets import (
    as_of_controls,
    current_revisions,
    db,
    headline_of,
    language,
    require_plan,
    session_user,
    snapshot_of,
    t,
)

STATIC = {"staticPlot": True, "displayModeBar": False}  # a chart on paper: nothing to hover or click


def show() -> None:
    if session_user() is None:
        st.stop()
    version, plan = require_plan()
    lang = language()
    st.html(brief.PRINT_CSS)
    with st.container(key="brief_controls"):  # on screen only: the printed header says what they chose
        as_of, validated_only = as_of_controls(plan)
        st.caption(t("brief.print"))
    history = current_revisions(version.plan_code, validated_only)
    st.html(brief.header_html(plan, as_of, validated_only, lang, dt.date.today()))
    headline = headline_of(plan, version.id, history, as_of, {m.code for m in plan.measures})
    table = brief.headline_table(headline, lang)
    st.html(brief.section_html(t("brief.headline"), table, numbers=tuple(table.columns[1:])))
    snap = snapshot_of(plan, version.id, history, as_of)
    by_axis = progress_by(snap, plan, "axis")
    table = brief.axis_table(by_axis, lang)
    st.html(brief.section_html(t("dash.chart.by_axis"), table, numbers=tuple(table.columns[1:])))
    with st.container(key="brief_charts"):
        st.plotly_chart(brief.axis_figure(by_axis, lang), config=STATIC, width="content")
        grid = dashboard.history_grid(plan, history, as_of=as_of)
        shares = dashboard.stage_shares_over_time(plan, grid)
        st.plotly_chart(brief.stages_figure(shares, lang), config=STATIC, width="content")
    with session_scope(db()) as session:
        series = indicator_series(session, version.plan_code, as_of=as_of, validated_only=validated_only)
    frame = dashboard.measures_with_state(plan, snap, lang)
    attention = dashboard.attention_list(frame, indicator_status(plan, series, as_of=as_of))
    note = t("brief.attention.count", count=len(attention)) if len(attention) else t("dash.attention.none")
    table = brief.attention_table(attention, lang)
    st.html(brief.section_html(t("dash.tab.attention"), table, nowrap=tuple(table.columns[:2]), note=note))


show()
