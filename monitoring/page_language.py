"""The language a page declares to browsers and screen readers (a BCP 47 tag on `<html lang>`),
and the one a plan's own texts are in, which need not be the interface's: a plan may be written
in a language the interface has no catalogue for."""

from __future__ import annotations

import re
from collections.abc import Sequence

from plan import Plan

# The platform speaks European Portuguese; other languages are named without a region.
REGIONS = {"pt": "pt-PT"}
_CODE = re.compile(r"^[a-z]{2,3}$")


def language_tag(code: str) -> str | None:
    """`pt` → `pt-PT`, another ISO 639 code as it is (`en`, `es`, `fr`); None for anything else,
    which must never reach the page."""
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        return None
    return REGIONS.get(code, code)


def document_language(requested: str | None, interface: Sequence[str], default: str) -> str:
    """The tag of the interface language a page is drawn in: the one asked for (`?lang=`) when
    the interface has it, else the default."""
    chosen = requested if requested in interface else default
    return language_tag(chosen) or language_tag(default) or "pt-PT"


def plan_languages(plan: Plan) -> tuple[str, ...]:
    """The languages a plan's texts are written in, its first the default."""
    return plan.languages


def interface_languages(plan_languages: Sequence[str], interface: Sequence[str]) -> list[str]:
    """The interface's languages in the order they are offered: the plan's own first (in the
    plan's order), so that the first is the language a page opens in when none is asked for."""
    own = [lang for lang in plan_languages if lang in interface]
    return own + [lang for lang in interface if lang not in own]


def text_language(interface: str, plan_languages: Sequence[str]) -> str:
    """The language a plan's texts are shown in: the interface's when the plan is written in it,
    else the plan's first language."""
    if interface in plan_languages or not plan_languages:
        return interface
    return plan_languages[0]


def plan_text_tag(interface: str, plan_languages: Sequence[str]) -> str | None:
    """The `lang` the plan's texts must carry on a page in `interface`, or None when they are in
    the page's own language."""
    own = text_language(interface, plan_languages)
    return None if own == interface else language_tag(own)
