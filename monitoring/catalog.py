"""The plan as tidy frames for pages and exports, and the filters people apply to them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from monitoring.i18n import translate_plural
from plan import Plan
from plan.model import Body, BodyKind

MEASURE_COLUMNS = [
    "code",
    "title",
    "description",
    "axis",
    "axis_title",
    "objective",
    "gcm_number",
    "objective_title",
    "lead_body",
    "lead_body_name",
    "ministry",
    "ministry_name",
    "co_bodies",
    "co_body_names",
    "deadline",
    "deadline_year",
    "continuous",
    "indicators",
    "source",
]


def plan_size_text(plan: Plan, language: str = "en") -> str:
    """ "5 axes, 23 objectives, …": how big a plan is, each count in its plural form."""
    counts = (
        ("count.axes", len(plan.axes)),
        ("count.objectives", len(plan.objectives)),
        ("count.measures", len(plan.measures)),
        ("count.indicators", len(plan.indicators())),
        ("count.bodies", len(plan.bodies)),
    )
    return ", ".join(translate_plural(key, n, language) for key, n in counts)


def ministry_of(plan: Plan, body_code: str) -> str:
    """The area of government a body answers to (itself, for an area of government), through
    the public body a unit sits in."""
    body = plan.body(body_code)
    while body.kind is not BodyKind.AREA_OF_GOVERNMENT and body.parent is not None:
        body = plan.body(body.parent)
    return body.code


def body_tree(plan: Plan) -> list[tuple[Body, int]]:
    """Every body with its depth, each under its parent: areas, their bodies, their units."""
    children: dict[str | None, list[Body]] = {}
    for body in plan.bodies:
        children.setdefault(body.parent, []).append(body)

    def walk(parent: str | None, depth: int) -> list[tuple[Body, int]]:
        out = []
        for body in children.get(parent, []):
            out += [(body, depth), *walk(body.code, depth + 1)]
        return out

    return walk(None, 0)


def measures_frame(plan: Plan, language: str) -> pd.DataFrame:
    """One row per measure with its axis, objective, bodies and deadline, in one language."""
    axes = {a.code: a for a in plan.axes}
    objectives = {o.code: o for o in plan.objectives}
    names = {b.code: b.name.in_(language) for b in plan.bodies}
    rows = []
    for m in plan.measures:
        objective = objectives[m.objective]
        ministry = ministry_of(plan, m.lead_body)
        rows.append(
            {
                "code": m.code,
                "title": m.title.in_(language),
                "description": m.description.in_(language) if m.description else "",
                "axis": objective.axis,
                "axis_title": axes[objective.axis].title.in_(language),
                "objective": objective.code,
                "gcm_number": objective.gcm_number,
                "objective_title": objective.title.in_(language),
                "lead_body": m.lead_body,
                "lead_body_name": names[m.lead_body],
                "ministry": ministry,
                "ministry_name": names[ministry],
                "co_bodies": list(m.co_bodies),
                "co_body_names": [names[c] for c in m.co_bodies],
                "deadline": m.deadline,
                "deadline_year": m.deadline.year if m.deadline else None,
                "continuous": m.continuous,
                "indicators": len(m.indicators),
                "source": m.source,
            }
        )
    frame = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    frame["deadline_year"] = frame["deadline_year"].astype("Int64")
    return frame


def bodies_frame(plan: Plan, language: str) -> pd.DataFrame:
    """One row per body, with how many measures it leads and shares."""
    leads: dict[str, int] = {}
    shares: dict[str, int] = {}
    for m in plan.measures:
        leads[m.lead_body] = leads.get(m.lead_body, 0) + 1
        for code in m.co_bodies:
            shares[code] = shares.get(code, 0) + 1
    names = {b.code: b.name.in_(language) for b in plan.bodies}
    rows = [
        {
            "code": b.code,
            "name": b.name.in_(language),
            "kind": b.kind.value,
            "parent": b.parent,
            "parent_name": names.get(b.parent or "", ""),
            "leads": leads.get(b.code, 0),
            "shares": shares.get(b.code, 0),
        }
        for b in plan.bodies
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class MeasureFilter:
    """What a person picked in the Plan page's filters; empty means everything."""

    axes: tuple[str, ...] = ()
    gcm_numbers: tuple[int, ...] = ()
    ministries: tuple[str, ...] = ()
    continuous: bool | None = None
    text: str = ""


def filter_measures(frame: pd.DataFrame, chosen: MeasureFilter) -> pd.DataFrame:
    """The measures that match every filter; text matches code, title, description or body."""
    keep = pd.Series(True, index=frame.index)
    if chosen.axes:
        keep &= frame["axis"].isin(chosen.axes)
    if chosen.gcm_numbers:
        keep &= frame["gcm_number"].isin(chosen.gcm_numbers)
    if chosen.ministries:
        keep &= frame["ministry"].isin(chosen.ministries) | frame["co_bodies"].map(
            lambda codes: bool(set(codes) & set(chosen.ministries))
        )
    if chosen.continuous is not None:
        keep &= frame["continuous"] == chosen.continuous
    if chosen.text.strip():
        keep &= _text_matches(frame, chosen.text.strip().casefold())
    return frame[keep]


def _text_matches(frame: pd.DataFrame, needle: str) -> pd.Series:
    haystack = (
        frame["code"]
        + " "
        + frame["title"]
        + " "
        + frame["description"]
        + " "
        + frame["lead_body_name"]
        + " "
        + frame["co_body_names"].map(" ".join)
    )
    return haystack.str.casefold().str.contains(needle, regex=False)


def body_measures(frame: pd.DataFrame, body_code: str) -> pd.DataFrame:
    """The measures a body leads or shares, with its role in each."""
    leads = frame["lead_body"] == body_code
    shares = frame["co_bodies"].map(lambda codes: body_code in codes)
    chosen = frame[leads | shares].copy()
    chosen["role"] = leads[leads | shares].map({True: "lead", False: "co"})
    return chosen
