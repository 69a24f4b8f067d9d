"""The public balance: what the yearly balance publishes, for anyone, without signing in."""

import plotly.express as px
import streamlit as st

from monitoring import formats
from monitoring.dashboard import closed_months, last_closed
from monitoring.db import session_scope
from monitoring.export import balance_tables, basis_text, public_tables
from monitoring.progress import Basis
from monitoring.provenance import basis_summary, footnote, has_unofficial_figures
from monitoring.rules import ReportRejected
from pages._widgets import (
    chart,
    db,
    language,
    month_names,
    plain,
    reconstruction_notice,
    refusal_text,
    require_plan,
    stage_colours,
    stage_label,
    stage_summary,
    t,
)


def show() -> None:
    version, plan = require_plan()  # the plans anyone may see, whoever is signed in
    lang = language()
    st.title(t("public.title"), anchor=False)
    reconstruction_notice(plan)
    st.caption(f"{plan.plan.title.in_(lang)} · {plan.plan.legal_basis}")
    months = closed_months(plan)
    default = last_closed(plan)  # within the plan's period plus its follow-up
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    index = months.index(default) if default in months else 0
    as_of = left.selectbox(t("dash.as_of"), months, index=index, format_func=month_names())
    bases = {b.value: t(f"dash.basis.{b.value}") for b in Basis}
    basis = right.segmented_control(
        t("dash.basis"), list(bases), format_func=bases.get, default=Basis.RECORD.value, key="public_basis"
    )
    try:
        with session_scope(db()) as session:
            balance = balance_tables(
                session, as_of=as_of, language=lang, basis=basis or Basis.RECORD, plan_code=version.plan_code
            )
    except ReportRejected as error:
        st.info(refusal_text(error))
        return
    st.write(t("public.method"))
    st.caption(basis_text(balance))
    _headline(balance.counts)
    tables = public_tables(balance)
    _axis_chart(balance.tables["by_axis"])
    for name in ("by_objective", "measures", "indicators"):
        st.subheader(t(f"public.section.{name}"), anchor=False)
        st.dataframe(tables[name], hide_index=True, width="stretch", placeholder="—")
    if has_unofficial_figures(plan):
        st.caption(plain(f"{basis_summary(plan, lang)} {footnote(lang)}"))


def _headline(counts: dict[str, int]) -> None:
    keys = ("completed", "in_progress", "not_started", "continuous", "overdue")
    for column, key in zip(st.columns(len(keys)), keys, strict=True):
        column.metric(stage_label(key) if key != "overdue" else t("dash.metric.overdue"), counts[key])


def _axis_chart(by_axis) -> None:
    long = by_axis.melt(
        id_vars=["axis", "axis_title"],
        value_vars=["not_started", "in_progress", "completed", "continuous"],
        var_name="stage",
        value_name="n",
    )
    long["stage"] = long["stage"].map(stage_label)
    figure = px.bar(
        long,
        x="axis",
        y="n",
        color="stage",
        text="n",
        title=t("dash.chart.by_axis"),
        hover_data={"axis_title": True},
        color_discrete_map=stage_colours(),
        category_orders={
            "axis": by_axis["axis"].tolist(),
            "stage": list(stage_colours()),
        },  # the plan's order
        labels={"axis": t("filter.axis"), "n": t("dash.chart.measures"), "stage": t("report.col.stage")},
    )
    order = [stage_label(s) for s in ("not_started", "in_progress", "completed", "continuous")]
    totals = long.groupby("stage")["n"].sum().reindex(order).dropna()
    alt = t(
        "chart.alt.stacked",
        title=t("dash.chart.by_axis"),
        x=t("filter.axis"),
        summary=stage_summary(totals.to_dict()),
    )
    table = by_axis[["axis", "axis_title", "not_started", "in_progress", "completed", "continuous"]].rename(
        columns={
            "axis": t("filter.axis"),
            "axis_title": t("col.name"),
            **{s: stage_label(s) for s in ("not_started", "in_progress", "completed", "continuous")},
        }
    )
    figure.update_layout(separators=formats.plotly_separators(language()))
    chart(figure, alt=alt, table=table)


show()
