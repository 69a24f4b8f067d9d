"""The signed-in person's account: who they are, a new password, sign out."""

import streamlit as st

from monitoring.auth import change_password
from monitoring.db import session_scope
from monitoring.rules import ReportRejected
from monitoring.tables import User
from pages._widgets import db, refusal_text, session_user, sign_out_button, t


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    st.title(t("nav.account"), anchor=False)
    st.write(t("account.who", name=actor.name, email=actor.email, role=t(f"role.{actor.role.value}")))
    if actor.bodies:
        st.caption(t("account.bodies", bodies=", ".join(sorted(actor.bodies))))
    with st.form("password", clear_on_submit=True):
        st.subheader(t("account.change_password"), anchor=False)
        current = st.text_input(t("account.current"), type="password", autocomplete="current-password")
        new = st.text_input(t("account.new"), type="password", autocomplete="new-password")
        again = st.text_input(t("account.repeat"), type="password", autocomplete="new-password")
        if st.form_submit_button(t("account.save")):
            _change(actor.id, current, new, again)
    sign_out_button()


def _change(user_id: int, current: str, new: str, again: str) -> None:
    if new != again:
        st.error(t("error.passwords_differ"))
        return
    try:
        with session_scope(db()) as session:
            change_password(session, user=session.get(User, user_id), current=current, new=new)
    except ReportRejected as error:
        st.error(refusal_text(error))
    else:
        st.session_state["flash"] = t("account.changed")  # every session ended: sign in again
        st.rerun()


show()
