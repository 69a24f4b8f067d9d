"""Load a plan file: validate it whole, show what would change, store it on confirmation; and
mark which stored plans are active, ended or archived. After each action the page shows the
new state at once, with the message at the top."""

import io

import pandas as pd
import streamlit as st

from monitoring.auth import require_manager
from monitoring.catalog import plan_size_text
from monitoring.db import session_scope
from monitoring.plan_store import (
    PlanStatus,
    load_plan,
    pending_changes,
    plan_entries,
    set_plan_status,
    stored_plan,
)
from monitoring.rules import ReportRejected
from monitoring.tables import PlanVersion
from pages._widgets import date_text, db, flash, language, refusal_text, session_user, show_flash, t, tn
from plan import PlanInvalid, read_plan_bytes
from plan.io import plan_json_schema_text
from plan.workbook import write_plan_workbook


def show() -> None:
    actor = session_user()
    if actor is None or not actor.manages:
        st.stop()
    st.title(t("nav.load_plan"), anchor=False)
    show_flash()
    with session_scope(db()) as session:
        entries = plan_entries(session)
    _plans(actor, entries)
    st.subheader(t("load.new"), anchor=False)
    st.write(t("load.intro"))
    _downloads(entries)
    round_ = st.session_state.get("load-round", 0)
    upload = st.file_uploader(t("load.file"), type=["yaml", "yml", "json", "xlsx"], key=f"plan-file-{round_}")
    if upload is None:
        return
    try:
        plan = read_plan_bytes(upload.getvalue(), name=upload.name)
    except PlanInvalid as error:
        _refused(error)
        return
    st.success(t("load.valid", summary=plan_size_text(plan, language())))
    with session_scope(db()) as session:
        changes = pending_changes(session, plan)
    if changes.is_empty:
        st.info(t("load.no_changes"))
        return
    st.subheader(t("load.changes"), anchor=False)
    st.dataframe(_changes_table(changes), hide_index=True, width="stretch")
    if st.button(t("load.confirm"), type="primary"):
        with session_scope(db()) as session:
            require_manager(actor)
            result = load_plan(session, plan, source_name=upload.name, loaded_by=actor.email)
        flash(t("load.stored", version=result.version.version, code=plan.plan.code))
        st.session_state["load-round"] = round_ + 1  # a fresh uploader: the stored file is done with
        st.rerun()


def _plans(actor, entries) -> None:
    """The stored plans with their state; the secretariat marks them active, ended or archived."""
    st.subheader(t("plans.title"), anchor=False)
    if not entries:
        st.info(t("plan.no_plan"))
        return
    lang = language()
    st.dataframe(
        pd.DataFrame(
            {
                t("plans.col.code"): [e.code for e in entries],
                t("plans.col.title"): [e.title(lang) for e in entries],
                t("plans.col.period"): [
                    f"{date_text(e.version.start)} – {date_text(e.version.end)}" for e in entries
                ],
                t("plans.col.version"): [e.version.version for e in entries],
                t("plans.col.status"): [t(f"plan.status.{e.status.value}") for e in entries],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("plans.help"))
    with st.form("plan_status", border=True):
        left, right = st.columns(2)
        code = left.selectbox(t("plans.col.code"), [e.code for e in entries])
        statuses = [s.value for s in PlanStatus]
        status = right.selectbox(t("plans.col.status"), statuses, format_func=lambda s: t(f"plan.status.{s}"))
        if st.form_submit_button(t("plans.set_status")):
            try:
                with session_scope(db()) as session:
                    require_manager(actor)
                    set_plan_status(session, plan_code=code, status=status, changed_by=actor.email)
            except ReportRejected as error:
                st.error(refusal_text(error))
                return
            flash(t("plans.status_set", code=code, status=t(f"plan.status.{status}")))
            st.rerun()


def _refused(error: PlanInvalid) -> None:
    lang = language()
    st.error(tn("load.refused", len(error.problems)), icon=":material/block:")
    rows = [
        {
            t("load.where"): p.record or p.file,
            t("load.field"): p.field,
            t("load.problem"): p.message(lang),
        }
        for p in error.problems
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _changes_table(changes) -> pd.DataFrame:
    rows = [(t("change.added"), c) for c in changes.added]
    rows += [(t("change.removed"), c) for c in changes.removed]
    rows += [(t("change.changed"), c) for c in changes.changed]
    return pd.DataFrame(
        {
            t("change.what"): [what for what, _ in rows],
            t("change.kind"): [t(f"change.kind.{c.kind}") for _, c in rows],
            t("change.code"): [c.code for _, c in rows],
            t("change.fields"): [", ".join(c.fields) for _, c in rows],
        }
    )


def _downloads(entries) -> None:
    left, right = st.columns(2)
    left.download_button(
        t("load.download_schema"),
        plan_json_schema_text(),
        file_name="plan.schema.json",
        mime="application/json",
        icon=":material/data_object:",
    )
    chosen = st.session_state.get("plan")
    entry = next((e for e in entries if e.code == chosen), entries[-1] if entries else None)
    if entry is not None:
        version = entry.version
        right.download_button(
            t("load.download_template", code=version.plan_code),
            _workbook_bytes(version.id, version.content_hash),
            file_name=f"{version.plan_code}-v{version.version}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/table_view:",
        )


@st.cache_data(show_spinner=False, max_entries=4)
def _workbook_bytes(version_id: int, content_hash: str) -> bytes:
    with session_scope(db()) as session:
        plan = stored_plan(session.get(PlanVersion, version_id))
    buffer = io.BytesIO()
    write_plan_workbook(plan, buffer)
    return buffer.getvalue()


show()
