"""The monthly report as it was before the per-measure cards: one wide data grid of the month's
measures and one of their indicators, every edit kept as a server draft. Kept only as the
comparison for `reporting_benchmark` (a rerun after editing one row); the app no longer uses it.

Run by AppTest with `person` (a user id), `month` and `plan` in the session state.
"""

import pandas as pd
import streamlit as st

from monitoring.auth import actor_for
from monitoring.db import default_engine, session_scope
from monitoring.reporting import REPORT_FIELDS, reportable_measures, save_draft
from monitoring.rules import Pace, Stage
from monitoring.tables import User

COLUMNS = ("measure", "title", "status", "stage", "pace", "percent", *REPORT_FIELDS[3:])


def rows_once(actor, month: str, plan_code: str) -> list[dict]:
    if "grid-rows" not in st.session_state:
        with session_scope(default_engine()) as session:
            rows = reportable_measures(session, actor=actor, month=month, plan_code=plan_code)
        st.session_state["grid-rows"] = rows
    return st.session_state["grid-rows"]


def grid(rows: list[dict]) -> pd.DataFrame:
    stages = {s.value: s.value for s in Stage}
    paces = [p.value for p in Pace]
    frame = pd.DataFrame(
        {
            "measure": [r["measure"] for r in rows],
            "title": [r["measure"] for r in rows],
            "status": ["" for _ in rows],
            "stage": [r["stage"] for r in rows],
            "pace": pd.Series([r["pace"] for r in rows], dtype="string"),
            "percent": pd.Series([r["percent"] for r in rows], dtype="Int64"),
            **{name: [str(r.get(name) or "") for r in rows] for name in REPORT_FIELDS[3:]},
        }
    )
    config = {
        "stage": st.column_config.SelectboxColumn("stage", options=list(stages), required=True),
        "pace": st.column_config.SelectboxColumn("pace", options=paces),
        "percent": st.column_config.NumberColumn("percent", min_value=0, max_value=100, step=1),
    }
    return st.data_editor(frame, column_config=config, hide_index=True, num_rows="fixed", key="grid")


def indicator_grid(rows: list[dict]) -> pd.DataFrame:
    lines = [
        {"measure": r["measure"], "indicator": c, "value": v}
        for r in rows
        for c, v in r["indicators"].items()
    ]
    table = pd.DataFrame(lines, columns=["measure", "indicator", "value"]).astype({"value": "Float64"})
    return st.data_editor(table, hide_index=True, num_rows="fixed", key="indicator-grid")


def keep_drafts(actor, month: str, plan_code: str, rows: list[dict], edited: pd.DataFrame) -> None:
    saved = st.session_state.setdefault("grid-drafts", {})
    for base, (_, row) in zip(rows, edited.iterrows(), strict=True):
        payload = {name: (None if pd.isna(row[name]) else row[name]) for name in REPORT_FIELDS}
        payload["evidence"] = str(payload["evidence"] or "").split()
        original = {name: base.get(name) for name in REPORT_FIELDS}
        if payload != original and saved.get(base["measure"]) != payload:
            with session_scope(default_engine()) as session:
                save_draft(session, actor=actor, month=month, measure=base["measure"], payload=payload,
                           plan_code=plan_code)  # fmt: skip
            saved[base["measure"]] = payload


with session_scope(default_engine()) as session:
    person = actor_for(session, session.get(User, st.session_state["person"]))
month, plan_code = st.session_state["month"], st.session_state["plan"]
rows = rows_once(person, month, plan_code)
edited = grid(rows)
indicator_grid(rows)
keep_drafts(person, month, plan_code, rows, edited)
