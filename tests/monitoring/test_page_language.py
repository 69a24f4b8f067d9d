"""The language a page declares: the interface's, and the plan's texts' own when they differ."""

import pytest

from monitoring.i18n import DEFAULT_LANGUAGE, LANGUAGES
from monitoring.page_language import (
    document_language,
    interface_languages,
    language_tag,
    plan_text_tag,
    text_language,
)


@pytest.mark.parametrize(
    ("code", "tag"),
    [
        ("pt", "pt-PT"),
        ("en", "en"),
        ("es", "es"),
        ("FR", "fr"),
        (" de ", "de"),
        ("", None),
        ("portuguese", None),
        ('en" onload="x', None),
        ("pt-BR", None),
    ],
)
def test_a_language_code_becomes_a_bcp_47_tag_or_nothing(code, tag):
    assert language_tag(code) == tag


@pytest.mark.parametrize(
    ("requested", "tag"),
    [(None, "pt-PT"), ("pt", "pt-PT"), ("en", "en"), ("xx", "pt-PT"), ("<b>", "pt-PT"), ("", "pt-PT")],
)
def test_the_first_load_declares_the_language_asked_for_or_the_default(requested, tag):
    assert document_language(requested, tuple(LANGUAGES), DEFAULT_LANGUAGE) == tag


@pytest.mark.parametrize(
    ("interface", "plan_languages", "shown_in", "tag"),
    [
        ("pt", ("pt", "en"), "pt", None),
        ("en", ("pt", "en"), "en", None),
        # A plan written in a language the interface has no catalogue for: its texts are in
        # that language on a page in the interface's, and say so.
        ("pt", ("fr",), "fr", "fr"),
        ("en", ("es", "pt"), "es", "es"),
        ("pt", (), "pt", None),
    ],
)
def test_a_plans_texts_carry_their_own_language_when_the_interface_lacks_it(
    interface, plan_languages, shown_in, tag
):
    assert text_language(interface, plan_languages) == shown_in
    assert plan_text_tag(interface, plan_languages) == tag


@pytest.mark.parametrize(
    ("plan_languages", "offered"),
    [
        (("pt", "en"), ["pt", "en", "es"]),
        (("es", "en"), ["es", "en", "pt"]),
        (("fr", "en"), ["en", "pt", "es"]),
        ((), ["pt", "en", "es"]),
    ],
)
def test_the_interface_offers_the_plans_languages_first(plan_languages, offered):
    assert interface_languages(plan_languages, ["pt", "en", "es"]) == offered
