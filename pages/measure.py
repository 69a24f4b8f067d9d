"""One measure: everything the plan says about it, its bodies and its indicators."""

import pandas as pd
import streamlit as st

from monitoring import formats
from monitoring.audit import measure_history
from monitoring.catalog import ministry_of
from monitoring.db import session_scope
from monitoring.plan_store import last_version_with
from monitoring.provenance import figure_bases, footnote
from pages._widgets import (
    basis_column,
    date_text,
    db,
    deadline_text,
    language,
    moment_texts,
    month_text,
    plain,
    plan_param,
    plan_text,
    require_plan,
    session_user,
    t,
    unit_label,
)


def _history(plan_code: str, code: str) -> None:
    """Month by month what was reported, by whom: for signed-in people only (it holds names)."""
    st.subheader(t("measure.history"), anchor=False)
    with session_scope(db()) as session:
        history = measure_history(session, plan_code=plan_code, measure=code)
    if history.empty:
        st.caption(t("measure.no_history"))
        return
    table = pd.DataFrame(
        {
            t("audit.col.month"): history["month"].map(month_text),
            t("report.col.stage"): history["stage"].map(lambda s: t(f"stage.{s}")),
            t("report.col.percent"): history["percent"],
            t("report.col.done"): history["done"],
            t("report.col.obstacles"): history["obstacles"],
            t("report.col.next_steps"): history["next_steps"],
            t("report.col.evidence"): history["evidence"].map(" ".join),
            t("report.indicators"): history["indicators"].map(
                lambda v: ", ".join(f"{c}: {formats.number(n, language())}" for c, n in sorted(v.items()))
            ),
            t("audit.col.author"): history["author"],
            t("audit.col.at"): history["submitted_at"].map(moment_texts()),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", placeholder="—")


def show() -> None:
    version, plan = require_plan()
    lang = language()
    codes = {m.code: f"{m.code} · {m.title.in_(lang)}" for m in plan.measures}
    asked = st.query_params.get("code", next(iter(codes)))
    if asked not in codes and _removed(version.plan_code, asked, lang):
        return
    if asked not in codes:
        st.warning(t("measure.unknown", code=asked))
        asked = next(iter(codes))
    code = st.sidebar.selectbox(
        t("measure.pick"), list(codes), index=list(codes).index(asked), format_func=codes.get
    )
    st.query_params["code"] = code
    measure = next(m for m in plan.measures if m.code == code)
    objective = next(o for o in plan.objectives if o.code == measure.objective)
    axis = next(a for a in plan.axes if a.code == objective.axis)
    with plan_text(plan):
        st.title(f"{measure.code} · {measure.title.in_(lang)}", anchor=False)
    st.caption(
        f"{t('measure.axis')} {axis.code} · {axis.title.in_(lang)}  \n"
        f"{t('measure.objective')} {objective.gcm_number} · {objective.title.in_(lang)}"
    )
    if measure.description:
        with plan_text(plan):
            st.write(measure.description.in_(lang))
    _facts(plan, measure, lang)
    _indicators(plan, measure, lang)
    if session_user() is not None:
        _history(version.plan_code, measure.code)
    if measure.wording_basis is not None:
        st.caption(t(f"wording.{measure.wording_basis.value}"))
    st.caption(f"{t('measure.source')}: {measure.source}")
    st.page_link(
        "pages/plan.py",
        label=t("measure.back"),
        icon=":material/arrow_back:",
        query_params={"lang": lang, **plan_param()},
    )


def _removed(plan_code: str, code: str, lang: str) -> bool:
    """A measure removed from the plan keeps its history, shown under the version it belonged to."""
    with session_scope(db()) as session:
        found = last_version_with(session, plan_code, code)
    if found is None:
        return False
    version, plan = found
    measure = next(m for m in plan.measures if m.code == code)
    st.title(f"{measure.code} · {measure.title.in_(lang)}", anchor=False)
    st.warning(t("measure.removed", code=code, version=version.version), icon=":material/history:")
    if session_user() is not None:
        _history(plan_code, code)
    return True


def _facts(plan, measure, lang: str) -> None:
    names = {b.code: b.name.in_(lang) for b in plan.bodies}
    ministry = ministry_of(plan, measure.lead_body)
    left, middle, right = st.columns(3)
    with left.container(border=True):
        st.markdown(f"**{t('measure.lead_body')}**  \n{names[measure.lead_body]}")
        if ministry != measure.lead_body:
            st.caption(f"{t('measure.ministry')}: {names[ministry]}")
    with middle.container(border=True):
        involved = "  \n".join(names[c] for c in measure.co_bodies) or t("measure.no_co_bodies")
        st.markdown(f"**{t('measure.co_bodies')}**  \n{involved}")
    with right.container(border=True):
        st.markdown(f"**{t('measure.deadline')}**  \n{deadline_text(measure.deadline, measure.continuous)}")


def _indicators(plan, measure, lang: str) -> None:
    st.subheader(t("measure.indicators"), anchor=False)
    if not measure.indicators:
        st.caption(t("measure.no_indicators"))
        return
    table = pd.DataFrame(
        {
            t("col.code"): [i.code for i in measure.indicators],
            t("col.name"): [i.name.in_(lang) for i in measure.indicators],
            t("col.baseline"): [formats.number(i.baseline, lang) for i in measure.indicators],
            t("col.target"): [formats.number(i.target, lang) for i in measure.indicators],
            t("col.unit"): [unit_label(i.unit) for i in measure.indicators],
            t("col.target_date"): [date_text(i.target_date) for i in measure.indicators],
            t("col.baseline_date"): [date_text(i.baseline_date) for i in measure.indicators],
            t("col.kind"): [t(f"indicator.kind.{i.kind.value}") for i in measure.indicators],
            t("col.direction"): [t(f"direction.{i.direction.value}") for i in measure.indicators],
        }
    )
    bases = figure_bases(plan).set_index("indicator").loc[[i.code for i in measure.indicators]]
    words = basis_column(bases)
    if any(words):
        table.insert(4, t("col.basis"), words)
        table.insert(5, t("col.figures_source"), bases["figures_source"].tolist())
    config = {
        t("col.name"): st.column_config.TextColumn(width="large"),
        t("col.basis"): st.column_config.TextColumn(help=t("col.basis.help")),
        t("col.figures_source"): st.column_config.TextColumn(width="large"),
    }
    st.dataframe(table, hide_index=True, width="stretch", placeholder="—", column_config=config)
    if any(words):
        st.caption(plain(footnote(lang)))


show()
