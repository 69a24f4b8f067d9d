"""A focal point reports a measure's month with the keyboard only: sign in, open the monthly
report, change one row, submit and read the result, checking where the focus is after each step.

Only the address of the sign-in page is typed in (as a person types it in the address bar);
everything after that is Playwright's `keyboard`. The account reports for ME (Education), whose
measures are not SEF's, so this month does not depend on the SEF month of the report journey.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .ui import TIMEOUT, column_index, grid_cell, settle, shot

pytestmark = pytest.mark.e2e

MAX_KEYS = 30  # a bound on the presses of Tab to reach something: never an endless walk
SAVED = re.compile(r"Guardado: \d+ medida\(s\) reportada\(s\) para o mês")


def focused(page: Page) -> dict:
    """What has the focus: its tag, test id, class, label and text."""
    return page.evaluate(
        """() => { const a = document.activeElement || document.body;
            return {tag: a.tagName, testid: a.getAttribute('data-testid') || '',
                    cls: String(a.className || ''), label: a.getAttribute('aria-label') || '',
                    text: (a.innerText || a.value || '').trim().slice(0, 120),
                    inGrid: !!a.closest('[data-testid=stDataFrame]'),
                    grid: Array.from(document.querySelectorAll('[data-testid=stDataFrame]'))
                        .indexOf(a.closest('[data-testid=stDataFrame]'))}; }"""
    )


def heading_has_focus(page: Page, name: str | re.Pattern) -> None:
    heading = page.locator("[data-testid=stMain] h1").first
    expect(heading).to_have_text(name, timeout=TIMEOUT)
    expect(heading).to_be_focused(timeout=TIMEOUT)


def press_until(page: Page, key: str, reached, what: str) -> dict:
    """Press `key` until `reached(focused)` holds, at most MAX_KEYS times."""
    walked = []
    for _ in range(MAX_KEYS):
        page.keyboard.press(key)
        page.wait_for_timeout(120)
        now = focused(page)
        walked.append(f"{now['tag']}[{now['testid'] or now['label']}] {now['text'][:40]!r}")
        if reached(now):
            return now
    raise AssertionError(f"{what} not reached with {key}; focus went through:\n" + "\n".join(walked))


def selected_cell(grid: Locator) -> tuple[int, int] | None:
    """(column, row) of the grid's selected cell, read from its accessible fallback table."""
    cell = grid.locator("[data-testid^=glide-cell-][aria-selected=true]")
    if cell.count() == 0:
        return None
    column, row = cell.first.get_attribute("data-testid").split("-")[-2:]
    return int(column), int(row)


def move_to(page: Page, grid: Locator, column: int, row: int) -> None:
    """Arrow keys from wherever the selection is to the cell (column, row)."""
    walked = []
    for _ in range(MAX_KEYS):
        at = selected_cell(grid)
        walked.append(at)
        if at == (column, row):
            return
        if at is None:
            page.keyboard.press("ArrowDown")  # the first arrow selects a cell
        elif at[1] != row:
            page.keyboard.press("ArrowDown" if at[1] < row else "ArrowUp")
        else:
            page.keyboard.press("ArrowRight" if at[0] < column else "ArrowLeft")
        page.wait_for_timeout(400)  # the fallback table follows the canvas a moment later
    raise AssertionError(
        f"the arrow keys did not reach cell {column},{row} (at {selected_cell(grid)}, focus on "
        f"{focused(page)}; went {walked})"
    )


def test_report_a_month_with_the_keyboard_only(
    page: Page, app_server: str, accounts, screenshot_dir: Path
) -> None:
    focal = accounts["focal_me"]

    # 1. The sign-in page: its heading has the focus; Tab reaches the e-mail, then the password.
    page.goto(f"{app_server}/login")
    settle(page)
    heading_has_focus(page, "Entrar")
    page.keyboard.press("Tab")
    expect(page.locator("#gcm-email")).to_be_focused()
    page.keyboard.type(focal.email)
    page.keyboard.press("Tab")
    expect(page.locator("#gcm-password")).to_be_focused()
    page.keyboard.type(focal.password)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    settle(page)

    # 2. Signed in, on the plan: the focus is on the page's heading, not lost on the body.
    heading_has_focus(page, re.compile("Plano Nacional"))

    # 3. Back (Shift+Tab) to the sidebar's "Reporte mensal", Enter: its heading has the focus.
    press_until(
        page,
        "Shift+Tab",
        lambda f: f["testid"] == "stSidebarNavLink" and f["text"].endswith("Reporte mensal"),
        "the navigation link «Reporte mensal»",
    )
    page.keyboard.press("Enter")
    settle(page)
    heading_has_focus(page, "Reporte mensal")
    expect(page.get_by_text(re.compile("^Teclado: as setas movem entre células"))).to_be_visible()

    # 4. Tab into the measures grid; the arrow keys reach the first row's stage; Enter edits it,
    # typing picks "Em execução" and Enter saves it (and moves down a row, as the hint says).
    grids = page.get_by_test_id("stDataFrame")
    expect(grids).to_have_count(2, timeout=TIMEOUT)
    measures = grids.nth(0)
    press_until(page, "Tab", lambda f: f["inGrid"] and f["grid"] == 0 and f["tag"] == "CANVAS", "the grid")
    stage = column_index(measures, "Estado")
    expect(grid_cell(measures, 0, "Estado")).to_have_text("Não iniciada")
    move_to(page, measures, stage, 0)
    page.keyboard.press("Enter")
    editor = page.locator("#portal").locator("input, textarea").first
    expect(editor).to_be_focused(timeout=TIMEOUT)
    page.keyboard.type("Em execu", delay=40)
    page.keyboard.press("Enter")
    expect(grid_cell(measures, 0, "Estado")).to_have_text("Em execução", timeout=TIMEOUT)
    settle(page)  # the edit reruns the page (a draft is kept on the server)
    assert focused(page)["inGrid"], f"the focus left the grid after an edit: {focused(page)}"
    expect(grid_cell(measures, 1, "Estado")).to_have_text("Não iniciada")  # the next row unchanged

    # 5. Escape, then Tab leaves a grid (inside one, Tab moves between cells) until "Submeter o mês".
    def leave_grids_to_submit(f: dict) -> bool:
        if f["inGrid"] and f["tag"] != "BUTTON":
            page.keyboard.press("Escape")
        return f["tag"] == "BUTTON" and f["text"].endswith("Submeter o mês")

    press_until(page, "Tab", leave_grids_to_submit, "the button «Submeter o mês»")
    shot(page, screenshot_dir, "11_keyboard_before_submit")
    page.keyboard.press("Enter")

    # 6. The outcome has the focus, and the live region reads it out.
    result = page.locator(".st-key-gcm-result")
    expect(result).to_contain_text(SAVED, timeout=TIMEOUT)
    expect(result).to_be_focused(timeout=TIMEOUT)
    expect(page.locator("#gcm-live")).to_have_attribute("role", "status")
    expect(page.locator("#gcm-live")).to_contain_text(SAVED, timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text(re.compile(r"^ME: submetido"))).to_be_visible()
    expect(grid_cell(grids.nth(0), 0, "Estado")).to_have_text("Em execução")
    shot(page, screenshot_dir, "12_keyboard_submitted")
