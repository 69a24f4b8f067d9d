"""What a national implementation plan is: axes, objectives, measures, indicators, bodies.

Pure pydantic models. The structural rules that span records (unknown references,
duplicate codes, deadlines outside the plan) live in `plan.validation`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGUAGES = ("pt", "en")  # what a plan file that declares no `languages` is written in


class Strict(BaseModel):
    """Refuse unknown fields, so a typo in the plan file is an error, not a silent loss."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(BaseModel):
    """A text in each language the plan declares, keyed by language code: {pt: ..., en: ...}.
    Which languages it must hold is a rule of the whole plan (`plan.validation`)."""

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        json_schema_extra={
            "additionalProperties": {"type": "string", "minLength": 1},
            "propertyNames": {"pattern": "^[a-z]{2}$"},
        },
    )

    @model_validator(mode="before")
    @classmethod
    def _texts(cls, value: object) -> object:
        """Strip each text; an empty one counts as missing, so the rules can say where."""
        if not isinstance(value, dict):
            return value
        texts = {}
        for language, text in value.items():
            if isinstance(text, int | float) and not isinstance(text, bool):
                text = str(text)
            if text is not None and not isinstance(text, str):
                raise ValueError(f"the text in {language} is not a text")
            if text and text.strip():
                texts[str(language)] = text.strip()
        return texts

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.__pydantic_extra__ or {})

    def in_(self, language: str) -> str:
        """The text in `language`, else in the plan's first language."""
        texts = self.__pydantic_extra__ or {}
        return texts.get(language) or next(iter(texts.values()), "")


class BodyKind(StrEnum):
    AREA_OF_GOVERNMENT = "area_of_government"
    PUBLIC_BODY = "public_body"
    UNIT = "unit"  # a unit inside a public body, such as a programme or an observatory


class IndicatorKind(StrEnum):
    CUMULATIVE_COUNT = "cumulative_count"
    LEVEL = "level"
    PERCENTAGE = "percentage"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class FigureBasis(StrEnum):
    """Where a baseline or target comes from."""

    OFFICIAL = "official"  # the plan's own text
    REPORTED = "reported"  # a public report, named in a citation
    ILLUSTRATIVE = "illustrative"  # a placeholder of a reconstructed plan


class WordingBasis(StrEnum):
    """How a measure's wording relates to the source it is built from (a reconstruction)."""

    SOURCE_PASSAGE = "source_passage"  # a quote or close paraphrase of a passage
    EXTENDED = "extended"  # goes beyond what its passage says
    ADDED = "added"  # no source names it


class Source(Strict):
    """A public document a reconstructed plan cites."""

    code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1)
    reference: str | None = None


class Citation(Strict):
    """The words of a source that a figure is taken from."""

    source: str = Field(min_length=1)
    passage: str = Field(min_length=1)


class Body(Strict):
    """A ministry (area of government), a public body under one, or a unit inside a public body."""

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
        "translated by its catalogue; any other is given in each language of the plan, "
        "e.g. {pt: relatórios, en: reports}.",
    )

    def unit_in(self, language: str) -> str | None:
        """The unit as written in the plan for `language` (a plain unit is the same in every one)."""
        return self.unit.in_(language) if isinstance(self.unit, Text) else self.unit

    kind: IndicatorKind
    direction: Direction = Direction.UP
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_date: dt.date | None = None
    # No basis means the plan's own figure (official); a reconstruction must state each one.
    baseline_basis: FigureBasis | None = None
    baseline_source: Citation | None = None
    target_basis: FigureBasis | None = None
    target_source: Citation | None = None

    def basis(self, figure: str) -> FigureBasis:
        """The basis of "baseline" or "target"."""
        return getattr(self, f"{figure}_basis") or FigureBasis.OFFICIAL


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
    wording_basis: WordingBasis | None = None  # none: the plan's own wording

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
    # The IANA time zone the plan's deadlines are kept in (Europe/Lisbon); none: the platform's setting.
    timezone: str | None = None
    languages: tuple[str, ...] = Field(min_length=1)  # the first is the default
    sources: tuple[Source, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, value: object) -> object:
        """A plan written before languages were declared is in Portuguese and English."""
        if isinstance(value, dict):
            value = dict(value)
            languages = value.setdefault("languages", LANGUAGES)
            if isinstance(languages, str):
                value["languages"] = [p.strip() for p in languages.replace(";", ",").split(",") if p.strip()]
        return value


class Plan(Strict):
    """A whole plan, as read from its file. Validate it with `plan.validation.validate_plan`."""

    plan: PlanHeader
    bodies: tuple[Body, ...]
    axes: tuple[Axis, ...]
    objectives: tuple[Objective, ...]
    measures: tuple[Measure, ...]

    @model_validator(mode="after")
    def _texts_in_declared_order(self) -> Plan:
        """Each text lists its languages in the header's order, so the first is the default."""
        order = {language: n for n, language in enumerate(self.plan.languages)}
        for text in texts_of(self):
            extra = text.__pydantic_extra__
            if extra and list(extra) != sorted(extra, key=lambda k: order.get(k, len(order))):
                ordered = sorted(extra.items(), key=lambda item: order.get(item[0], len(order)))
                extra.clear()
                extra.update(ordered)
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        return self.plan.languages

    def body(self, code: str) -> Body:
        return next(b for b in self.bodies if b.code == code)

    def indicators(self) -> list[tuple[Measure, Indicator]]:
        return [(m, i) for m in self.measures for i in m.indicators]


def texts_of(value: object):
    """Every `Text` inside a model, depth first."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts_of(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from texts_of(item)
