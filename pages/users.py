"""Accounts for the secretariat: who has which role and answers for which bodies."""

import pandas as pd
import streamlit as st

from monitoring.auth import Role, list_users, register_user
from monitoring.db import session_scope
from monitoring.rules import ReportRejected
from pages._widgets import db, language, refusal_text, require_plan, session_user, t


def show() -> None:
    actor = session_user()
    if actor is None or not actor.manages:
        st.stop()
    _, plan = require_plan()
    st.title(t("nav.users"))
    with session_scope(db()) as session:
        users = list_users(session)
    st.dataframe(
        pd.DataFrame(
            {
                t("completeness.email"): [u.email for u, _ in users],
                t("col.name"): [u.name for u, _ in users],
                t("users.role"): [t(f"role.{u.role}") for u, _ in users],
                t("users.bodies"): [", ".join(b) for _, b in users],
                t("users.active"): [t("yes") if u.is_active else t("no") for u, _ in users],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    names = {b.code: f"{b.code} · {b.name.in_(language())}" for b in plan.bodies}
    with st.form("new_user", clear_on_submit=True):
        st.subheader(t("users.new"))
        email = st.text_input(t("completeness.email"))
        name = st.text_input(t("col.name"))
        role = st.selectbox(t("users.role"), [r.value for r in Role], format_func=lambda r: t(f"role.{r}"))
        bodies = st.multiselect(t("users.bodies"), list(names), format_func=names.get)
        password = st.text_input(t("users.password"), type="password", help=t("users.password.help"))
        if st.form_submit_button(t("users.create"), type="primary"):
            try:
                with session_scope(db()) as session:
                    register_user(
                        session,
                        actor=actor,
                        email=email,
                        name=name,
                        role=role,
                        password=password,
                        bodies=tuple(bodies),
                    )
            except ReportRejected as error:
                st.error(refusal_text(error))
            else:
                st.success(t("users.created", email=email))


show()
