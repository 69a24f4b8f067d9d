"""Turn a raw document into a valid `Plan`, or refuse it whole with every problem found."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from plan.errors import PlanInvalid, PlanProblem
from plan.model import BodyKind, IndicatorKind, Plan

# Names a record for a person: ("measures", 3) -> "measures[3] M004", or a workbook row.
Locator = Callable[[str, int], str]

PYDANTIC_KEYS = {"missing": "missing_field", "extra_forbidden": "unknown_field"}
# Control characters and lone surrogates: PostgreSQL cannot store NUL, no database stores a lone
# surrogate, and a spreadsheet cannot hold the others (the plan workbook could not be written).
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def validate_document(raw: object, *, file: str, locate: Locator | None = None) -> Plan:
    """Build the plan from a parsed file, checking types first and then cross-references."""
    if not isinstance(raw, dict):
        raise PlanInvalid([PlanProblem(file, "", "", "not_a_plan")])
    locate = locate or _document_locator(raw)
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as error:
        raise PlanInvalid(_type_problems(error, file, locate)) from None
    problems = list(plan_problems(plan, file=file, locate=locate))
    if problems:
        raise PlanInvalid(problems)
    return plan


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
        problems.append(PlanProblem(file, record, _dotted(rest), key, params))
    return problems


# pydantic's error types, by what a person is told (in `plan.errors.DETAILS`).
PYDANTIC_DETAILS = {
    "int_parsing": "expected_whole_number", "int_type": "expected_whole_number",
    "int_from_float": "expected_whole_number", "float_parsing": "expected_number",
    "float_type": "expected_number", "finite_number": "expected_number", "bool_parsing": "expected_yes_no",
    "bool_type": "expected_yes_no", "date_parsing": "expected_date", "date_type": "expected_date",
    "date_from_datetime_parsing": "expected_date", "date_from_datetime_inexact": "expected_date",
    "string_type": "expected_text", "model_type": "expected_record",
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


def _shown(value: object) -> str:
    """A refused value as it was written, short, with any control character made visible."""
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list | tuple):
        return "[…]"
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= 60 else text[:57] + "…"
    return f"«{text}»" if text.isprintable() else ascii(text)


def _dotted(path: Iterable[object]) -> str:
    return "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def plan_problems(plan: Plan, *, file: str, locate: Locator) -> Iterator[PlanProblem]:
    """Every rule that spans records; each problem says where it is."""
    yield from _text_problems(plan, file, locate)
    yield from _duplicates(plan, file, locate)
    yield from _period_problems(plan, file)
    yield from _body_problems(plan, file, locate)
    yield from _objective_problems(plan, file, locate)
    yield from _measure_problems(plan, file, locate)
    yield from _coverage_problems(plan, file, locate)


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
    kinds = {b.code: b.kind for b in plan.bodies}
    for index, body in enumerate(plan.bodies):
        if body.parent is None:
            continue
        if body.parent not in kinds:
            key = "unknown_body"
        elif kinds[body.parent] is not BodyKind.AREA_OF_GOVERNMENT:
            key = "parent_not_area"
        else:
            continue
        yield PlanProblem(file, locate("bodies", index), "parent", key, {"value": body.parent})


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
            yield from _indicator_problems(indicator, file, record, prefix)


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


def _indicator_problems(indicator, file: str, record: str, prefix: str) -> Iterator[PlanProblem]:
    if indicator.target is not None and not (indicator.unit or "").strip():
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
