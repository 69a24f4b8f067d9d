"""What changes between two versions of a plan, record by record, for a person to confirm."""

from __future__ import annotations

from dataclasses import dataclass, field

from plan.model import Plan

KINDS = ("bodies", "axes", "objectives", "measures", "indicators")
SINGULAR = {
    "bodies": "body", "axes": "axis", "objectives": "objective",
    "measures": "measure", "indicators": "indicator",
}  # fmt: skip


@dataclass(frozen=True)
class RecordChange:
    kind: str
    code: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanChanges:
    added: tuple[RecordChange, ...] = ()
    removed: tuple[RecordChange, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    header_fields: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.header_fields)

    def lines(self) -> list[str]:
        """A plain-English summary, one line per change."""
        out = [f"plan header: {', '.join(self.header_fields)} changed"] if self.header_fields else []
        out += [f"+ {SINGULAR[c.kind]} {c.code}" for c in self.added]
        out += [f"- {SINGULAR[c.kind]} {c.code}" for c in self.removed]
        out += [f"~ {SINGULAR[c.kind]} {c.code}: {', '.join(c.fields)}" for c in self.changed]
        return out


def records_by_code(plan: Plan) -> dict[str, dict[str, dict]]:
    """Every record of the plan as plain data, by kind and code (indicators apart)."""
    records = {
        kind: {r.code: r.model_dump(exclude={"indicators"}) for r in getattr(plan, kind)}
        for kind in KINDS[:-1]
    }
    records["indicators"] = {i.code: {"measure": m.code, **i.model_dump()} for m, i in plan.indicators()}
    return records


def plan_changes(old: Plan | None, new: Plan) -> PlanChanges:
    """Added, removed and changed records of `new` against `old` (all added when no `old`)."""
    after = records_by_code(new)
    counts = {kind: len(after[kind]) for kind in KINDS}
    if old is None:
        added = tuple(RecordChange(k, c) for k in KINDS for c in after[k])
        return PlanChanges(added=added, counts=counts)
    before = records_by_code(old)
    added, removed, changed = [], [], []
    for kind in KINDS:
        added += [RecordChange(kind, c) for c in after[kind] if c not in before[kind]]
        removed += [RecordChange(kind, c) for c in before[kind] if c not in after[kind]]
        for code in after[kind].keys() & before[kind].keys():
            fields = _changed_fields(before[kind][code], after[kind][code])
            if fields:
                changed.append(RecordChange(kind, code, fields))
    changed.sort(key=lambda c: (KINDS.index(c.kind), c.code))
    header = _changed_fields(old.plan.model_dump(), new.plan.model_dump())
    return PlanChanges(tuple(added), tuple(removed), tuple(changed), header, counts)


def _changed_fields(before: dict, after: dict) -> tuple[str, ...]:
    return tuple(key for key in after if before.get(key) != after.get(key))
