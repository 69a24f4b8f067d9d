"""What a national implementation plan is: axes, objectives, measures, indicators, bodies.

Pure pydantic models. The structural rules that span records (unknown references,
duplicate codes, deadlines outside the plan) live in `plan.validation`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

LANGUAGES = ("pt", "en")


class Strict(BaseModel):
    """Refuse unknown fields, so a typo in the plan file is an error, not a silent loss."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(Strict):
    """A text in Portuguese and English; both are shown to people."""

    pt: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_(self, language: str) -> str:
        return self.en if language == "en" else self.pt


class BodyKind(StrEnum):
    AREA_OF_GOVERNMENT = "area_of_government"
    PUBLIC_BODY = "public_body"


class IndicatorKind(StrEnum):
    CUMULATIVE_COUNT = "cumulative_count"
    LEVEL = "level"
    PERCENTAGE = "percentage"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Body(Strict):
    """A ministry (area of government) or a public body under one."""

    code: str = Field(min_length=1, max_length=40)
    name: Text
    kind: BodyKind
    parent: str | None = None


class Axis(Strict):
    code: str = Field(min_length=1, max_length=20)
    title: Text


class Objective(Strict):
    """A GCM objective as the plan places it under one of its axes."""

    code: str = Field(min_length=1, max_length=20)
    gcm_number: int
    axis: str
    title: Text


class Indicator(Strict):
    code: str = Field(min_length=1, max_length=20)
    name: Text
    unit: str | Text | None = Field(
        default=None,
        description="What the values count. A unit the app knows (people, reports, days, %, ...) is "
        "translated by its catalogue; any other can be given in both languages, "
        "e.g. {pt: relatórios, en: reports}.",
    )

    def unit_in(self, language: str) -> str | None:
        """The unit as written in the plan for `language` (a plain unit is the same in both)."""
        return self.unit.in_(language) if isinstance(self.unit, Text) else self.unit

    kind: IndicatorKind
    direction: Direction = Direction.UP
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_date: dt.date | None = None


class Measure(Strict):
    code: str = Field(min_length=1, max_length=20)
    objective: str
    title: Text
    description: Text | None = None
    lead_body: str
    co_bodies: tuple[str, ...] = ()
    deadline: dt.date | None = None
    continuous: bool = False
    indicators: tuple[Indicator, ...] = ()
    source: str = Field(min_length=1)

    @field_validator("co_bodies", mode="before")
    @classmethod
    def _list_from_text(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.replace(";", ",").split(",") if part.strip())
        return value


class PlanHeader(Strict):
    code: str = Field(min_length=1, max_length=40)
    country: str = Field(min_length=2, max_length=3)
    title: Text
    legal_basis: str = Field(min_length=1)
    start: dt.date
    end: dt.date
    provenance: str = Field(min_length=1)
    reconstruction: bool = False


class Plan(Strict):
    """A whole plan, as read from its file. Validate it with `plan.validation.validate_plan`."""

    plan: PlanHeader
    bodies: tuple[Body, ...]
    axes: tuple[Axis, ...]
    objectives: tuple[Objective, ...]
    measures: tuple[Measure, ...]

    def body(self, code: str) -> Body:
        return next(b for b in self.bodies if b.code == code)

    def indicators(self) -> list[tuple[Measure, Indicator]]:
        return [(m, i) for m in self.measures for i in m.indicators]
