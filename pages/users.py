"""Accounts for the secretariat: who has which role and answers for which bodies."""

import pandas as pd
import streamlit as st

from monitoring.auth import Role, end_sessions_of, list_users, register_user, set_active
from monitoring.db import session_scope
from monitoring.rules import ReportRejected
from monitoring.sessions import open_session_counts
from monitoring.tables import User
from pages._widgets import db, language, refusal_text, require_plan, session_user, t


def show() -> None:
    actor = session_user()
    if actor is None or not actor.manages:
        st.stop()
    _, plan = require_plan(actor)
    st.title(t("nav.users"), anchor=False)
    if done := st.session_state.pop("users.done", None):
        st.success(done)  # the outcome of the last action, above the table it changed
    with session_scope(db()) as session:
        users = list_users(session)
        open_sessions = open_session_counts(session)
    st.dataframe(
        pd.DataFrame(
            {
                t("completeness.email"): [u.email for u, _ in users],
                t("col.name"): [u.name for u, _ in users],
                t("users.role"): [t(f"role.{u.role}") for u, _ in users],
                t("users.bodies"): [", ".join(b) for _, b in users],
                t("users.active"): [t("yes") if u.is_active else t("no") for u, _ in users],
                t("users.sessions"): [open_sessions.get(u.id, 0) for u, _ in users],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    names = {b.code: f"{b.code} · {b.name.in_(language())}" for b in plan.bodies}
    with st.form("new_user", clear_on_submit=True):
        st.subheader(t("users.new"), anchor=False)
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
    _manage(actor, {u.id: u for u, _ in users})


def _manage(actor, users: dict[int, User]) -> None:
    """End a person's sessions (a lost laptop, a shared desk) or (de)activate the account."""
    with st.container(border=True):
        st.subheader(t("users.manage"), anchor=False)
        chosen = st.selectbox(
            t("users.account"),
            list(users),
            format_func=lambda i: f"{users[i].name} · {users[i].email}",
            index=None,
            placeholder=t("filter.choose"),
        )
        if chosen is None:
            return
        user = users[chosen]
        left, right = st.columns(2)
        if left.button(t("users.end_sessions"), icon=":material/logout:"):
            _act(
                lambda session: t(
                    "users.sessions_ended",
                    count=end_sessions_of(session, actor=actor, user=session.get(User, user.id)),
                )
            )
        toggle = "users.activate" if not user.is_active else "users.deactivate"
        if right.button(t(toggle), icon=":material/person_off:" if user.is_active else ":material/person:"):
            _act(lambda session: _toggle(session, actor, user))


def _toggle(session, actor, user: User) -> str:
    set_active(session, actor=actor, user=session.get(User, user.id), active=not user.is_active)
    return t("users.activated" if not user.is_active else "users.deactivated", email=user.email)


def _act(action) -> None:
    try:
        with session_scope(db()) as session:
            st.session_state["users.done"] = action(session)
    except ReportRejected as error:
        st.error(refusal_text(error))
    else:
        st.rerun()


show()
