"""The plan: axes, GCM objectives and measures, with filters a person can share by link."""

import pandas as pd
import streamlit as st

from monitoring.catalog import MeasureFilter, filter_measures
from pages._widgets import language, measure_link, measures, require_plan, show_measures, t


def show() -> None:
    version, plan = require_plan()
    lang = language()
    st.title(plan.plan.title.in_(lang))
    header = plan.plan
    st.caption(
        f"{t('plan.legal_basis')}: {header.legal_basis} · {t('plan.period')}: "
        f"{header.start:%d/%m/%Y} – {header.end:%d/%m/%Y} · "
        + t("plan.version", version=version.version, date=f"{version.loaded_at:%d/%m/%Y}")
    )
    if header.reconstruction:
        st.info(t("plan.reconstruction"), icon=":material/info:")
    frame = measures(version.id, plan, lang)
    _headline(plan, frame)
    chosen = _filters(plan, frame)
    shown = filter_measures(frame, chosen)
    st.caption(t("filter.result", shown=len(shown), total=len(frame)))
    if shown.empty:
        st.warning(t("filter.none"))
        return
    _open_measure(shown)
    _tree(plan, shown, expand=len(shown) < len(frame))


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


def _filters(plan, frame: pd.DataFrame) -> MeasureFilter:
    """Filters start from the URL, and every change is written back to it."""
    lang, params = language(), st.query_params
    axes = {a.code: f"{a.code} · {a.title.in_(lang)}" for a in plan.axes}
    goals = {o.gcm_number: f"{o.gcm_number}. {o.title.in_(lang)}" for o in plan.objectives}
    goals = dict(sorted(goals.items()))
    bodies = _body_options(plan, lang)
    kinds = {
        "all": t("filter.continuous.all"),
        "yes": t("filter.continuous.yes"),
        "no": t("filter.continuous.no"),
    }
    with st.container(border=True):
        top = st.columns([3, 3, 3])
        axis = top[0].multiselect(
            t("filter.axis"),
            list(axes),
            placeholder=t("filter.choose"),
            format_func=axes.get,
            default=[a for a in params.get_all("axis") if a in axes],
        )
        gcm = top[1].multiselect(
            t("filter.objective"),
            list(goals),
            placeholder=t("filter.choose"),
            format_func=goals.get,
            default=[int(g) for g in params.get_all("gcm") if g.isdigit() and int(g) in goals],
        )
        ministry = top[2].multiselect(
            t("filter.ministry"),
            list(bodies),
            placeholder=t("filter.choose"),
            format_func=bodies.get,
            default=[b for b in params.get_all("body") if b in bodies],
        )
        bottom = st.columns([3, 5])
        kind = (
            bottom[0].segmented_control(
                t("filter.continuous"),
                list(kinds),
                format_func=kinds.get,
                default=params.get("kind") if params.get("kind") in kinds else "all",
            )
            or "all"
        )
        text = bottom[1].text_input(
            t("filter.text"), value=params.get("q", ""), placeholder=t("filter.text.help")
        )
    _remember(
        axis=axis,
        gcm=[str(g) for g in gcm],
        body=ministry,
        kind=[] if kind == "all" else [kind],
        q=[text] if text else [],
    )
    continuous = {"all": None, "yes": True, "no": False}[kind]
    return MeasureFilter(tuple(axis), tuple(gcm), tuple(ministry), continuous, text)


def _body_options(plan, lang: str) -> dict[str, str]:
    """Areas of government first, each followed by its public bodies."""
    options = {}
    for area in (b for b in plan.bodies if b.parent is None):
        options[area.code] = area.name.in_(lang)
        for body in (b for b in plan.bodies if b.parent == area.code):
            options[body.code] = f"   └ {body.name.in_(lang)}"
    return options


def _remember(**values: list[str]) -> None:
    for key, chosen in values.items():
        if chosen != st.query_params.get_all(key):
            if chosen:
                st.query_params[key] = chosen
            else:
                st.query_params.pop(key, None)


def _open_measure(shown: pd.DataFrame) -> None:
    labels = dict(zip(shown["code"], shown["code"] + " · " + shown["title"], strict=True))
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    code = left.selectbox(t("plan.pick_measure"), list(labels), format_func=labels.get)
    with right:
        measure_link(code, t("plan.open_measure"))


def _tree(plan, shown: pd.DataFrame, *, expand: bool) -> None:
    lang = language()
    for axis in plan.axes:
        in_axis = shown[shown["axis"] == axis.code]
        if in_axis.empty:
            continue
        count = t("plan.measures_in_axis", count=len(in_axis))
        label = f"**{axis.code}** · {axis.title.in_(lang)} — {count}"
        with st.expander(label, expanded=expand):
            for objective in (o for o in plan.objectives if o.axis == axis.code):
                rows = in_axis[in_axis["objective"] == objective.code]
                if rows.empty:
                    continue
                number = t("plan.objective_label", number=objective.gcm_number)
                st.markdown(f"##### {number} · {objective.title.in_(lang)}")
                show_measures(rows)


show()
