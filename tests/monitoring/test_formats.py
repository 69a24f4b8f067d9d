"""Numbers, months, dates and units in the reader's language, from Babel's CLDR data."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from monitoring import formats
from plan import read_plan_file
from plan.io import plan_yaml, read_plan_bytes
from plan.model import Text, UnitText
from plan.workbook import read_plan_workbook, write_plan_workbook
from tests.factories import make_plan
from tests.printing.conftest import PNIPGM


@pytest.mark.parametrize(
    ("show", "pt", "en"),
    [
        (lambda lang: formats.number(31.5, lang), "31,5", "31.5"),
        (lambda lang: formats.number(500000, lang), "500\xa0000", "500,000"),
        (lambda lang: formats.number(3.0, lang), "3", "3"),
        (lambda lang: formats.number(None, lang), "", ""),
        (lambda lang: formats.signed(-2, lang), "−2", "−2"),
        (lambda lang: formats.percent(0.315, lang), "31,5%", "31.5%"),
        (lambda lang: formats.month("2026-10", lang), "out. 2026", "Oct 2026"),
        (lambda lang: formats.date(dt.date(2021, 12, 31), lang), "31/12/2021", "31 Dec 2021"),
        (lambda lang: formats.excel_format("date", lang), "[$-816]dd\\/mm\\/yyyy", "[$-809]d mmm yyyy"),
        (lambda lang: formats.excel_format("month", lang), "[$-816]mmm yyyy", "[$-809]mmm yyyy"),
        (lambda lang: formats.plotly_separators(lang), ",\xa0", ".,"),
        (lambda lang: formats.unit("reports", lang), "relatórios", "reports"),
        (lambda lang: formats.unit(Text(pt="balcões", en="desks"), lang), "balcões", "desks"),
        (lambda lang: formats.unit("%", lang), "%", "%"),
    ],
)
def test_formats_follow_the_language(show, pt, en):
    assert (show("pt"), show("en")) == (pt, en)


def test_a_message_names_its_months_and_writes_its_dates_and_numbers_in_the_language():
    params = {
        "month": "2020-03",
        "since": "2019-10",
        "template": "2020-02",
        "value": 1500.5,
        "limit": 4000,
        "at": dt.datetime(2020, 4, 5, 11, 31, 7),
        "day": dt.date(2020, 4, 16),
    }
    assert formats.message_params(params, "pt") == {
        "month": "mar. 2020",
        "since": "out. 2019",
        "template": "fev. 2020",
        "value": "1\xa0500,5",
        "limit": "4\xa0000",
        "at": "05/04/2020 11:31:07",
        "day": "16/04/2020",
    }
    assert formats.message_params(params, "en")["month"] == "Mar 2020"
    assert formats.message_params(params, "en")["at"] == "5 Apr 2020, 11:31:07"


def test_a_message_keeps_what_someone_wrote_and_where_it_is_in_a_file():
    params = {
        "value": "2020-03",
        "month": "2020-13",
        "row": 1234,
        "last": "AB",
        "field": "percent",
        "flag": True,
    }
    assert formats.message_params(params, "en") == params


def test_every_unit_of_the_pnipgm_is_translated_by_the_catalogue():
    units = {i.unit for _, i in read_plan_file(PNIPGM).indicators()}
    untranslated = {u for u in units if isinstance(u, str) and u != "%" and formats.unit(u, "pt") == u}
    assert units and not untranslated


def test_a_plan_gives_a_unit_in_both_languages_in_yaml_and_in_the_workbook():
    plan = make_plan()
    measure = plan.measures[0]
    indicator = measure.indicators[0].model_copy(update={"unit": UnitText(pt="relatórios", en="reports")})
    plan = plan.model_copy(
        update={"measures": (measure.model_copy(update={"indicators": (indicator,)}), *plan.measures[1:])}
    )
    text = plan_yaml(plan)
    assert "unit: {pt: relatórios, en: reports}" in text
    assert read_plan_bytes(text.encode(), name="plan.yaml") == plan
    buffer = io.BytesIO()
    write_plan_workbook(plan, buffer)
    assert read_plan_workbook(io.BytesIO(buffer.getvalue()), name="plan.xlsx") == plan
