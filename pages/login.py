"""Sign in: one generic message on failure, whatever the reason."""

import streamlit as st

from monitoring.auth import LoginFailed, authenticate
from monitoring.db import session_scope
from pages._widgets import db, oidc_configured, sign_in, t


def show() -> None:
    st.title(t("login.title"))
    if message := st.session_state.pop("flash", ""):
        st.info(message)
    with st.form("login", border=True):
        email = st.text_input(t("login.email"), autocomplete="username")
        password = st.text_input(t("login.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        try:
            with session_scope(db()) as session:
                user = authenticate(session, email, password)
        except LoginFailed:
            st.error(t("login.failed"))
        else:
            sign_in(user)
            st.rerun()
    if oidc_configured():
        st.divider()
        st.button(t("login.oidc"), on_click=st.login, icon=":material/key:")


show()
