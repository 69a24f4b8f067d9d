"""Small plans built in code, so each test states the world it needs."""

from __future__ import annotations

import datetime as dt

from plan.model import (
    Axis,
    Body,
    BodyKind,
    Indicator,
    IndicatorKind,
    Measure,
    Objective,
    Plan,
    PlanHeader,
    Text,
)

START, END = dt.date(2019, 8, 21), dt.date(2022, 12, 31)


def text(label: str) -> Text:
    return Text(pt=f"{label} (pt)", en=f"{label} (en)")


def make_bodies() -> tuple[Body, ...]:
    return (
        Body(
            code="MAI",
            name=Text(pt="Administração Interna", en="Home Affairs"),
            kind=BodyKind.AREA_OF_GOVERNMENT,
        ),
        Body(
            code="MTSSS",
            name=Text(pt="Trabalho e Segurança Social", en="Labour and Social Security"),
            kind=BodyKind.AREA_OF_GOVERNMENT,
        ),
        Body(
            code="SEF",
            name=Text(pt="Serviço de Estrangeiros e Fronteiras", en="Immigration and Borders Service"),
            kind=BodyKind.PUBLIC_BODY,
            parent="MAI",
        ),
        Body(
            code="IEFP",
            name=Text(
                pt="Instituto do Emprego e Formação Profissional",
                en="Employment and Vocational Training Institute",
            ),
            kind=BodyKind.PUBLIC_BODY,
            parent="MTSSS",
        ),
    )


def make_measure(number: int, objective: str = "O01", **changes) -> Measure:
    fields = {
        "code": f"M{number:03d}",
        "objective": objective,
        "title": text(f"Measure {number}"),
        "description": text(f"What measure {number} does"),
        "lead_body": "MAI" if number % 2 else "MTSSS",
        "co_bodies": ("SEF",) if number % 2 else ("IEFP",),
        "deadline": dt.date(2020 + number % 3, 12, 31),
        "source": "Test factory",
        "indicators": (
            Indicator(
                code=f"I{number:03d}",
                name=text(f"Indicator {number}"),
                unit="people",
                kind=IndicatorKind.CUMULATIVE_COUNT,
                baseline=0,
                target=100 * number,
                baseline_date=START,
                target_date=END,
            ),
        ),
    }
    fields.update(changes)
    return Measure(**fields)


def make_plan(measures: int = 3, *, code: str = "TEST", continuous: int = 0, **changes) -> Plan:
    """A valid plan of two axes and two objectives; the last `continuous` measures run on."""
    axes = (Axis(code="E1", title=text("Axis 1")), Axis(code="E2", title=text("Axis 2")))
    objectives = (
        Objective(code="O01", gcm_number=1, axis="E1", title=text("Objective 1")),
        Objective(code="O05", gcm_number=5, axis="E2", title=text("Objective 5")),
    )
    items = []
    for n in range(1, measures + 1):
        objective = "O01" if n % 2 else "O05"
        if n > measures - continuous:
            items.append(make_measure(n, objective, continuous=True, deadline=None))
        else:
            items.append(make_measure(n, objective))
    fields = {
        "plan": PlanHeader(
            code=code,
            country="PT",
            title=text("Test plan"),
            legal_basis="Test basis",
            start=START,
            end=END,
            provenance="Built by the test factory",
        ),
        "bodies": make_bodies(),
        "axes": axes,
        "objectives": objectives,
        "measures": tuple(items),
    }
    fields.update(changes)
    return Plan(**fields)


def make_reconstruction(measures: int = 6, *, continuous: int = 2) -> Plan:
    """The factory plan as a reconstruction: M001's target is reported (with its citation), every
    other figure is illustrative, and every wording says its basis."""
    from plan.model import Citation, FigureBasis, Source, WordingBasis

    plan = make_plan(measures, continuous=continuous)
    header = plan.plan.model_copy(
        update={
            "reconstruction": True,
            "provenance": "Rebuilt by the test factory from a public report.",
            "sources": (Source(code="report", title="A public report"),),
        }
    )
    rebuilt = []
    for measure in plan.measures:
        indicators = []
        for indicator in measure.indicators:
            target = {"target_basis": FigureBasis.ILLUSTRATIVE}
            if measure.code == "M001":
                citation = Citation(source="report", passage="a hundred people were helped")
                target = {"target_basis": FigureBasis.REPORTED, "target_source": citation}
            indicators.append(
                indicator.model_copy(update={"baseline_basis": FigureBasis.ILLUSTRATIVE, **target})
            )
        basis = WordingBasis.SOURCE_PASSAGE if measure.code == "M001" else WordingBasis.ADDED
        rebuilt.append(measure.model_copy(update={"indicators": tuple(indicators), "wording_basis": basis}))
    return plan.model_copy(update={"plan": header, "measures": tuple(rebuilt)})
