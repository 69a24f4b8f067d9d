"""Where a plan's figures and wordings come from, for every view that shows them.

A baseline or target that is not the plan's own (official) figure is marked wherever it is
shown: `*` for an illustrative placeholder of a reconstruction, `†` for a figure a public report
gives (with its citation). The marks and their words come from here, so pages, the public page,
the brief, the balance workbook and the open data say the same thing.
"""

from __future__ import annotations

import pandas as pd

from monitoring import formats
from monitoring.i18n import translate
from plan import Plan
from plan.model import Citation, FigureBasis, Indicator

FIGURES = ("baseline", "target")
MARKS = {FigureBasis.OFFICIAL: "", FigureBasis.REPORTED: "†", FigureBasis.ILLUSTRATIVE: "*"}
BASIS_COLUMNS = ["indicator", "baseline_basis", "target_basis", "figures_source"]


def mark(basis: FigureBasis | str) -> str:
    return MARKS[FigureBasis(basis)]


def citation_text(plan: Plan, citation: Citation | None) -> str:
    """A citation as a reader sees it: the source's title, then the passage in quotes."""
    if citation is None:
        return ""
    titles = {s.code: s.title for s in plan.plan.sources}
    return f"{titles.get(citation.source, citation.source)}: “{citation.passage}”"


def figures_source(plan: Plan, indicator: Indicator) -> str:
    """The citations of an indicator's figures, each named by the figure it supports."""
    parts = []
    for figure in FIGURES:
        text = citation_text(plan, getattr(indicator, f"{figure}_source"))
        if text:
            parts.append(f"{figure}: {text}")
    return " · ".join(parts)


def figure_bases(plan: Plan) -> pd.DataFrame:
    """One row per indicator: the basis of its baseline and target (a code: official, reported,
    illustrative; empty where there is no figure) and the citations of reported ones."""
    rows = [
        {
            "indicator": i.code,
            **{f"{f}_basis": i.basis(f).value if getattr(i, f) is not None else "" for f in FIGURES},
            "figures_source": figures_source(plan, i),
        }
        for _, i in plan.indicators()
    ]
    return pd.DataFrame(rows, columns=BASIS_COLUMNS)


def with_bases(plan: Plan, status: pd.DataFrame) -> pd.DataFrame:
    """An indicator table (one row per indicator, column `indicator`) with the bases added."""
    return status.merge(figure_bases(plan), on="indicator", how="left")


def has_unofficial_figures(plan: Plan) -> bool:
    return any(i.basis(f) is not FigureBasis.OFFICIAL for _, i in plan.indicators() for f in FIGURES)


def marked(text: str, basis: str) -> str:
    """A figure already written as text, with its mark: "1 500 *" (no mark for an official one)."""
    if not text:
        return ""
    return f"{text} {mark(basis) if basis else ''}".strip()


def marked_number(value: object, basis: str, language: str) -> str:
    """A figure written as people read it in the language, with its mark, for charts and printed
    lines: "1 500 *" in Portuguese, "1,500 *" in English."""
    if value is None or pd.isna(value):
        return ""
    return marked(formats.number(value, language), basis)


def basis_words(baseline_basis: str, target_basis: str, language: str) -> str:
    """The bases of a row in words ("* illustrative"), empty when both figures are official."""
    bases = zip(FIGURES, (baseline_basis, target_basis), strict=True)
    shown = {f: b for f, b in bases if b and b != FigureBasis.OFFICIAL.value}
    if not shown:
        return ""
    if len(shown) == 2 and len(set(shown.values())) == 1:
        basis = shown["target"]
        return f"{mark(basis)} {translate(f'basis.{basis}', language)}"
    words = [
        f"{mark(b)} {translate(f'col.{f}', language)}: {translate(f'basis.{b}', language)}"
        for f, b in shown.items()
    ]
    return " · ".join(words)


def basis_counts(plan: Plan) -> dict[str, int]:
    """How many baselines and targets rest on each basis (figures the plan gives only)."""
    counts = {b.value: 0 for b in FigureBasis}
    for _, indicator in plan.indicators():
        for figure in FIGURES:
            if getattr(indicator, figure) is not None:
                counts[indicator.basis(figure).value] += 1
    return counts


def basis_summary(plan: Plan, language: str) -> str:
    """One line: how many of the plan's figures are official, reported and illustrative."""
    return translate("basis.summary", language, **basis_counts(plan))


def footnote(language: str) -> str:
    """What the marks mean, in one line under a table of figures."""
    return translate("basis.footnote", language)


def off_track_marks(plan: Plan, indicator_codes: str) -> str:
    """The marks of the targets behind an "indicator off track" judgement ("I001, I002")."""
    by_code = {i.code: i for _, i in plan.indicators()}
    bases = {by_code[c.strip()].basis("target") for c in indicator_codes.split(",") if c.strip() in by_code}
    return "".join(sorted({mark(b) for b in bases}))
