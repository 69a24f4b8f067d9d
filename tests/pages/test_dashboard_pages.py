"""The committee's dashboards through AppTest: the numbers are the progress functions' and
the Excel balance's, filters come from the link, every page renders."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from monitoring.export import balance_tables, balance_workbook
from monitoring.i18n import translate
from monitoring.plan_store import load_plan
from monitoring.progress import live_snapshot, stage_counts
from monitoring.reporting import chosen_plan, submit_reports
from tests.monitoring.test_plan_order import AXES, LEAD_BODIES, PLAN

AS_OF = "2021-01"


@pytest.fixture
def history(session, world):
    """M001 completed, M003 in progress (overdue from Dec 2020), M005 continuous running."""
    rows = [
        {"measure": "M001", "stage": "completed", "evidence": "https://example.org/m001"},
        {"measure": "M003", "stage": "in_progress"},
        {"measure": "M005", "stage": "in_progress", "pace": "on_track"},
    ]
    submit_reports(
        session, actor=world["fp_sef"], month="2020-06", rows=rows, now=dt.datetime(2020, 7, 3, tzinfo=dt.UTC)
    )
    session.commit()
    return session


def metrics(at) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def test_overview_shows_the_progress_functions_numbers(app_as, history):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    _, plan = chosen_plan(history)
    counts = stage_counts(live_snapshot(history, plan, as_of=AS_OF))
    shown = metrics(at)
    assert (shown["Concluídas"], shown["Em execução"], shown["Não iniciadas"]) == (1, 1, 2)
    assert (shown["Contínuas"], shown["Em atraso"]) == (1, 1)
    assert (shown["Concluídas"], shown["Em atraso"]) == (counts["completed"], counts["overdue"])


def test_the_excel_balance_has_the_same_numbers_as_the_dashboard(app_as, history):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page("pages/dashboard.py").run()
    shown = metrics(at)
    balance = balance_tables(history, as_of=AS_OF, language="pt", today=dt.date(2021, 3, 1))
    assert (balance.counts["completed"], balance.counts["in_progress"], balance.counts["overdue"]) == (
        shown["Concluídas"],
        shown["Em execução"],
        shown["Em atraso"],
    )
    workbook = load_workbook(io.BytesIO(balance_workbook(history, as_of=AS_OF, today=dt.date(2021, 3, 1))))
    summary = workbook[workbook.sheetnames[1]]
    by_label = {row[0]: row[1] for row in summary.iter_rows(min_col=1, max_col=2, values_only=True) if row[0]}
    assert (by_label["Concluída"], by_label["Em execução"], by_label["Em atraso"]) == (
        shown["Concluídas"],
        shown["Em execução"],
        shown["Em atraso"],
    )


def test_filters_come_from_a_shared_link(app_as, history):
    at = app_as("committee", as_of=AS_OF, axis="E2").run()
    at.switch_page("pages/dashboard.py").run()
    assert at.caption[1].value == "3 de 6 medidas" or "3 de 6 medidas" in [c.value for c in at.caption]
    shown = metrics(at)
    assert shown["Concluídas"] == 0 and shown["Não iniciadas"] == 2  # E2: M002, M004 with deadlines, M006


@pytest.mark.parametrize("page", ["pages/trends.py", "pages/indicators.py", "pages/brief.py"])
def test_every_dashboard_page_renders_for_the_committee(app_as, history, page):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page(page).run()
    assert not at.exception


def test_the_attention_list_names_the_overdue_measure(app_as, history):
    at = app_as("committee", as_of=AS_OF, tab=translate("dash.tab.attention", "pt")).run()
    at.switch_page("pages/dashboard.py").run()
    attention = at.dataframe[-1].value
    overdue = attention[attention["Motivo"] == "Em atraso"]
    assert overdue["Código"].tolist() == ["M003"]


def test_the_committee_reads_but_does_not_report(app_as, history):
    at = app_as("committee").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/report.py")


def test_balance_page_prepares_both_downloads(app_as, history):
    at = app_as("committee").run()
    at.switch_page("pages/balance.py").run()
    at.button[0].click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 2


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def categories(figure: dict, axis: str = "xaxis") -> list[str]:
    return list(figure["layout"][axis]["categoryarray"])


@pytest.fixture
def shuffled(session, world):
    """A second plan whose file order is not alphabetical (see tests/monitoring/test_plan_order.py)."""
    load_plan(session, PLAN)
    session.commit()


def test_the_overviews_charts_follow_the_plans_order(app_as, shuffled):
    at = app_as("committee", as_of=AS_OF)
    at.query_params["plan"] = "ORDER"  # ?plan=ORDER (the fixture's own `plan` is the default file)
    at.run()
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    by_axis, treemap = figures(at)  # only the open tab is drawn: each tab in turn
    [by_objective] = figures(open_tab(at, "dash.tab.objective"))
    [by_body] = figures(open_tab(at, "dash.tab.body"))
    assert categories(by_axis) == AXES
    assert categories(by_objective) == ["12", "2", "9"]
    names = {b.code: b.name.pt for b in PLAN.bodies}
    assert categories(by_body) == [names[b] for b in LEAD_BODIES]
    boxes = treemap["data"][0]["ids"]
    assert [b for b in boxes if "/" not in b] == AXES
    assert [b.split("/")[1] for b in boxes if b.count("/") == 1] == ["O12", "O09", "O02"]  # by axis
    assert [b.split("/")[-1] for b in boxes if b.count("/") == 2] == ["M010", "M004", "M007", "M002", "M001"]
    assert treemap["data"][0]["labels"][boxes.index("E3/O12/M010")] == "M010"  # a readable label


def open_tab(at, key: str):
    """The overview with another tab open, as a click on it does (the tab is kept in the address)."""
    at.query_params["tab"] = translate(key, "pt")
    return at.switch_page("pages/dashboard.py").run()


def test_the_public_and_bodies_charts_follow_the_plans_order(start_app, shuffled):
    at = start_app()
    at.query_params["plan"] = "ORDER"
    at.run()
    at.switch_page("pages/public.py").run()
    assert not at.exception
    assert categories(figures(at)[0]) == AXES
    at.switch_page("pages/bodies.py").run()
    [chart] = figures(at)
    # from the bottom up: plotly draws the first of a horizontal chart's categories at the top
    assert categories(chart, "yaxis") == ["Administração Interna", "Trabalho e Segurança Social"]
