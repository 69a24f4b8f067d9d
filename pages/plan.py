"""The plan: axes, GCM objectives and measures, with filters a person can share by link."""

import pandas as pd
import streamlit as st

from monitoring.catalog import filter_measures
from pages._widgets import (
    date_text,
    language,
    measure_link,
    measures,
    plain,
    plan_filters,
    plan_text,
    require_plan,
    session_user,
    show_measures,
    t,
    tn,
)


def show() -> None:
    actor = session_user()
    version, plan = require_plan()
    lang = language()
    with plan_text(plan):
        st.title(plan.plan.title.in_(lang), anchor=False)
    header = plan.plan
    st.caption(
        f"{t('plan.legal_basis')}: {header.legal_basis} · {t('plan.period')}: "
        f"{date_text(header.start)} – {date_text(header.end)} · "
        + t("plan.version", version=version.version, date=date_text(version.loaded_at))
    )
    _provenance(header, actor)
    frame = measures(version.id, plan, lang)
    _headline(plan, frame)
    chosen = plan_filters(plan)
    shown = filter_measures(frame, chosen)
    st.caption(tn("filter.result", len(frame), shown=len(shown)))
    if shown.empty:
        st.warning(t("filter.none"))
        return
    _open_measure(shown)
    _tree(plan, shown, expand=len(shown) < len(frame))


def _provenance(header, actor) -> None:
    """Where the plan comes from, in its own words; opened when a notice elsewhere links here.
    The instruction to replace a reconstruction is for the staff only."""
    if header.reconstruction:
        st.info(plain(t("plan.reconstruction")), icon=":material/info:")
        if actor is not None and actor.manages:
            st.caption(t("plan.reconstruction.staff"))
    asked = st.query_params.get("provenance") == "1"
    with st.expander(
        t("reconstruction.link") if header.reconstruction else t("plan.provenance"), expanded=asked
    ):
        st.markdown(plain(header.provenance))


def _headline(plan, frame: pd.DataFrame) -> None:
    numbers = [
        ("metric.axes", len(plan.axes)),
        ("metric.objectives", len(plan.objectives)),
        ("metric.measures", len(plan.measures)),
        ("metric.continuous", int(frame["continuous"].sum())),
        ("metric.indicators", len(plan.indicators())),
        ("metric.bodies", len(plan.bodies)),
    ]
    for column, (key, value) in zip(st.columns(len(numbers)), numbers, strict=True):
        column.metric(t(key), value)


def _open_measure(shown: pd.DataFrame) -> None:
    labels = dict(zip(shown["code"], shown["code"] + " · " + shown["title"], strict=True))
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    code = left.selectbox(t("plan.pick_measure"), list(labels), format_func=labels.get)
    with right:
        measure_link(code, t("plan.open_measure"))


def _tree(plan, shown: pd.DataFrame, *, expand: bool) -> None:
    """One expander per axis: its GCM objectives named in one line each, and its measures in one
    table with their objective (one table per axis, not one per objective: less for the browser
    to draw, and one list to sort and search)."""
    lang = language()
    for axis in plan.axes:
        in_axis = shown[shown["axis"] == axis.code]
        if in_axis.empty:
            continue
        count = tn("plan.measures_in_axis", len(in_axis))
        label = f"**{axis.code}** · {axis.title.in_(lang)} — {count}"
        objectives = [
            o for o in plan.objectives if o.axis == axis.code and o.code in set(in_axis["objective"])
        ]
        names = {o.code: t("plan.objective_label", number=o.gcm_number) for o in objectives}
        # Drawn only when opened: a closed axis costs the browser nothing (a filtered list opens them).
        box = st.expander(label, expanded=expand, key=f"axis-{axis.code}-{int(expand)}", on_change="rerun")
        if not box.open:
            continue
        with box:
            st.markdown("\n".join(f"- **{names[o.code]}** · {plain(o.title.in_(lang))}" for o in objectives))
            show_measures(
                in_axis, extra={t("filter.objective"): in_axis["objective"].map(names).tolist()}, first=True
            )


show()
