"""Indicators against their baselines and targets: a table of all, and one indicator's path."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from monitoring import formats
from monitoring.palette import ALERT_COLOUR, STAGE_COLOURS
from monitoring.progress import indicator_status
from monitoring.provenance import footnote, marked_number, with_bases
from pages._widgets import (
    as_of_controls,
    basis_column,
    basis_note,
    chart,
    date_text,
    indicator_series_of,
    language,
    month_text,
    plain,
    reconstruction_notice,
    require_plan,
    session_user,
    t,
    unit_label,
)


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor)
    st.title(t("nav.indicators"), anchor=False)
    reconstruction_notice(plan)
    view = as_of_controls(plan)
    basis_note(plan, view)
    series = indicator_series_of(plan, view)
    status = with_bases(plan, indicator_status(plan, series, as_of=view.as_of))
    names = {i.code: i.name.in_(language()) for _, i in plan.indicators()}
    _table(status, names)
    codes = status["indicator"].tolist()
    if not codes:
        st.info(t("indicators.none"))
        return
    asked = st.query_params.get("indicator", codes[0])
    code = st.selectbox(
        t("report.col.indicator"),
        codes,
        index=codes.index(asked) if asked in codes else 0,
        format_func=lambda c: f"{c} · {names[c]}",
    )
    st.query_params["indicator"] = code
    _chart(plan, series, status.set_index("indicator").loc[code], names[code])


def _table(status: pd.DataFrame, names: dict[str, str]) -> None:
    table = pd.DataFrame(
        {
            t("report.col.indicator"): status["indicator"],
            t("col.name"): status["indicator"].map(names),
            t("col.unit"): status["unit"].map(unit_label),
            t("indicators.latest"): status["latest"].map(lambda v: formats.number(v, language())),
            t("col.target"): status["target"].map(lambda v: formats.number(v, language())),
            t("indicators.percent"): status["percent_of_target"].map(
                lambda v: "" if v is None or pd.isna(v) else formats.percent(v / 100, language(), decimals=0)
            ),
            t("indicators.status"): status["status"].map(lambda s: t(f"indicators.status.{s}")),
            t("col.baseline"): status["baseline"].map(lambda v: formats.number(v, language())),
            t("col.basis"): basis_column(status),
            t("col.target_date"): status["target_date"].map(date_text),
            t("indicators.latest_month"): status["latest_month"].map(lambda m: month_text(m) if m else ""),
            t("col.code"): status["measure"],
        }
    )
    config = {
        t("col.name"): st.column_config.TextColumn(width="large"),
        t("col.basis"): st.column_config.TextColumn(help=t("col.basis.help")),
    }
    if not table[t("col.basis")].any():
        table = table.drop(columns=[t("col.basis")])
    st.dataframe(table, hide_index=True, width="stretch", placeholder="—", column_config=config)
    if t("col.basis") in table:
        st.caption(plain(footnote(language())))


def _chart(plan, series: pd.DataFrame, row: pd.Series, name: str) -> None:
    own = series[series["indicator"] == row.name].sort_values("month")
    unit = unit_label(row["unit"])
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=own["month"].map(month_text),
            y=own["value"],
            mode="lines+markers",
            name=t("indicators.value"),
            line={"color": STAGE_COLOURS["continuous"]},
        )
    )
    if _number(row["target"]) is not None and _number(row["baseline"]) is not None:
        low, high = sorted((row["baseline"], row["target"]))
        figure.add_hrect(y0=low, y1=high, fillcolor=STAGE_COLOURS["completed"], opacity=0.08, line_width=0)
    if _number(row["target"]) is not None:
        figure.add_hline(
            y=row["target"],
            line_dash="dash",
            line_color=STAGE_COLOURS["completed"],
            annotation_text=f"{t('col.target')}: "
            f"{marked_number(row['target'], row['target_basis'], language())} {unit}",
        )
    if _number(row["baseline"]) is not None:
        figure.add_hline(
            y=row["baseline"],
            line_dash="dot",
            line_color=ALERT_COLOUR,
            annotation_text=f"{t('col.baseline')}: "
            f"{marked_number(row['baseline'], row['baseline_basis'], language())} {unit}",
            annotation_position="bottom right",
        )
    figure.update_layout(
        separators=formats.plotly_separators(language()),
        title=f"{row.name} · {name}",
        xaxis_title=t("trends.month"),
        yaxis_title=f"{t('indicators.value')} ({unit})",
    )
    status = t(f"indicators.status.{row['status']}")
    alt = t("chart.alt.indicator", title=f"{row.name} · {name}", points=len(own), status=status)
    table = pd.DataFrame(
        {
            t("trends.month"): own["month"].map(month_text),
            f"{t('indicators.value')} ({unit})" if unit else t("indicators.value"): own["value"],
            t("col.baseline"): _number(row["baseline"]),
            t("col.target"): _number(row["target"]),
        }
    )
    chart(figure, alt=alt, table=table)
    st.caption(status + " · " + t("indicators.method"))
    if row["figures_source"]:
        st.caption(f"† {row['figures_source']}")


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


show()
