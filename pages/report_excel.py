"""Bulk reporting by Excel: download the month's template, upload it filled, see what would
change, then confirm. Nothing is stored before the confirmation; every rule runs again then."""

from uuid import uuid4

import pandas as pd
import streamlit as st

from monitoring.db import session_scope
from monitoring.months import check_reportable_month, plan_zone, today_in
from monitoring.report_workbook import UploadedReport, preview_upload, read_report_workbook, report_template
from monitoring.reporting import submit_reports
from monitoring.rules import ReportRejected
from pages._widgets import (
    db,
    error_text,
    field_label,
    field_value,
    language,
    month_picker,
    refusal_text,
    require_plan,
    result_box,
    session_user,
    show_submit_result,
    t,
    tn,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor, reporting=True)
    st.title(t("nav.report_excel"), anchor=False)
    month = month_picker(plan)
    try:
        check_reportable_month(month, plan_start=plan.plan.start, today=today_in(plan_zone(plan)))
    except ReportRejected as error:
        st.error(refusal_text(error))
        return
    _show_last_result()
    st.caption(t("report_excel.help"))
    _download(actor, month, version.plan_code)
    uploaded = _upload(month, version.plan_code)
    if uploaded is None:
        return
    if uploaded.user_id not in (None, actor.id):
        st.warning(t("report_excel.other_user"))
    _preview(actor, month, uploaded, version.plan_code)
    all_or_nothing = st.checkbox(t("report_excel.all_or_nothing"), help=t("report_excel.all_or_nothing.help"))
    if st.button(t("report_excel.confirm"), type="primary", icon=":material/save:"):
        _confirm(actor, month, uploaded, all_or_nothing, version.plan_code)


def _download(actor, month: str, plan_code: str) -> None:
    """The template is built only when the button is clicked (a deferred download)."""
    lang = language()

    def template() -> bytes:
        with session_scope(db()) as session:
            return report_template(session, actor=actor, month=month, language=lang, plan_code=plan_code)

    st.download_button(
        t("report_excel.download"),
        data=template,
        file_name=f"{plan_code}-{month}-{actor.id}.xlsx",
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
    )


def _upload(month: str, plan_code: str) -> UploadedReport | None:
    """The file is read once, when it is chosen; the page then works from what was read."""
    key = f"excel-file-{month}-{st.session_state.get('excel-round', 0)}"
    st.file_uploader(
        t("report_excel.upload"), type=["xlsx"], key=key, on_change=_read_upload, args=(key, month, plan_code)
    )
    if error := st.session_state.get(f"excel-refusal-{month}"):
        st.error(refusal_text(error))
    return st.session_state.get(f"excel-upload-{month}")


def _read_upload(key: str, month: str, plan_code: str) -> None:
    file = st.session_state.get(key)
    st.session_state.pop(f"excel-upload-{month}", None)
    st.session_state.pop(f"excel-refusal-{month}", None)
    if file is None:
        return
    try:
        st.session_state[f"excel-upload-{month}"] = read_report_workbook(
            file.getvalue(), month=month, plan_code=plan_code
        )
    except ReportRejected as error:
        st.session_state[f"excel-refusal-{month}"] = error


def _preview(actor, month: str, uploaded: UploadedReport, plan_code: str) -> None:
    try:
        with session_scope(db()) as session:
            frame = preview_upload(session, actor=actor, month=month, rows=uploaded.rows, plan_code=plan_code)
    except ReportRejected as error:
        st.error(refusal_text(error))
        return
    if frame.empty:
        st.info(t("report_excel.no_rows"))
        return
    outcomes = frame.drop_duplicates("measure")["outcome"].value_counts()
    counts = {
        "to_store": int(outcomes.get("saved", 0)),
        "unchanged": int(outcomes.get("unchanged", 0)),
        "refused": int(outcomes.get("refused", 0)),
    }
    st.subheader(t("report_excel.preview"), anchor=False)
    st.markdown(
        " · ".join(tn(f"report_excel.{key}", counts[key]) for key in ("to_store", "unchanged", "refused"))
    )
    st.dataframe(preview_table(frame), hide_index=True, width="stretch", placeholder="—")


def preview_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The preview with translated headers, field names, stage words, outcomes and reasons."""
    return pd.DataFrame(
        {
            t("col.code"): frame["measure"],
            t("report_excel.col.field"): frame["field"].map(field_label),
            t("report_excel.col.current"): _values(frame, "current"),
            t("report_excel.col.new"): _values(frame, "new"),
            t("report_excel.col.outcome"): frame["outcome"].map(lambda o: t(f"report_excel.outcome.{o}")),
            t("report.col.reason"): [
                error_text(key, params) if key else ""
                for key, params in zip(frame["reason"], frame["params"], strict=True)
            ],
            t("report_excel.col.notice"): frame["notice"].map(
                lambda n: t(f"report_excel.notice.{n}") if n else ""
            ),
        }
    )


def _values(frame: pd.DataFrame, column: str) -> list[str]:
    return [field_value(f, v) for f, v in zip(frame["field"], frame[column], strict=True)]


def _confirm(actor, month: str, uploaded: UploadedReport, all_or_nothing: bool, plan_code: str) -> None:
    try:
        with session_scope(db()) as session:
            result = submit_reports(
                session,
                actor=actor,
                month=month,
                rows=uploaded.rows,
                all_or_nothing=all_or_nothing,
                channel="excel",
                plan_code=plan_code,
            )
    except ReportRejected as error:
        with result_box(uuid4()):
            st.error(refusal_text(error))
        return
    st.session_state["excel-result"] = (result, all_or_nothing)
    if not (all_or_nothing and result.rejected):  # kept when nothing was stored, to try again
        st.session_state.pop(f"excel-upload-{month}", None)
        st.session_state["excel-round"] = st.session_state.get("excel-round", 0) + 1
    st.rerun()


def _show_last_result() -> None:
    found = st.session_state.pop("excel-result", None)
    if found is None:
        return
    result, all_or_nothing = found
    show_submit_result(result, stored=not (all_or_nothing and result.rejected))


show()
