"""Who has reported a month, on time or late, who has not, and reminders to send them."""

import pandas as pd
import streamlit as st

from monitoring.completeness import body_completeness, reminders
from monitoring.db import session_scope
from monitoring.mail import mail_configured, send_reminders
from pages._widgets import db, language, month_picker, month_text, require_plan, session_user, t, tn


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.completeness"), anchor=False)
    month = month_picker(plan)
    with session_scope(db()) as session:
        table = body_completeness(session, month=month, plan_code=version.plan_code)
        to_remind = reminders(session, month=month, language=language(), plan_code=version.plan_code)
    names = {b.code: b.name.in_(language()) for b in plan.bodies}
    complete = int((table["status"] == "complete").sum())
    left, middle, right = st.columns(3)
    left.metric(t("completeness.bodies_complete"), f"{complete} / {len(table)}")
    middle.metric(
        t("completeness.measures_reported"), f"{table['reported'].sum()} / {table['expected'].sum()}"
    )
    right.metric(t("completeness.late"), int((table["on_time"] == False).sum()))  # noqa: E712
    st.dataframe(_table(table, names), hide_index=True, width="stretch", placeholder="—")
    _reminders(to_remind, month)


def _table(table: pd.DataFrame, names: dict) -> pd.DataFrame:
    def timing(value) -> str:
        return (
            "—"
            if value is None or pd.isna(value)
            else t("completeness.on_time" if value else "completeness.late_one")
        )

    return pd.DataFrame(
        {
            t("col.code"): table["body"],
            t("col.name"): table["body"].map(names),
            t("completeness.status"): table["status"].map(lambda s: t(f"completeness.status.{s}")),
            t("completeness.reported"): table["reported"].astype(str) + " / " + table["expected"].astype(str),
            t("completeness.missing"): table["missing"].map(", ".join),
            t("completeness.timing"): table["on_time"].map(timing),
            t("validate.state"): table["state"].map(_state),
        }
    )


def _state(state) -> str:
    """A body's month in words; without events it has no state (None, or NaN beside other states)."""
    return t(f"month_state.{state if isinstance(state, str) else 'none'}")


def _reminders(to_remind: list[dict], month: str) -> None:
    st.subheader(t("completeness.reminders"), anchor=False)
    if not to_remind:
        st.success(t("completeness.nobody"))
        return
    frame = pd.DataFrame(to_remind)
    st.dataframe(
        frame[["name", "email", "body"]].rename(
            columns={"name": t("col.name"), "email": t("completeness.email"), "body": t("validate.body")}
        ),
        hide_index=True,
        width="stretch",
        placeholder="—",
    )
    st.download_button(
        t("completeness.download"),
        frame.to_csv(index=False).encode("utf-8"),
        file_name=f"reminders-{month}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    st.text_area(t("completeness.text"), to_remind[0]["text"], height=180)
    if mail_configured() and st.button(t("completeness.send"), icon=":material/send:"):
        sent = send_reminders(to_remind, subject=t("completeness.subject", month=month_text(month)))
        st.success(tn("completeness.sent", sent))
    st.caption(t("completeness.addresses", emails="; ".join(sorted({r["email"] for r in to_remind}))))


show()
