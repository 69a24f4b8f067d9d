"""The audit: who changed what and when, with old and new values, and the months' events."""

import pandas as pd
import streamlit as st

from monitoring import dashboard
from monitoring.audit import audit_trail, month_events
from monitoring.db import session_scope
from monitoring.months import month_of, months_between, plan_zone
from pages._widgets import (
    date_text,
    db,
    field_label,
    field_value,
    moment_texts,
    month_names,
    month_text,
    require_plan,
    session_user,
    t,
)


def show() -> None:
    actor = session_user()
    if actor is None or not actor.manages:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.audit"), anchor=False)
    left, right = st.columns(2)
    codes = [""] + [m.code for m in plan.measures]
    measure = left.selectbox(t("audit.measure"), codes, format_func=lambda c: c or t("audit.all"))
    months = [""] + months_between(month_of(plan.plan.start), dashboard.current_month(plan))[::-1]
    month = right.selectbox(t("audit.month"), months, format_func=month_names(empty=t("audit.all"))) or None
    with session_scope(db()) as session:
        trail = audit_trail(session, plan_code=version.plan_code, measure=measure or None, month=month)
        events = month_events(session, plan_code=version.plan_code, month=month)
    st.caption(t("audit.times", zone=plan_zone(plan).key))
    st.subheader(t("audit.changes"), anchor=False)
    if trail.empty:
        st.info(t("audit.none"))
    else:
        st.dataframe(
            _trail_table(trail).rename(columns=lambda c: t(f"audit.col.{c}")),
            hide_index=True,
            width="stretch",
            placeholder="—",
        )
    st.subheader(t("audit.events"), anchor=False)
    st.dataframe(
        _events_table(events).rename(columns=lambda c: t(f"audit.col.{c}")),
        hide_index=True,
        width="stretch",
        placeholder="—",
    )


def _trail_table(trail: pd.DataFrame) -> pd.DataFrame:
    """Every value written as text in the language (old and new mix texts and numbers: one type per
    column); rows stay newest first, as kept, and the revision number sorts as the time does."""
    return trail.assign(
        at=trail["at"].map(moment_texts()),
        month=trail["month"].map(month_text),
        field=trail["field"].map(field_label),
        old=[field_value(f, v) for f, v in zip(trail["field"], trail["old"], strict=True)],
        new=[field_value(f, v) for f, v in zip(trail["field"], trail["new"], strict=True)],
    )


def _events_table(events: pd.DataFrame) -> pd.DataFrame:
    return events.assign(
        at=events["at"].map(moment_texts()),
        month=events["month"].map(month_text),
        event=events["event"].map(lambda e: t(f"month_state.{e}")),
        open_until=events["open_until"].map(date_text),
    )


show()
