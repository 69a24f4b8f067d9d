"""Ministries and bodies: which measures each one leads or takes part in."""

import plotly.express as px
import streamlit as st

from monitoring.catalog import body_measures
from monitoring.palette import BRAND_COLOUR
from pages._widgets import bodies, body_options, chart, language, measures, require_plan, show_measures, t, tn


def show() -> None:
    version, plan = require_plan()
    lang = language()
    st.title(t("nav.bodies"), anchor=False)
    frame = measures(version.id, plan, lang)
    table = bodies(version.id, plan, lang)
    _chart(plan, frame)
    options = {"": t("bodies.all"), **body_options(plan, lang)}
    asked = st.query_params.get("body", "")
    code = st.selectbox(
        t("bodies.pick"),
        list(options),
        format_func=options.get,
        index=list(options).index(asked) if asked in options else 0,
    )
    if code:
        st.query_params["body"] = code
        _one_body(plan, table, frame, code, lang)
    else:
        st.query_params.pop("body", None)
        _all_bodies(table)


def _chart(plan, frame) -> None:
    counts = frame.groupby("ministry", sort=False).size()
    names = dict(zip(frame["ministry"], frame["ministry_name"], strict=True))
    order = [b.code for b in plan.bodies if b.code in counts.index]  # the plan's order, top to bottom
    counts = counts.reindex(order).rename(index=names).rename_axis("ministry_name").reset_index(name="n")
    figure = px.bar(
        counts,
        x="n",
        y="ministry_name",
        orientation="h",
        text="n",
        title=t("bodies.chart.title"),
        labels={"n": t("bodies.chart.x"), "ministry_name": t("bodies.chart.y")},
        color_discrete_sequence=[BRAND_COLOUR],
        # the plan's order from the top (plotly express lists a horizontal bar chart's categories upwards)
        category_orders={"ministry_name": counts["ministry_name"].tolist()},
    )
    figure.update_traces(textposition="outside", textangle=0, cliponaxis=False)
    figure.update_layout(height=max(320, 26 * len(counts) + 110), margin={"l": 10, "r": 30}, yaxis_title=None)
    alt = t("chart.alt.bodies", title=t("bodies.chart.title"), count=len(counts))
    table = counts.iloc[::-1].rename(columns={"ministry_name": t("bodies.chart.y"), "n": t("bodies.chart.x")})
    chart(figure, alt=alt, table=table)


def _one_body(plan, table, frame, code: str, lang: str) -> None:
    body = table.set_index("code").loc[code]
    st.subheader(body["name"], anchor=False)
    if body["parent_name"]:
        st.caption(t("bodies.under", name=body["parent_name"]))
    st.write(tn("bodies.summary", int(body["leads"]), shares=int(body["shares"])))
    chosen = body_measures(frame, code)
    if chosen.empty:
        st.info(t("bodies.none"))
        return
    show_measures(chosen, extra={t("col.role"): [t(f"role.{r}") for r in chosen["role"]]})


def _all_bodies(table) -> None:
    shown = table.assign(kind=table["kind"].map(lambda k: t(f"kind.{k}")))
    shown = shown[["code", "name", "kind", "parent_name", "leads", "shares"]]
    shown["parent_name"] = shown["parent_name"].replace("", "—")
    shown.columns = [
        t("col.code"),
        t("col.name"),
        t("col.kind"),
        t("col.area"),
        t("col.leads"),
        t("col.shares"),
    ]
    st.dataframe(shown, hide_index=True, width="stretch")


show()
