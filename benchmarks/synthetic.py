"""A synthetic plan of any size, shaped like the PNIPGM, for benchmarks."""

from __future__ import annotations

import datetime as dt
import random

from plan.model import Plan
from plan.validation import validate_document


def synthetic_document(measures: int = 2000, *, seed: int = 7) -> dict:
    """5 axes, 23 objectives, 16 ministries with 3 bodies each, `measures` measures."""
    rng = random.Random(seed)
    text = lambda label: {"pt": f"{label} (pt)", "en": f"{label} (en)"}  # noqa: E731
    areas = [f"A{n:02d}" for n in range(16)]
    bodies = [{"code": a, "kind": "area_of_government", "name": text(f"Area {a}")} for a in areas]
    bodies += [
        {"code": f"{a}-B{k}", "kind": "public_body", "parent": a, "name": text(f"Body {a}-{k}")}
        for a in areas
        for k in range(3)
    ]
    codes = [b["code"] for b in bodies]
    items = []
    for n in range(1, measures + 1):
        continuous = n % 6 == 0
        lead = rng.choice(areas)
        measure = {
            "code": f"M{n:05d}", "objective": f"O{(n % 23) + 1:02d}", "title": text(f"Measure {n}"),
            "description": text(f"What measure {n} does, in a sentence or two"),
            "lead_body": lead, "co_bodies": rng.sample([c for c in codes if c != lead], 2),
            "source": "synthetic",
            "indicators": [
                {"code": f"I{n:05d}", "name": text(f"Indicator {n}"), "unit": "people",
                 "kind": "cumulative_count", "baseline": 0, "target": rng.randint(10, 5000),
                 "target_date": dt.date(2022, 12, 31)}
            ],
        }  # fmt: skip
        if continuous:
            measure["continuous"] = True
        else:
            measure["deadline"] = dt.date(2020 + n % 3, 3 * (n % 4) + 3, 28)
        items.append(measure)
    return {
        "plan": {"code": f"SYN{measures}", "country": "XX", "title": text("Synthetic plan"),
                 "legal_basis": "none", "start": dt.date(2019, 8, 21), "end": dt.date(2022, 12, 31),
                 "provenance": "synthetic, for benchmarks"},
        "bodies": bodies,
        "axes": [{"code": f"E{n}", "title": text(f"Axis {n}")} for n in range(1, 6)],
        "objectives": [{"code": f"O{n:02d}", "gcm_number": n, "axis": f"E{(n - 1) % 5 + 1}",
                        "title": text(f"Objective {n}")} for n in range(1, 24)],
        "measures": items,
    }  # fmt: skip


def synthetic_plan(measures: int = 2000) -> Plan:
    return validate_document(synthetic_document(measures), file="synthetic")
