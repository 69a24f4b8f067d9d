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
    month_text,
    printed_chart,
    reconstruction_notice,
    reports_of,
    require_plan,
    session_user,
    snapshot_of,
    stage_label,
    stage_summary,
    t,
)

STAGES = ("not_started", "in_progress", "completed", "continuous")


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
    with st.container(key="brief_charts"):  # the by-axis numbers are the table above
        totals = {stage_label(s): int(by_axis[s].sum()) for s in STAGES}
        alt = t(
            "chart.alt.stacked",
            title=t("dash.chart.by_axis"),
            x=t("filter.axis"),
            summary=stage_summary(totals),
        )
        printed_chart(brief.axis_figure(by_axis, lang), alt=alt)
        grid = dashboard.history_grid(plan, reports_of(plan, view), as_of=view.as_of)
        shares = dashboard.stage_shares_over_time(plan, grid)
        _stages_chart(shares)
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


def _stages_chart(shares) -> None:
    """Measures by stage month by month, with its text alternative and, on screen only, the same
    numbers as a table."""
    last = shares.iloc[-1] if len(shares) else None
    alt = t(
        "chart.alt.area",
        title=t("trends.shares"),
        first=month_text(shares["month"].iloc[0]) if len(shares) else "",
        last=month_text(shares["month"].iloc[-1]) if len(shares) else "",
        summary=stage_summary({stage_label(s): last[s] for s in STAGES} if last is not None else {}),
    )
    table = shares.assign(month=shares["month"].map(month_text))
    table = table.rename(columns={"month": t("trends.month"), **{s: stage_label(s) for s in STAGES}})
    printed_chart(brief.stages_figure(shares, language()), alt=alt, table=table)


show()
