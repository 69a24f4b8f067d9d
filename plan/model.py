"""What a national implementation plan is: axes, objectives, measures, indicators, bodies.

Pure pydantic models. The structural rules that span records (unknown references,
duplicate codes, deadlines outside the plan) live in `plan.validation`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGUAGES = ("pt", "en")
# The longest texts a plan may hold, in characters (stated in the published JSON Schema): a plan
# is shown on every page, so a 1 MB title would be a 1 MB page.
TITLE_LIMIT = 500  # titles and names
DESCRIPTION_LIMIT = 5000  # a measure's description
NOTE_LIMIT = 2000  # source notes: a measure's source, the plan's legal basis and provenance
UNIT_LIMIT = 60


class Strict(BaseModel):
    """Refuse unknown fields, so a typo in the plan file is an error, not a silent loss."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(Strict):
    """A title or a name in Portuguese and English; both are shown to people."""

    pt: str = Field(min_length=1, max_length=TITLE_LIMIT)
    en: str = Field(min_length=1, max_length=TITLE_LIMIT)

    def in_(self, language: str) -> str:
        return self.en if language == "en" else self.pt


class LongText(Text):
    """A description in Portuguese and English."""

    pt: str = Field(min_length=1, max_length=DESCRIPTION_LIMIT)
    en: str = Field(min_length=1, max_length=DESCRIPTION_LIMIT)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        return value.model_dump() if isinstance(value, Text) and not isinstance(value, cls) else value


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
    unit: str | None = Field(default=None, max_length=UNIT_LIMIT)
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
    description: LongText | None = None
    lead_body: str
    co_bodies: tuple[str, ...] = ()
    deadline: dt.date | None = None
    continuous: bool = False
    indicators: tuple[Indicator, ...] = ()
    source: str = Field(min_length=1, max_length=NOTE_LIMIT)

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
    legal_basis: str = Field(min_length=1, max_length=NOTE_LIMIT)
    start: dt.date
    end: dt.date
    provenance: str = Field(min_length=1, max_length=NOTE_LIMIT)
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
