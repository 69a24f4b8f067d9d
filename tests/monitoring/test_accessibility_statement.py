"""The accessibility statement's facts: a contact only when the operator gave one, and the
known limitations it lists agree with the known issues of the axe check."""

from pathlib import Path

import pytest
import yaml

from monitoring import accessibility
from monitoring.accessibility import Contact, barrier_contact
from monitoring.i18n import CATALOGUE, LANGUAGES, translate

KNOWN_ISSUES = Path(__file__).resolve().parents[1] / "e2e" / "axe_known_issues.yaml"


@pytest.mark.parametrize(
    ("configured", "contact"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (
            "acessibilidade@exemplo.gov.pt",
            Contact("acessibilidade@exemplo.gov.pt", "mailto:acessibilidade@exemplo.gov.pt"),
        ),
        (
            "https://exemplo.gov.pt/contactos",
            Contact("https://exemplo.gov.pt/contactos", "https://exemplo.gov.pt/contactos"),
        ),
        ("+351 210 000 000", Contact("+351 210 000 000", None)),
        ("http://exemplo.gov.pt", Contact("http://exemplo.gov.pt", None)),  # not https: no link
        ("javascript:alert(1)", Contact("javascript:alert(1)", None)),
        ("a@b.pt <script>", Contact("a@b.pt <script>", None)),
    ],
)
def test_the_barrier_contact_is_what_the_operator_configured(configured, contact):
    assert barrier_contact(configured) == contact


@pytest.mark.parametrize("name", accessibility.LIMITATIONS)
def test_each_known_limitation_is_written_in_every_language(name):
    texts = [translate(f"statement.limitation.{name}", lang) for lang in LANGUAGES]
    assert all(text.strip() for text in texts) and len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    ("in_language", "listed"),
    [
        ("pt", "português, inglês e espanhol"),
        ("en", "Portuguese, English, and Spanish"),
        ("es", "portugués, inglés y español"),
    ],
)
def test_the_statement_names_the_languages_checked_in_the_pages_language(in_language, listed):
    assert accessibility.language_list(["pt", "en", "es"], in_language) == listed


def test_every_known_axe_issue_is_a_limitation_the_statement_lists():
    issues = yaml.safe_load(KNOWN_ISSUES.read_text(encoding="utf-8"))
    assert issues, "the known issues file lists none: the statement would claim too much"
    for issue in issues:
        assert issue["limitation"] in accessibility.LIMITATIONS, issue
        assert issue["reason"].strip(), issue


def test_the_statement_claims_partial_conformance_while_limitations_remain():
    assert accessibility.CONFORMANCE == ("partial" if accessibility.LIMITATIONS else "full")
    assert f"statement.status.{accessibility.CONFORMANCE}" in CATALOGUE
