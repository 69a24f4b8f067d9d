"""The meeting brief's document parts: a header that says what it shows, tables whose text is
escaped and whose numbers read in the chosen language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from monitoring import brief
from tests.factories import make_plan


@pytest.mark.parametrize(
    ("language", "validated", "words"),
    [
        ("pt", False, ["situação no fim de out. 2026", "Mês de referência:</b> out. 2026", "todos os reportes",
                       "Data de impressão:</b> 03/11/2026"]),
        ("en", True, ["state at the end of Oct 2026", "only reports of months validated", "Printed on:</b> 3 Nov 2026"]),
    ],
)  # fmt: skip
def test_the_header_states_plan_month_basis_and_print_date(language, validated, words):
    header = brief.header_html(make_plan(), "2026-10", validated, language, dt.date(2026, 11, 3))
    assert all(word in header for word in words), header
    assert "Test plan" in header


def test_tables_escape_text_and_mark_numbers():
    table = pd.DataFrame({"Código": ["<script>x</script>"], "N.º": ["1 234"]})
    html = brief.section_html("A & B", table, numbers=("N.º",))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<h3>A &amp; B</h3>" in html
    assert '<td class="number">1 234</td>' in html


def test_headline_changes_are_signed_in_the_language():
    table = pd.DataFrame({"now": [1500, 3], "since_month": [2, -1], "since_quarter": [0, 4]},
                         index=["completed", "overdue"])  # fmt: skip
    shown = brief.headline_table(table, "pt")
    assert shown.iloc[0].tolist() == ["Concluídas", "1\xa0500", "+2", "0"]
    assert shown.iloc[1].tolist()[2:] == ["−1", "+4"]
