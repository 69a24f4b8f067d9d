"""The public balance as an Excel workbook (and open data), in one click."""

import streamlit as st

from monitoring.dashboard import closed_months, last_closed
from monitoring.db import session_scope
from monitoring.export import balance_tables, open_data_bytes, workbook_bytes
from monitoring.i18n import LANGUAGES
from monitoring.months import add_months
from monitoring.rules import ReportRejected
from pages._widgets import (
    db,
    language,
    month_names,
    reconstruction_notice,
    refusal_text,
    require_plan,
    session_user,
    t,
)


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.balance"), anchor=False)
    reconstruction_notice(plan)
    st.write(t("balance.page.intro"))
    months = closed_months(plan)
    default = last_closed(plan)  # within the plan's period plus its follow-up
    left, middle, right = st.columns(3)
    index = months.index(default) if default in months else 0
    as_of = left.selectbox(t("dash.as_of"), months, index=index, format_func=month_names())
    earlier = [m for m in months if m < as_of] or [as_of]
    default = add_months(as_of, -12)
    since = middle.selectbox(
        t("balance.page.since"),
        earlier,
        index=earlier.index(default) if default in earlier else len(earlier) - 1,
        format_func=month_names(),
    )
    lang = right.selectbox(
        t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, index=list(LANGUAGES).index(language())
    )
    if st.button(t("balance.page.prepare"), type="primary", icon=":material/table_view:"):
        try:
            with session_scope(db()) as session:
                since_month = since if since < as_of else None
                balance = balance_tables(
                    session, as_of=as_of, language=lang, since=since_month, plan_code=version.plan_code
                )
            workbook, opendata = workbook_bytes(balance), open_data_bytes(balance)
        except ReportRejected as error:
            st.error(refusal_text(error))
            return
        name = f"{version.plan_code}-balance-{as_of}-{lang}"
        st.download_button(
            t("balance.page.download"),
            workbook,
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
        )
        st.download_button(
            t("balance.page.opendata"),
            opendata,
            file_name=f"{name}-open-data.zip",
            mime="application/zip",
            icon=":material/folder_zip:",
        )


show()
