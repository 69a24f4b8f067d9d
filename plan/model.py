"""What a national implementation plan is: axes, objectives, measures, indicators, bodies.

Pure pydantic models. The structural rules that span records (unknown references,
duplicate codes, deadlines outside the plan) live in `plan.validation`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

LANGUAGES = ("pt", "en")  # what a plan file that declares no `languages` is written in
# The longest texts a plan may hold, in characters (stated in the published JSON Schema): a plan
# is shown on every page, so a 1 MB title would be a 1 MB page.
TITLE_LIMIT = 500  # titles and names
DESCRIPTION_LIMIT = 5000  # a measure's description and the plan's provenance
NOTE_LIMIT = 2000  # source notes: a measure's source, the plan's legal basis, a source's reference, a passage
UNIT_LIMIT = 60


class Strict(BaseModel):
    """Refuse unknown fields, so a typo in the plan file is an error, not a silent loss."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(BaseModel):
    """A title or a name in each language the plan declares, keyed by language code: {pt: ...,
    en: ...}. Which languages it must hold is a rule of the whole plan (`plan.validation`)."""

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        json_schema_extra={"propertyNames": {"pattern": "^[a-z]{2}$"}},
    )
    # Each language's text, with its limit (the JSON Schema's additionalProperties say it).
    __pydantic_extra__: dict[str, Annotated[str, Field(min_length=1, max_length=TITLE_LIMIT)]] = Field(
        init=False
    )

    @model_validator(mode="before")
    @classmethod
    def _texts(cls, value: object) -> object:
        """Strip each text; an empty one counts as missing, so the rules can say where."""
        if isinstance(value, Text) and not isinstance(value, cls):  # a title given as a description
            value = dict(value.__pydantic_extra__ or {})
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


class LongText(Text):
    """A description in each language the plan declares."""

    __pydantic_extra__: dict[str, Annotated[str, Field(min_length=1, max_length=DESCRIPTION_LIMIT)]] = Field(
        init=False
    )


class UnitText(Text):
    """An indicator's unit in each language the plan declares."""

    __pydantic_extra__: dict[str, Annotated[str, Field(min_length=1, max_length=UNIT_LIMIT)]] = Field(
        init=False
    )


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
    title: str = Field(min_length=1, max_length=TITLE_LIMIT)
    reference: str | None = Field(default=None, max_length=NOTE_LIMIT)


class Citation(Strict):
    """The words of a source that a figure is taken from."""

    source: str = Field(min_length=1, max_length=40)
    passage: str = Field(min_length=1, max_length=NOTE_LIMIT)


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
    unit: Annotated[str, Field(max_length=UNIT_LIMIT)] | UnitText | None = Field(
        default=None,
        description="What the values count. A unit the app knows (people, reports, days, %, ...) is "
        "translated by its catalogue; any other is given in each language of the plan, "
        "e.g. {pt: relatórios, en: reports}.",
    )

    @field_validator("unit", mode="before")
    @classmethod
    def _unit_within_limit(cls, value: object) -> object:
        """A unit over its limit is refused once, as a text too long, whichever form it has."""
        texts = [value] if isinstance(value, str) else list(value.values()) if isinstance(value, dict) else []
        for text in texts:
            if isinstance(text, str) and len(text.strip()) > UNIT_LIMIT:
                raise PydanticCustomError(
                    "string_too_long",
                    "String should have at most {max_length} characters",
                    {"max_length": UNIT_LIMIT, "length": len(text.strip())},
                )
        return value

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
    description: LongText | None = None
    lead_body: str
    co_bodies: tuple[str, ...] = ()
    deadline: dt.date | None = None
    continuous: bool = False
    indicators: tuple[Indicator, ...] = ()
    source: str = Field(min_length=1, max_length=NOTE_LIMIT)
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
    legal_basis: str = Field(min_length=1, max_length=NOTE_LIMIT)
    start: dt.date
    end: dt.date
    provenance: str = Field(min_length=1, max_length=DESCRIPTION_LIMIT)
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
