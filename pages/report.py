"""Monthly reporting: a focal point's measures for the month in one table, then submit."""

from uuid import uuid4

import pandas as pd
import streamlit as st

from monitoring.db import DATABASE_DOWN, session_scope
from monitoring.reporting import (
    REPORT_FIELDS,
    body_month_state,
    reportable_measures,
    save_draft,
    submit_no_change,
    submit_reports,
)
from monitoring.rules import Pace, ReportRejected, Stage
from pages._widgets import (
    db,
    language,
    month_picker,
    refusal_text,
    require_plan,
    result_box,
    session_user,
    show_submit_result,
    t,
    unit_label,
)

ROW_FIELDS = REPORT_FIELDS


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan()
    st.title(t("nav.report"), anchor=False)
    month = month_picker(plan.plan.start)
    _body_states(actor, version.plan_code, month)
    try:
        rows = _base_rows(actor, month)
    except ReportRejected as error:
        st.error(refusal_text(error))
        return
    if not rows:
        st.info(t("report.no_measures"))
        return
    _show_last_result(month)
    st.caption(t("report.help"))
    st.caption(t("report.keyboard_hint"))
    titles = {m.code: m.title.in_(language()) for m in plan.measures}
    edited = _measure_editor(rows, titles, month)
    values = _indicator_editor(rows, plan, month)
    _keep_drafts(actor, month, rows, edited, values)
    left, right = st.columns([1, 3])
    if left.button(t("report.submit"), type="primary", icon=":material/send:"):
        _submit(
            actor,
            month,
            lambda s: submit_reports(s, actor=actor, month=month, rows=rows_from(rows, edited, values)),
        )
    if right.button(t("report.no_change"), help=t("report.no_change.help"), icon=":material/done_all:"):
        _submit(actor, month, lambda s: submit_no_change(s, actor=actor, month=month))


def _base_rows(actor, month: str) -> list[dict]:
    """The month's rows as loaded once per visit, so edits in the table stay put."""
    key = f"base-{actor.id}-{month}"
    if key not in st.session_state:
        with session_scope(db()) as session:
            st.session_state[key] = reportable_measures(session, actor=actor, month=month)
    return st.session_state[key]


def _body_states(actor, plan_code: str, month: str) -> None:
    if not actor.bodies:
        return
    with session_scope(db()) as session:
        states = {b: body_month_state(session, plan_code, month, b) for b in sorted(actor.bodies)}
    text = " · ".join(
        f"**{body}**: {t('month_state.' + (state or 'none'))}" for body, state in states.items()
    )
    st.markdown(text)


def _measure_editor(rows: list[dict], titles: dict[str, str], month: str) -> pd.DataFrame:
    stages = {s.value: t(f"stage.{s.value}") for s in Stage}
    paces = {p.value: t(f"pace.{p.value}") for p in Pace}
    frame = pd.DataFrame(
        {
            "measure": [r["measure"] for r in rows],
            "title": [titles.get(r["measure"], "") for r in rows],
            "status": [_row_status(r) for r in rows],
            "stage": [stages[r["stage"]] for r in rows],
            # Empty cells hold <NA>, which the grid shows as empty (None would read as text).
            "pace": pd.Series(
                [paces.get(r["pace"] or "") if r["continuous"] else None for r in rows], dtype="string"
            ),
            "percent": pd.Series([r["percent"] for r in rows], dtype="Int64"),
            "done": [r["done"] for r in rows],
            "obstacles": [r["obstacles"] for r in rows],
            "next_steps": [r["next_steps"] for r in rows],
            "evidence": [" ".join(r["evidence"]) for r in rows],
            "justification": [r.get("justification", "") for r in rows],
            "outlier_note": [r.get("outlier_note", "") for r in rows],
        }
    )
    config = {
        "measure": st.column_config.TextColumn(t("col.code"), disabled=True, width="small", pinned=True),
        "title": st.column_config.TextColumn(t("col.title"), disabled=True, width="medium", pinned=True),
        "status": st.column_config.TextColumn(t("report.col.status"), disabled=True, width="medium"),
        "stage": st.column_config.SelectboxColumn(
            t("report.col.stage"), options=list(stages.values()), required=True
        ),
        "pace": st.column_config.SelectboxColumn(
            t("report.col.pace"), options=list(paces.values()), help=t("report.col.pace.help")
        ),
        "percent": st.column_config.NumberColumn(t("report.col.percent"), min_value=0, max_value=100, step=1),
        "done": st.column_config.TextColumn(t("report.col.done"), max_chars=4000, width="large"),
        "obstacles": st.column_config.TextColumn(t("report.col.obstacles"), max_chars=4000),
        "next_steps": st.column_config.TextColumn(t("report.col.next_steps"), max_chars=4000),
        "evidence": st.column_config.TextColumn(t("report.col.evidence"), help=t("report.col.evidence.help")),
        "justification": st.column_config.TextColumn(
            t("report.col.justification"), help=t("report.col.justification.help")
        ),
        "outlier_note": st.column_config.TextColumn(
            t("report.col.outlier_note"), help=t("report.col.outlier_note.help")
        ),
    }
    return st.data_editor(
        frame,
        column_config=config,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        placeholder="",
        height=min(36 * len(frame) + 40, 720),
        key=f"editor-{month}-{language()}",
    )


def _row_status(row: dict) -> str:
    if row["draft"]:
        return t("report.status.draft")
    if row["reported"]:
        return t("report.status.reported")
    return t("report.status.carried") if row["carried"] else t("report.status.new")


def _indicator_editor(rows: list[dict], plan, month: str) -> pd.DataFrame:
    indicators = {i.code: i for _, i in plan.indicators()}
    lines = [
        {
            "measure": r["measure"],
            "indicator": code,
            "name": indicators[code].name.in_(language()),
            "unit": unit_label(indicators[code].unit),
            "value": value,
        }
        for r in rows
        for code, value in r["indicators"].items()
        if code in indicators
    ]
    if not lines:
        return pd.DataFrame(columns=["measure", "indicator", "value"])
    st.subheader(t("report.indicators"), anchor=False)
    config = {
        "measure": st.column_config.TextColumn(t("col.code"), disabled=True, width="small"),
        "indicator": st.column_config.TextColumn(t("report.col.indicator"), disabled=True, width="small"),
        "name": st.column_config.TextColumn(t("col.name"), disabled=True, width="large"),
        "unit": st.column_config.TextColumn(t("col.unit"), disabled=True, width="small"),
        "value": st.column_config.NumberColumn(t("report.col.value"), format="%g"),
    }
    table = pd.DataFrame(lines).astype({"value": "Float64"})
    return st.data_editor(
        table,
        column_config=config,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        placeholder="",
        height=min(36 * len(table) + 40, 540),
        key=f"indicators-{month}-{language()}",
    )


def rows_from(rows: list[dict], edited: pd.DataFrame, values: pd.DataFrame) -> list[dict]:
    """The submission: each measure's row from the table, with its indicator values."""
    stage_of = {t(f"stage.{s.value}"): s.value for s in Stage}
    pace_of = {t(f"pace.{p.value}"): p.value for p in Pace}
    out = []
    for base, (_, row) in zip(rows, edited.iterrows(), strict=True):
        mine = values[values["measure"] == base["measure"]] if not values.empty else values
        out.append(
            {
                "measure": base["measure"],
                "stage": stage_of.get(row["stage"], row["stage"]),
                "pace": pace_of.get(_text(row["pace"])) if base["continuous"] else None,
                "percent": _number(row["percent"]),
                **{name: _text(row[name]) for name in ROW_FIELDS[3:]},
                "indicators": {
                    line["indicator"]: _number(line["value"], whole=False) for _, line in mine.iterrows()
                },
                "based_on": base["based_on"],
            }
        )
    return out


def _number(value, whole: bool = True):
    if value is None or pd.isna(value):
        return None
    return int(value) if whole and float(value).is_integer() else float(value)


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _keep_drafts(actor, month: str, rows: list[dict], edited: pd.DataFrame, values: pd.DataFrame) -> None:
    """Save every row that differs from what was loaded, on the server, before submit."""
    saved = st.session_state.setdefault(f"drafts-{actor.id}-{month}", {})
    for row in rows_from(rows, edited, values):
        base = next(r for r in rows if r["measure"] == row["measure"])
        payload = {k: row[k] for k in ROW_FIELDS} | {"indicators": row["indicators"]}
        payload["evidence"] = row["evidence"].split()
        original = {k: base.get(k, "") for k in ROW_FIELDS} | {"indicators": base["indicators"]}
        if payload != original and saved.get(row["measure"]) != payload:
            try:
                with session_scope(db()) as session:
                    save_draft(session, actor=actor, month=month, measure=row["measure"], payload=payload)
            except DATABASE_DOWN:
                st.warning(t("report.draft_not_saved"))
                return
            saved[row["measure"]] = payload


def _submit(actor, month: str, action) -> None:
    try:
        with session_scope(db()) as session:
            result = action(session)
    except ReportRejected as error:
        with result_box(uuid4()):
            st.error(refusal_text(error))
        return
    except DATABASE_DOWN:
        # Nothing was written (the transaction rolled back); the edits stay in the table.
        with result_box(uuid4()):
            st.error(t("error.database_unavailable"))
        return
    st.session_state["report_result"] = (month, result)
    for key in [
        k for k in st.session_state if str(k).startswith(("base-", "drafts-", "editor-", "indicators-"))
    ]:
        del st.session_state[key]
    st.rerun()


def _show_last_result(month: str) -> None:
    """The last submission's outcome stays until the next one (the grids rerun the page once
    after a submit, so a message shown only once would vanish before it is read)."""
    shown_for, result = st.session_state.get("report_result", (None, None))
    if result is None or shown_for != month:
        return
    show_submit_result(result)


show()
