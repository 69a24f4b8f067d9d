"""The political focal point validates the body's month or sends it back; the secretariat
can also unlock a validated month or reopen a closed one, always with a reason. After each
action the page shows the month's new state at once, and the message at the top."""

from uuid import uuid4

import pandas as pd
import streamlit as st

from monitoring.db import session_scope
from monitoring.reporting import (
    body_month_state,
    latest_revisions,
    reopen_month,
    send_back,
    unlock_month,
    validate_month,
)
from monitoring.rules import ReportRejected
from pages._widgets import (
    db,
    flash,
    language,
    month_picker,
    refusal_text,
    require_plan,
    result_box,
    session_user,
    show_flash,
    t,
)


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.validate"), anchor=False)
    show_flash()
    month = month_picker(plan)
    bodies = [b.code for b in plan.bodies if actor.manages or b.code in actor.bodies]  # the plan's order
    names = {b.code: b.name.in_(language()) for b in plan.bodies}
    body = st.selectbox(t("validate.body"), bodies, format_func=lambda c: names.get(c, c))
    with session_scope(db()) as session:
        state = body_month_state(session, version.plan_code, month, body)
        own = [m.code for m in plan.measures if body in {m.lead_body, *m.co_bodies}]
        latest = latest_revisions(session, version.plan_code, own, month)
    st.markdown(
        f"**{t('validate.state')}** ({names.get(body, body)}): {t('month_state.' + (state or 'none'))}"
    )
    _reports_table(latest, month, plan)
    _actions(actor, version.plan_code, month, body, state)


def _reports_table(latest: dict, month: str, plan) -> None:
    titles = {m.code: m.title.in_(language()) for m in plan.measures}
    rows = [r for r in latest.values() if r.month == month]
    if not rows:
        st.info(t("validate.nothing"))
        return
    position = {m.code: n for n, m in enumerate(plan.measures)}
    rows.sort(key=lambda r: position.get(r.measure_code, len(position)))
    st.dataframe(
        pd.DataFrame(
            {
                t("col.code"): [r.measure_code for r in rows],
                t("col.title"): [titles.get(r.measure_code, "") for r in rows],
                t("report.col.stage"): [t(f"stage.{r.stage}") for r in rows],
                t("report.col.done"): [r.done for r in rows],
                t("report.col.obstacles"): [r.obstacles for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _actions(actor, plan_code: str, month: str, body: str, state: str | None) -> None:
    if state == "submitted" and actor.may_validate(body):
        left, right = st.columns(2)
        if left.button(t("validate.validate"), type="primary", icon=":material/verified:"):
            _do(
                lambda s: validate_month(s, actor=actor, month=month, body=body, plan_code=plan_code),
                "validate.done",
            )
        with right.form("send_back", clear_on_submit=True):
            comment = st.text_area(t("validate.comment"), max_chars=2000)
            if st.form_submit_button(t("validate.send_back")):
                _do(
                    lambda s: send_back(
                        s, actor=actor, month=month, body=body, comment=comment, plan_code=plan_code
                    ),
                    "validate.sent_back",
                )
    if actor.manages:
        _secretariat_actions(actor, plan_code, month, body, state)


def _secretariat_actions(actor, plan_code: str, month: str, body: str, state: str | None) -> None:
    with st.expander(t("validate.secretariat"), expanded=False), st.form("manage", clear_on_submit=True):
        reason = st.text_input(t("validate.reason"), max_chars=500)
        days = st.number_input(t("validate.days"), min_value=1, max_value=60, value=7)
        left, right = st.columns(2)
        if left.form_submit_button(t("validate.unlock"), disabled=state != "validated"):
            _do(
                lambda s: unlock_month(
                    s, actor=actor, month=month, body=body, reason=reason, plan_code=plan_code
                ),
                "validate.unlocked",
            )
        if right.form_submit_button(t("validate.reopen")):
            _do(
                lambda s: reopen_month(
                    s, actor=actor, month=month, body=body, reason=reason, days=int(days), plan_code=plan_code
                ),
                "validate.reopened",
            )


def _do(action, done_key: str) -> None:
    """Do it, then run the page again so that it shows the new state, the message on top."""
    try:
        with session_scope(db()) as session:
            action(session)
    except ReportRejected as error:
        with result_box(uuid4()):
            st.error(refusal_text(error))
        return
    flash(t(done_key))
    st.rerun()


show()
