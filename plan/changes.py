"""A change file: a new version of a plan written as its differences from an earlier file.

    changes_to: pnipgm.yaml          # the file it changes, in the same folder
    plan: {provenance: ...}          # header fields that change
    bodies:
      add: [{code: MCT, kind: area_of_government, name: {pt: ..., en: ...}}]
      change: {PRES: {name: {pt: Presidência, en: Presidency}}}
      remove: [OLD]
    measures:
      change: {M068: {lead_body: MCT}}

The result is validated as a whole plan, like any other file.
"""

from __future__ import annotations

import copy

from plan.errors import PlanInvalid, PlanProblem

COLLECTIONS = ("bodies", "axes", "objectives", "measures")
ACTIONS = ("add", "change", "remove")


def is_change_file(raw: object) -> bool:
    return isinstance(raw, dict) and "changes_to" in raw


def apply_changes(base: dict, changes: dict, *, file: str) -> dict:
    """The base document with the changes made; every change that cannot be made is reported."""
    document = copy.deepcopy(base)
    problems = [
        PlanProblem(file, key, "", "unknown_field", {"value": key})
        for key in changes
        if key not in ("changes_to", "plan", *COLLECTIONS)
    ]
    document["plan"] = {**document.get("plan", {}), **(changes.get("plan") or {})}
    for collection in COLLECTIONS:
        problems += _apply(document, collection, changes.get(collection) or {}, file)
    if problems:
        raise PlanInvalid(problems)
    return document


def _apply(document: dict, collection: str, actions: dict, file: str) -> list[PlanProblem]:
    problems = [
        PlanProblem(file, collection, key, "unknown_field", {"value": key})
        for key in actions
        if key not in ACTIONS
    ]
    records = document.setdefault(collection, [])
    by_code = {r.get("code"): r for r in records if isinstance(r, dict)}
    for code, fields in (actions.get("change") or {}).items():
        if code not in by_code:
            problems.append(PlanProblem(file, f"{collection} {code}", "", "unknown_code", {"value": code}))
        else:
            by_code[code].update(fields or {})
    for code in actions.get("remove") or []:
        if code not in by_code:
            problems.append(PlanProblem(file, f"{collection} {code}", "", "unknown_code", {"value": code}))
    removed = set(actions.get("remove") or [])
    kept = [r for r in records if r.get("code") not in removed]
    document[collection] = kept + list(actions.get("add") or [])
    return problems
