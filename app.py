"""The front door: which pages exist and how they are grouped. Nothing else."""

import streamlit as st

from pages._widgets import language_switch, t


def run() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=":material/public:", layout="wide")
    language_switch()
    pages = {
        t("nav.section.plan"): [
            st.Page("pages/plan.py", title=t("nav.plan"), icon=":material/account_tree:", default=True),
            st.Page("pages/measure.py", title=t("nav.measure"), icon=":material/description:"),
            st.Page("pages/bodies.py", title=t("nav.bodies"), icon=":material/account_balance:"),
        ],
        t("nav.section.admin"): [
            st.Page("pages/load_plan.py", title=t("nav.load_plan"), icon=":material/upload_file:"),
        ],
    }
    st.navigation(pages).run()


run()
