"""The meeting brief: the overview and the attention list on one printable page."""

import pandas as pd
import streamlit as st

from monitoring import dashboard
from monitoring.progress import indicator_status, progress_by
from pages._widgets import (
    as_of_controls,
    basis_note,
    headline_of,
    indicator_ends_of,
    language,
    require_plan,
    session_user,
    snapshot_of,
    stage_label,
    t,
)

# Printing hides the app's frame so the brief fits the committee's papers.
PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  .stSelectbox, .stToggle, .stButton { display: none !important; }
  .block-container { padding: 0 !important; max-width: 100% !important; }
}
</style>
"""


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    st.html(PRINT_CSS)
    view = as_of_controls(plan)
    st.title(t("brief.title", month=view.as_of))
    st.caption(
        f"{plan.plan.title.in_(language())} · "
        + (t("dash.validated_note") if view.validated_only else t("dash.all_note"))
    )
    basis_note(plan, view)
    table = headline_of(version, plan, view, {m.code for m in plan.measures})
    st.dataframe(_headline(table), hide_index=True, width="stretch", placeholder="—")
    snap = snapshot_of(version, plan, view)
    st.subheader(t("dash.chart.by_axis"))
    st.dataframe(_by_axis(progress_by(snap, plan, "axis")), hide_index=True, width="stretch", placeholder="—")
    st.subheader(t("dash.tab.attention"))
    ends = indicator_ends_of(plan, view)
    frame = dashboard.measures_with_state(plan, snap, language())
    attention = dashboard.attention_list(frame, indicator_status(plan, ends, as_of=view.as_of))
    st.dataframe(
        pd.DataFrame(
            {
                t("col.code"): attention["code"],
                t("col.title"): attention["title"],
                t("dash.col.reason"): attention["reason"].map(lambda r: t(f"dash.reason.{r}")),
                t("col.lead_body"): attention["lead_body_name"],
            }
        ),
        hide_index=True,
        width="stretch",
        placeholder="—",
    )
    st.caption(t("brief.print"))


def _headline(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("brief.what"): [t(f"dash.metric.{k}") for k in table.index],
            t("brief.now"): table["now"].values,
            t("brief.since_month"): table["since_month"].map("{:+d}".format).values,
            t("brief.since_quarter"): table["since_quarter"].map("{:+d}".format).values,
        }
    )


def _by_axis(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("filter.axis"): table["axis"],
            **{stage_label(s): table[s] for s in ("not_started", "in_progress", "completed", "continuous")},
            t("dash.metric.overdue"): table["overdue"],
            t("brief.completion"): (table["completion_rate"] * 100).round(0),
        }
    )


show()
