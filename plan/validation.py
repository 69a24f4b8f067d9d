"""Turn a raw document into a valid `Plan`, or refuse it whole with every problem found."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from plan.errors import PlanInvalid, PlanProblem
from plan.languages import is_language_code
from plan.model import Axis, Body, FigureBasis, IndicatorKind, Measure, Objective, Plan, PlanHeader, Text

COLLECTIONS = {"bodies": Body, "axes": Axis, "objectives": Objective, "measures": Measure}
# Fields of the records whose values other records refer to: a record refused for its types still
# names these, so a reference to it is not reported as unknown as well.
REFERENCED_BY = {"measures": ("objective", "lead_body"), "objectives": ("axis",)}

# Names a record for a person: ("measures", 3) -> "measures[3] M004", or a workbook row.
Locator = Callable[[str, int], str]

PYDANTIC_KEYS = {
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "string_too_long": "text_over_limit",
}
DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}
# Control characters and lone surrogates: PostgreSQL cannot store NUL, no database stores a lone
# surrogate, and a spreadsheet cannot hold the others (the plan workbook could not be written).
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def validate_document(raw: object, *, file: str, locate: Locator | None = None) -> Plan:
    """Build the plan from a parsed file; refuse it with every problem of types and of rules."""
    if not isinstance(raw, dict):
        raise PlanInvalid([PlanProblem(file, "", "", "not_a_plan")])
    locate = locate or _document_locator(raw)
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as error:
        problems = _type_problems(error, file, locate)
        raise PlanInvalid(problems + _rules_of_the_valid_part(raw, file, locate)) from None
    problems = list(plan_problems(plan, file=file, locate=locate))
    if problems:
        raise PlanInvalid(problems)
    return plan


def _rules_of_the_valid_part(raw: dict, file: str, locate: Locator) -> list[PlanProblem]:
    """The rules over the records whose types are right, so that one misspelled field does not
    hide every other problem. A refused record is left out, and so are the problems its absence
    would cause (a reference to it, an objective that only it filled)."""
    try:
        header = PlanHeader.model_validate(raw.get("plan"))
    except ValidationError:
        return []  # the period and the languages are unknown: the rules cannot be judged
    kept: dict[str, list] = {}
    positions: dict[str, list[int]] = {}
    refused: set[str] = set()
    for collection, model in COLLECTIONS.items():
        records = raw.get(collection)
        kept[collection], positions[collection] = [], []
        for index, record in enumerate(records if isinstance(records, list) else []):
            try:
                kept[collection].append(model.model_validate(record))
                positions[collection].append(index)
            except ValidationError:
                refused |= _names_in(record, collection)
    partial = Plan.model_construct(plan=header, **{c: tuple(r) for c, r in kept.items()})

    def located(collection: str, index: int) -> str:
        return locate(collection, positions.get(collection, [])[index])

    return [
        problem
        for problem in plan_problems(partial, file=file, locate=located)
        if not _caused_by_refused(problem, refused)
    ]


def _names_in(record: object, collection: str) -> set[str]:
    if not isinstance(record, dict):
        return set()
    names = {str(record.get("code", ""))}
    names |= {f"{field}:{record.get(field)}" for field in REFERENCED_BY.get(collection, ())}
    return names


def _caused_by_refused(problem: PlanProblem, refused: set[str]) -> bool:
    if problem.key in {"unknown_body", "unknown_objective", "unknown_axis"}:
        return str(problem.params.get("value")) in refused
    if problem.key == "objective_without_measures":
        return any(f"objective:{code}" in refused for code in _code_of(problem.record))
    if problem.key == "axis_without_objectives":
        return any(f"axis:{code}" in refused for code in _code_of(problem.record))
    return False


def _code_of(record: str) -> list[str]:
    return record.split()[-1:]


def validate_plan(plan: Plan, *, file: str = "") -> Plan:
    """Check a plan built in code (tests, factories) with the same rules as a file."""
    problems = list(plan_problems(plan, file=file, locate=_plan_locator(plan)))
    if problems:
        raise PlanInvalid(problems)
    return plan


def _document_locator(raw: dict) -> Locator:
    def locate(collection: str, index: int) -> str:
        records = raw.get(collection)
        code = ""
        if isinstance(records, list) and index < len(records) and isinstance(records[index], dict):
            code = str(records[index].get("code", ""))
        return f"{collection}[{index + 1}] {code}".strip()

    return locate


def _plan_locator(plan: Plan) -> Locator:
    def locate(collection: str, index: int) -> str:
        records = getattr(plan, collection, ())
        code = records[index].code if index < len(records) else ""
        return f"{collection}[{index + 1}] {code}".strip()

    return locate


def _type_problems(error: ValidationError, file: str, locate: Locator) -> list[PlanProblem]:
    problems = []
    for item in error.errors():
        loc = list(item["loc"])
        if len(loc) >= 2 and isinstance(loc[1], int):
            record, rest = locate(str(loc[0]), loc[1]), loc[2:]
        else:
            record, rest = str(loc[0]) if loc else "", loc[1:]
        key = PYDANTIC_KEYS.get(item["type"], "invalid_value")
        params = _value_detail(item) if key == "invalid_value" else {}
        if key == "text_over_limit":
            length = item["ctx"].get("length", len(item["input"]))  # a unit says its own
            params = {"length": length, "limit": item["ctx"]["max_length"]}
        elif item["type"] in DATE_ERRORS:  # the date format a person is asked to write, with an example
            key, params = "invalid_date", {"value": _shown(item.get("input"), quoted=False)}
        problems.append(PlanProblem(file, record, _dotted(rest), key, params))
    return problems


# pydantic's error types, by what a person is told (in `plan.errors.DETAILS`).
PYDANTIC_DETAILS = {
    "int_parsing": "expected_whole_number", "int_type": "expected_whole_number",
    "int_from_float": "expected_whole_number", "float_parsing": "expected_number",
    "float_type": "expected_number", "finite_number": "expected_number", "bool_parsing": "expected_yes_no",
    "bool_type": "expected_yes_no", "string_type": "expected_text", "model_type": "expected_record",
    "model_attributes_type": "expected_record", "dict_type": "expected_record",
    "list_type": "expected_list", "tuple_type": "expected_list",
    "enum": "expected_one_of", "literal_error": "expected_one_of", "string_too_long": "text_too_long",
}  # fmt: skip


def _value_detail(item: dict) -> dict[str, object]:
    """What is wrong with a value, as a detail key and its parameters (never pydantic's words)."""
    context = item.get("ctx") or {}
    detail = PYDANTIC_DETAILS.get(item["type"], "not_accepted")
    if item["type"] == "string_too_short":
        detail = "text_empty" if context.get("min_length") == 1 else "text_too_short"
    return {
        "detail": detail,
        "input": _shown(item.get("input")),
        **{k: str(v)[:80] for k, v in context.items() if k in ("expected", "min_length", "max_length")},
    }


def _shown(value: object, *, quoted: bool = True) -> str:
    """A refused value as it was written, short, with any control character made visible."""
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list | tuple):
        return "[…]"
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= 60 else text[:57] + "…"
    if not text.isprintable():
        return ascii(text)
    return f"«{text}»" if quoted else text


def _dotted(path: Iterable[object]) -> str:
    return "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def plan_problems(plan: Plan, *, file: str, locate: Locator) -> Iterator[PlanProblem]:
    """Every rule that spans records; each problem says where it is."""
    yield from _text_problems(plan, file, locate)
    yield from _language_problems(plan, file, locate)
    yield from _duplicates(plan, file, locate)
    yield from _period_problems(plan, file)
    yield from _body_problems(plan, file, locate)
    yield from _objective_problems(plan, file, locate)
    yield from _measure_problems(plan, file, locate)
    yield from _coverage_problems(plan, file, locate)
    yield from _source_problems(plan, file, locate)


def _records(plan: Plan) -> list[tuple[str, int | None, object]]:
    records: list[tuple[str, int | None, object]] = [("plan", None, plan.plan)]
    for collection in COLLECTIONS:
        records += [(collection, n, r) for n, r in enumerate(getattr(plan, collection))]
    return records


def _language_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    """The header declares known languages once each; every text holds each of them, no other."""
    declared = plan.plan.languages
    for language, count in Counter(declared).items():
        if not is_language_code(language):
            yield PlanProblem(file, "plan", "languages", "unknown_language", {"value": language})
        elif count > 1:
            yield PlanProblem(file, "plan", "languages", "duplicate_language", {"value": language})
    for collection, index, record in _records(plan):
        where = collection if index is None else locate(collection, index)
        for path, text in _text_fields(record):
            for language in declared:
                if language not in text.languages:
                    yield PlanProblem(file, where, _dotted(path), "missing_text", {"value": language})
            for language in text.languages:
                if language not in declared:
                    yield PlanProblem(file, where, _dotted(path), "undeclared_language", {"value": language})


def _text_fields(value: object, path: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _text_fields(getattr(value, name), (*path, name))
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _text_fields(item, (*path, index))


def _source_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    """A reported figure names its source; a reconstruction says the basis of everything."""
    sources = {s.code for s in plan.plan.sources}
    reconstruction = plan.plan.reconstruction
    for index, measure in enumerate(plan.measures):
        record = locate("measures", index)
        if reconstruction and measure.wording_basis is None:
            yield PlanProblem(file, record, "wording_basis", "basis_required")
        for position, indicator in enumerate(measure.indicators, start=1):
            for figure in ("baseline", "target"):
                field = f"indicators[{position}].{figure}"
                yield from _figure_problems(indicator, figure, sources, reconstruction, file, record, field)


def _figure_problems(indicator, figure: str, sources, reconstruction: bool, file, record, field):
    basis = getattr(indicator, f"{figure}_basis")
    citation = getattr(indicator, f"{figure}_source")
    if getattr(indicator, figure) is None:
        return
    if basis is None and reconstruction:
        yield PlanProblem(file, record, f"{field}_basis", "basis_required")
    if basis is FigureBasis.REPORTED and citation is None:
        yield PlanProblem(file, record, f"{field}_source", "citation_required")
    if citation is not None and citation.source not in sources:
        params = {"value": citation.source}
        yield PlanProblem(file, record, f"{field}_source.source", "unknown_source", params)


def _text_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    records = [("plan", None, plan.plan)]
    records += [
        (c, n, r)
        for c in ("bodies", "axes", "objectives", "measures")
        for n, r in enumerate(getattr(plan, c))
    ]
    for collection, index, record in records:
        for path, text in _texts(record.model_dump()):
            if UNSAFE_TEXT.search(text):
                where = collection if index is None else locate(collection, index)
                params = {"detail": "control_character", "input": ascii(text)[:60]}
                yield PlanProblem(file, where, _dotted(path), "invalid_value", params)


def _texts(value: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _duplicates(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    for collection in ("bodies", "axes", "objectives", "measures"):
        records = getattr(plan, collection)
        counts = Counter(r.code for r in records)
        for index, record in enumerate(records):
            if counts[record.code] > 1:
                yield PlanProblem(
                    file,
                    locate(collection, index),
                    "code",
                    "duplicate_code",
                    {"value": record.code},
                )
    counts = Counter(i.code for _, i in plan.indicators())
    for index, measure in enumerate(plan.measures):
        for position, indicator in enumerate(measure.indicators, start=1):
            if counts[indicator.code] > 1:
                field = f"indicators[{position}].code"
                params = {"value": indicator.code}
                yield PlanProblem(file, locate("measures", index), field, "duplicate_code", params)


def _period_problems(plan: Plan, file: str) -> Iterator[PlanProblem]:
    header = plan.plan
    if header.end < header.start:
        params = {"value": header.end, "start": header.start}
        yield PlanProblem(file, "plan", "end", "plan_ends_before_start", params)
    if header.timezone is not None and not _known_zone(header.timezone):
        yield PlanProblem(file, "plan", "timezone", "unknown_timezone", {"value": header.timezone})


def _known_zone(name: str) -> bool:
    """Deadlines are kept in the plan's time zone: an IANA name this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _body_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    """A body's parent is an area of government or a public body (a unit inside it), never
    itself through a chain of parents."""
    parents = {b.code: b.parent for b in plan.bodies}
    for index, body in enumerate(plan.bodies):
        if body.parent is None:
            continue
        if body.parent not in parents:
            key = "unknown_body"
        elif _in_a_loop(body.code, parents):
            key = "parent_loop"
        else:
            continue
        yield PlanProblem(file, locate("bodies", index), "parent", key, {"value": body.parent})


def _in_a_loop(code: str, parents: dict[str, str | None]) -> bool:
    seen, current = {code}, parents.get(code)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _objective_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    axes = {a.code for a in plan.axes}
    for index, objective in enumerate(plan.objectives):
        record = locate("objectives", index)
        if not 1 <= objective.gcm_number <= 23:
            params = {"value": objective.gcm_number}
            yield PlanProblem(file, record, "gcm_number", "gcm_number_out_of_range", params)
        if objective.axis not in axes:
            yield PlanProblem(file, record, "axis", "unknown_axis", {"value": objective.axis})


def _measure_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    objectives = {o.code for o in plan.objectives}
    bodies = {b.code for b in plan.bodies}
    for index, measure in enumerate(plan.measures):
        record = locate("measures", index)
        if measure.objective not in objectives:
            params = {"value": measure.objective}
            yield PlanProblem(file, record, "objective", "unknown_objective", params)
        yield from _body_reference_problems(measure, bodies, file, record)
        yield from _deadline_problems(plan, measure, file, record)
        for position, indicator in enumerate(measure.indicators, start=1):
            prefix = f"indicators[{position}]"
            yield from _indicator_problems(indicator, plan.languages[0], file, record, prefix)


def _body_reference_problems(measure, bodies: set[str], file: str, record: str):
    seen = {measure.lead_body}
    if measure.lead_body not in bodies:
        yield PlanProblem(file, record, "lead_body", "unknown_body", {"value": measure.lead_body})
    for code in measure.co_bodies:
        if code not in bodies:
            yield PlanProblem(file, record, "co_bodies", "unknown_body", {"value": code})
        elif code in seen:
            yield PlanProblem(file, record, "co_bodies", "body_listed_twice", {"value": code})
        seen.add(code)


def _deadline_problems(plan: Plan, measure, file: str, record: str) -> Iterator[PlanProblem]:
    deadline, header = measure.deadline, plan.plan
    if measure.continuous and deadline is not None:
        yield PlanProblem(file, record, "deadline", "continuous_with_deadline", {"value": deadline})
    elif not measure.continuous and deadline is None:
        yield PlanProblem(file, record, "deadline", "deadline_required")
    elif deadline is not None and not header.start <= deadline <= header.end:
        params = {"value": deadline, "start": header.start, "end": header.end}
        yield PlanProblem(file, record, "deadline", "deadline_outside_plan", params)


def _indicator_problems(
    indicator, language: str, file: str, record: str, prefix: str
) -> Iterator[PlanProblem]:
    if indicator.target is not None and not (indicator.unit_in(language) or "").strip():
        yield PlanProblem(file, record, f"{prefix}.unit", "target_without_unit")
    if indicator.kind is IndicatorKind.PERCENTAGE:
        for name in ("baseline", "target"):
            value = getattr(indicator, name)
            if value is not None and not 0 <= value <= 100:
                params = {"value": value}
                yield PlanProblem(file, record, f"{prefix}.{name}", "percentage_out_of_range", params)


def _coverage_problems(plan: Plan, file: str, locate: Locator) -> Iterator[PlanProblem]:
    axes_used = {o.axis for o in plan.objectives}
    objectives_used = {m.objective for m in plan.measures}
    for index, axis in enumerate(plan.axes):
        if axis.code not in axes_used:
            yield PlanProblem(file, locate("axes", index), "", "axis_without_objectives")
    for index, objective in enumerate(plan.objectives):
        if objective.code not in objectives_used:
            yield PlanProblem(file, locate("objectives", index), "", "objective_without_measures")
