"""The audit: who changed what and when, with old and new values, and the months' events."""

import streamlit as st

from monitoring.audit import audit_trail, month_events
from monitoring.db import session_scope
from pages._widgets import db, require_plan, session_user, t


def show() -> None:
    actor = session_user()
    if actor is None or not actor.manages:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.audit"))
    left, right = st.columns(2)
    codes = [""] + [m.code for m in plan.measures]
    measure = left.selectbox(t("audit.measure"), codes, format_func=lambda c: c or t("audit.all"))
    month = right.text_input(t("audit.month"), placeholder="AAAA-MM").strip() or None
    with session_scope(db()) as session:
        trail = audit_trail(session, plan_code=version.plan_code, measure=measure or None, month=month)
        events = month_events(session, plan_code=version.plan_code, month=month)
    st.subheader(t("audit.changes"))
    # Old and new values mix texts and numbers: shown as text, one type per column.
    trail[["old", "new"]] = trail[["old", "new"]].map(lambda v: "" if v is None else str(v))
    if trail.empty:
        st.info(t("audit.none"))
    else:
        st.dataframe(
            trail.rename(columns=lambda c: t(f"audit.col.{c}")),
            hide_index=True,
            width="stretch",
            placeholder="—",
        )
    st.subheader(t("audit.events"))
    st.dataframe(
        events.rename(columns=lambda c: t(f"audit.col.{c}")),
        hide_index=True,
        width="stretch",
        placeholder="—",
    )


show()
