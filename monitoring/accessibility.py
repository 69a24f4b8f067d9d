"""What the accessibility statement says (Decreto-Lei n.º 83/2018, which transposes Directive
(EU) 2016/2102): the standard aimed at, how far the service meets it, the known limitations, when
it was last checked and how, and where to report a barrier. The texts are in the catalogue
(`statement.*`); README's "Accessibility" says how to update this after a check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale
from babel.lists import format_list

STANDARD = "WCAG 2.1"
LEVEL = "AA"
# "partial": the service meets the standard except for the limitations below, all of which
# live inside Streamlit's own components (tests/e2e/axe_known_issues.yaml names each one).
CONFORMANCE = "partial"
LAST_CHECKED = dt.date(2026, 11, 28)
AXE_CORE_VERSION = "4.12.1"  # bundled by axe-playwright-python; the version the check ran with
# Each known limitation is a catalogue key `statement.limitation.<name>`.
LIMITATIONS = ("sidebar_list", "data_grid", "english_labels")

_EMAIL = re.compile(r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[^@\s<>()\[\]]+$")
_WEB = re.compile(r"^https://[^\s<>()\[\]]+$")


@dataclass(frozen=True)
class Contact:
    """Where to report a barrier, as the operator configured it."""

    text: str
    href: str | None  # a mailto: or https: link, when the contact is one


def barrier_contact(configured: str | None) -> Contact | None:
    """The operator's contact (an e-mail address, an https address or a plain text such as a
    telephone number); None when none is configured, so that none is ever made up."""
    text = " ".join((configured or "").split())
    if not text:
        return None
    if _EMAIL.match(text):
        return Contact(text, f"mailto:{text}")
    if _WEB.match(text):
        return Contact(text, text)
    return Contact(text, None)


def language_list(languages: Sequence[str], in_language: str) -> str:
    """The languages the check ran in, named and listed as `in_language` writes them:
    "português, inglês e espanhol", "Portuguese, English and Spanish"."""
    names = [Locale.parse(code).get_language_name(in_language) or code for code in languages]
    return format_list(names, locale=in_language)
