"""The meeting brief: a document for the committee's papers (header, tables, two charts) that
prints as it reads on screen; only the month and data basis controls stay off the paper."""

import datetime as dt

import streamlit as st

from monitoring import brief, dashboard
from monitoring.progress import indicator_status, progress_by
from monitoring.provenance import basis_summary, footnote, has_unofficial_figures
from pages._widgets import (
    as_of_controls,
    basis_text,
    headline_of,
    indicator_ends_of,
    language,
    reconstruction_notice,
    reports_of,
    require_plan,
    session_user,
    snapshot_of,
    t,
)

STATIC = {"staticPlot": True, "displayModeBar": False}  # a chart on paper: nothing to hover or click


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    lang = language()
    st.html(brief.PRINT_CSS)
    with st.container(key="brief_controls"):  # on screen only: the printed header says what they chose
        view = as_of_controls(plan)
        st.caption(t("brief.print"))
    reconstruction_notice(plan)
    st.html(
        brief.header_html(
            plan, view.as_of, view.validated_only, lang, dt.date.today(), basis_text(plan, view)
        )
    )
    headline = headline_of(version, plan, view, {m.code for m in plan.measures})
    table = brief.headline_table(headline, lang)
    st.html(brief.section_html(t("brief.headline"), table, numbers=tuple(table.columns[1:])))
    snap = snapshot_of(version, plan, view)
    by_axis = progress_by(snap, plan, "axis")
    table = brief.axis_table(by_axis, lang)
    st.html(brief.section_html(t("dash.chart.by_axis"), table, numbers=tuple(table.columns[1:])))
    with st.container(key="brief_charts"):
        st.plotly_chart(brief.axis_figure(by_axis, lang), config=STATIC, width="content")
        grid = dashboard.history_grid(plan, reports_of(plan, view), as_of=view.as_of)
        shares = dashboard.stage_shares_over_time(plan, grid)
        st.plotly_chart(brief.stages_figure(shares, lang), config=STATIC, width="content")
    frame = dashboard.measures_with_state(plan, snap, lang)
    attention = dashboard.attention_list(
        frame, indicator_status(plan, indicator_ends_of(plan, view), as_of=view.as_of)
    )
    note = t("brief.attention.count", count=len(attention)) if len(attention) else t("dash.attention.none")
    table = brief.attention_table(attention, plan, lang)
    st.html(brief.section_html(t("dash.tab.attention"), table, nowrap=tuple(table.columns[:2]), note=note))
    if has_unofficial_figures(plan):
        notes = [basis_summary(plan, lang), footnote(lang)]
        if (attention["reason"] == "indicator_off_track").any():
            notes.insert(0, t("brief.off_track_note"))
        st.html(brief.note_html(" ".join(notes)))


show()
