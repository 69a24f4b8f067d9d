"""axe-core (the copy bundled by `axe-playwright-python`) on a page of the app, with the WCAG 2.1
A and AA rules, and the list of known violations that live inside Streamlit's own components.

A violation is one node failing one rule on one page. A known issue names the rule, a regular
expression matched against the node (its selector and its HTML) and the reason it cannot be
fixed from the app; every other violation is the app's own and fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

KNOWN_ISSUES_FILE = Path(__file__).with_name("axe_known_issues.yaml")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

_axe = Axe()


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    target: str
    html: str
    summary: str
    within: str  # the Streamlit components around the node, innermost first: "stSidebarNav>stSidebar"

    def describe(self) -> str:
        return (
            f"[{self.page}] {self.rule} ({self.impact}) at {self.target} within {self.within or '-'}"
            f"\n    {self.html[:240]}\n    {self.summary}"
        )


@dataclass(frozen=True)
class KnownIssue:
    rule: str
    where: re.Pattern  # searched in the node's selector, its HTML and the components around it
    limitation: str  # the accessibility statement's name for it (monitoring/accessibility.py)
    reason: str

    def covers(self, violation: Violation) -> bool:
        return violation.rule == self.rule and any(
            self.where.search(text) for text in (violation.target, violation.html, violation.within)
        )

    def describe(self) -> str:
        return f"{self.rule} where /{self.where.pattern}/"


def known_issues(path: Path = KNOWN_ISSUES_FILE) -> list[KnownIssue]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        KnownIssue(e["rule"], re.compile(e["where"]), e["limitation"], " ".join(e["reason"].split()))
        for e in entries
    ]


def violations(page: Page, name: str) -> list[Violation]:
    """Every node failing a WCAG 2.1 A or AA rule on the page as it is now."""
    found = _axe.run(page, options=OPTIONS).response["violations"]
    return [
        Violation(
            page=name,
            rule=rule["id"],
            impact=rule.get("impact") or "",
            target=" ".join(_flatten(node["target"])),
            html=node.get("html", ""),
            summary=node.get("failureSummary", "").replace("\n", " "),
            within=_components_around(page, node["target"]),
        )
        for rule in found
        for node in rule["nodes"]
    ]


def _components_around(page: Page, target: list) -> str:
    """The `data-testid`s of the node's ancestors (Streamlit names its components so)."""
    if len(target) != 1 or not isinstance(target[0], str):
        return ""  # inside a frame or a shadow root: the selector alone says where
    return page.evaluate(
        """(selector) => { const out = []; let node = document.querySelector(selector);
            while (node) { const id = node.getAttribute && node.getAttribute('data-testid');
                if (id) out.push(id); node = node.parentElement; }
            return out.join('>'); }""",
        target[0],
    )


def _flatten(target) -> list[str]:
    """axe's node targets: selectors, nested in lists for frames and shadow roots."""
    out = []
    for part in target:
        out.extend(_flatten(part) if isinstance(part, list) else [str(part)])
    return out
