"""Load a plan file: validate it whole, show what would change, store it on confirmation."""

import io

import pandas as pd
import streamlit as st

from monitoring.auth import require_manager
from monitoring.db import session_scope
from monitoring.plan_store import current_version, load_plan, pending_changes, stored_plan
from pages._widgets import db, language, session_user, t
from plan import PlanInvalid, read_plan_bytes
from plan.io import plan_json_schema_text
from plan.workbook import write_plan_workbook


def show() -> None:
    actor = session_user()
    if actor is None or not actor.manages:
        st.stop()
    st.title(t("nav.load_plan"), anchor=False)
    st.write(t("load.intro"))
    _downloads()
    upload = st.file_uploader(t("load.file"), type=["yaml", "yml", "json", "xlsx"])
    if upload is None:
        return
    try:
        plan = read_plan_bytes(upload.getvalue(), name=upload.name)
    except PlanInvalid as error:
        _refused(error)
        return
    st.success(t("load.valid", summary=_summary(plan)))
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
        st.success(t("load.stored", version=result.version.version, code=plan.plan.code))


def _refused(error: PlanInvalid) -> None:
    lang = language()
    st.error(t("load.refused", count=len(error.problems)), icon=":material/block:")
    rows = [
        {
            t("load.where"): p.record or p.file,
            t("load.field"): p.field,
            t("load.problem"): p.message(lang),
        }
        for p in error.problems
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _summary(plan) -> str:
    return t(
        "load.summary",
        axes=len(plan.axes),
        objectives=len(plan.objectives),
        measures=len(plan.measures),
        indicators=len(plan.indicators()),
        bodies=len(plan.bodies),
    )


def _changes_table(changes) -> pd.DataFrame:
    rows = [(t("change.added"), c) for c in changes.added]
    rows += [(t("change.removed"), c) for c in changes.removed]
    rows += [(t("change.changed"), c) for c in changes.changed]
    return pd.DataFrame(
        {
            t("change.what"): [what for what, _ in rows],
            t("change.kind"): [c.kind for _, c in rows],
            t("change.code"): [c.code for _, c in rows],
            t("change.fields"): [", ".join(c.fields) for _, c in rows],
        }
    )


def _downloads() -> None:
    left, right = st.columns(2)
    left.download_button(
        t("load.download_schema"),
        plan_json_schema_text(),
        file_name="plan.schema.json",
        mime="application/json",
        icon=":material/data_object:",
    )
    with session_scope(db()) as session:
        version = current_version(session)
    if version is not None:
        right.download_button(
            t("load.download_template"),
            _workbook_bytes(version.id, version.content_hash, version),
            file_name=f"{version.plan_code}-v{version.version}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/table_view:",
        )


@st.cache_data(show_spinner=False, max_entries=4)
def _workbook_bytes(version_id: int, content_hash: str, _version) -> bytes:
    buffer = io.BytesIO()
    write_plan_workbook(stored_plan(_version), buffer)
    return buffer.getvalue()


show()
