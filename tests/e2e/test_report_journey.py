"""A focal point signs in and reports the month, driven in a real browser.

The accounts are made with the CLI by the `app_server` fixture (see conftest.ACCOUNTS). The
sign-in lives in the Streamlit session: a new page is a new session and signs in again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .ui import (
    TIMEOUT,
    edit_cell,
    fill_sign_in,
    grid_cell,
    header,
    nav_link,
    open_app,
    settle,
    shot,
    sign_in,
    sign_in_form,
)

pytestmark = pytest.mark.e2e

IN_PROGRESS = "Em execução"
# Two SEF measures that are not continuous (no pace needed) and start "Não iniciada".
CHANGED = {1: "M002", 2: "M003"}
INDICATOR_ROW, INDICATOR, INDICATOR_VALUE = 1, "I002", "12"
SAVED = re.compile(
    r"^Guardado: (\d+) medida\(s\) reportada\(s\) para o mês; (\d+) já estava\(m\) reportada\(s\) assim\.$"
)


def open_report(page: Page) -> tuple[Locator, Locator]:
    """The "Reporte mensal" page from the sidebar; its measures grid and indicators grid."""
    nav_link(page, "Reporte mensal").click()
    expect(page.get_by_role("heading", name="Reporte mensal")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    grids = page.get_by_test_id("stDataFrame")
    expect(grids).to_have_count(2, timeout=TIMEOUT)
    measures, indicators = grids.nth(0), grids.nth(1)
    for name in ("Código", "Situação", "Estado"):  # the columns in view (the grid virtualises)
        expect(header(measures, name)).to_be_attached()
    expect(header(indicators, "Valor do mês")).to_be_attached()
    return measures, indicators


def record_alerts(page: Page) -> None:
    """Keep the text of every alert the page shows from now on, however briefly."""
    page.evaluate(
        """() => {
            window.__alerts = [];
            const seen = (node) => node.querySelectorAll && [
                ...(node.matches('[data-testid=stAlert]') ? [node] : []),
                ...node.querySelectorAll('[data-testid=stAlert]'),
            ].forEach((alert) => window.__alerts.push(alert.innerText.trim()));
            window.__alertObserver = new MutationObserver((mutations) => mutations.forEach(
                (m) => [m.target, ...m.addedNodes].forEach(seen)));
            window.__alertObserver.observe(document.body, {
                childList: true, subtree: true, characterData: true});
        }"""
    )


def alerts_seen(page: Page) -> list[str]:
    return page.evaluate("() => window.__alerts")


def wait_for_alert(page: Page, pattern: re.Pattern) -> str:
    """The first alert seen since record_alerts() whose text matches `pattern`."""
    page.wait_for_function(
        "(source) => window.__alerts.some((text) => new RegExp(source).test(text))",
        arg=pattern.pattern,
        timeout=TIMEOUT,
    )
    return next(text for text in alerts_seen(page) if pattern.search(text))


def test_wrong_password_shows_the_generic_error(
    page: Page, app_server: str, accounts, screenshot_dir: Path
) -> None:
    focal = accounts["focal_sef"]
    sign_in(page, app_server, focal.email, focal.password + "-wrong", expect_success=False)
    error = page.get_by_test_id("stAlert").filter(has_text="Não foi possível entrar")
    expect(error).to_be_visible(timeout=TIMEOUT)
    expect(nav_link(page, "Entrar")).to_be_visible()  # still signed out
    expect(nav_link(page, "Reporte mensal")).to_have_count(0)
    shot(page, screenshot_dir, "07_login_wrong_password")
    # An unknown address gets the very same message (nothing tells which part was wrong).
    fill_sign_in(page, "ninguem@e2e.example.pt", "qualquer-coisa-longa")
    expect(error).to_be_visible(timeout=TIMEOUT)
    expect(nav_link(page, "Entrar")).to_be_visible()


def test_focal_point_reports_the_month(
    page: Page, context, app_server: str, accounts, screenshot_dir: Path
) -> None:
    focal = accounts["focal_sef"]
    open_app(page, f"{app_server}/")
    nav_link(page, "Entrar").click()
    expect(sign_in_form(page)).to_be_visible(timeout=TIMEOUT)
    shot(page, screenshot_dir, "07_login")
    sign_in(page, app_server, focal.email, focal.password)

    measures, indicators = open_report(page)
    expect(page.get_by_text(re.compile(r"^SEF: "))).to_be_visible()
    for row, code in CHANGED.items():
        expect(grid_cell(measures, row, "Código")).to_have_text(code)
        expect(grid_cell(measures, row, "Estado")).to_have_text("Não iniciada")
    expect(grid_cell(indicators, INDICATOR_ROW, "Indicador")).to_have_text(INDICATOR)

    for row in CHANGED:
        edit_cell(page, measures, row, "Estado", IN_PROGRESS)
    edit_cell(page, indicators, INDICATOR_ROW, "Valor do mês", INDICATOR_VALUE)
    for row in CHANGED:
        expect(grid_cell(measures, row, "Estado")).to_have_text(IN_PROGRESS)
    rows = int(measures.locator("[role=grid]").get_attribute("aria-rowcount")) - 1  # less the header
    shot(page, screenshot_dir, "08_report_filled")

    record_alerts(page)
    page.get_by_role("button", name="Submeter o mês").click()
    shown = wait_for_alert(page, SAVED)
    # The month's first submission stores every measure of the table, changed or not.
    counts = SAVED.search(shown)
    assert (int(counts[1]), int(counts[2])) == (rows, 0)
    settle(page)
    assert not any("recusada" in text for text in alerts_seen(page))
    expect(page.get_by_text(re.compile(r"^SEF: submetido"))).to_be_visible()
    # The outcome stays on the page until the next submission.
    expect(page.get_by_text(SAVED)).to_be_visible(timeout=TIMEOUT)
    shot(page, screenshot_dir, "09_report_submitted")

    # A second tab is signed in already, and finds the month as it was submitted.
    again = context.new_page()
    try:
        open_app(again, f"{app_server}/")
        measures, indicators = open_report(again)
        for row, code in CHANGED.items():
            expect(grid_cell(measures, row, "Código")).to_have_text(code)
            expect(grid_cell(measures, row, "Estado")).to_have_text(IN_PROGRESS)
            expect(grid_cell(measures, row, "Situação")).to_have_text("Reportada")
        expect(grid_cell(measures, 0, "Estado")).to_have_text("Não iniciada")
        expect(grid_cell(indicators, INDICATOR_ROW, "Indicador")).to_have_text(INDICATOR)
        expect(grid_cell(indicators, INDICATOR_ROW, "Valor do mês")).to_have_text(INDICATOR_VALUE)
        expect(again.get_by_text(re.compile(r"^SEF: "))).not_to_have_text(re.compile("por submeter"))
        shot(again, screenshot_dir, "10_report_after_reload")
    finally:
        again.close()
