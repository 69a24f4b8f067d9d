"""A focal point reports a measure's month with the keyboard only: sign in, open the monthly
report, choose the month, change one measure's stage, submit and read the result, checking where the focus is after each step.

Only the address of the sign-in page is typed in (as a person types it in the address bar);
everything after that is Playwright's `keyboard`. The account reports for ME (Education), whose
measures are not SEF's, so this month does not depend on the SEF month of the report journey.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from monitoring import formats
from monitoring.months import oldest_open_month

from .ui import TIMEOUT, settle, shot

pytestmark = pytest.mark.e2e

MAX_KEYS = 30  # a bound on the presses of Tab to reach something: never an endless walk
MAX_FORM_KEYS = 80  # through the month's four cards, every field of each
SAVED = re.compile(r"Guardado: \d+ medidas? reportadas? para o mês")
MONTH = oldest_open_month(dt.date.today(), 10)  # the month open for reporting today
FIRST, SECOND = "M057", "M058"  # ME's first two measures, in the plan's order


def focused(page: Page) -> dict:
    """What has the focus: its tag, test id, class, label and text."""
    return page.evaluate(
        """() => { const a = document.activeElement || document.body;
            return {tag: a.tagName, testid: a.getAttribute('data-testid') || '',
                    cls: String(a.className || ''), label: a.getAttribute('aria-label') || '',
                    text: (a.innerText || a.value || '').trim().slice(0, 120),
                    widget: (a.closest('[data-testid=stSelectbox], [data-testid=stNumberInput], ' +
                        '[data-testid=stTextInput], [data-testid=stTextArea]')
                        ?.querySelector('[data-testid=stWidgetLabel]')?.innerText || '').trim(),
                    card: ((a.closest('[class*="st-key-card-"]')?.className || '')
                        .match(/st-key-card-[a-z]+-([A-Z0-9]+)/) || [])[1] || ''}; }"""
    )


def heading_has_focus(page: Page, name: str | re.Pattern) -> None:
    heading = page.locator("[data-testid=stMain] h1").first
    expect(heading).to_have_text(name, timeout=TIMEOUT)
    expect(heading).to_be_focused(timeout=TIMEOUT)


def press_until(page: Page, key: str, reached, what: str, most: int = MAX_KEYS) -> dict:
    """Press `key` until `reached(focused)` holds, at most `most` times."""
    walked = []
    for _ in range(most):
        page.keyboard.press(key)
        page.wait_for_timeout(120)
        now = focused(page)
        walked.append(
            f"{now['tag']}[{now['testid'] or now['label']}] {now['text'][:40]!r} {now.get('card', '')}"
        )
        if reached(now):
            return now
    raise AssertionError(f"{what} not reached with {key}; focus went through:\n" + "\n".join(walked))


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

    # 4. Tab to the month, type the month open for reporting, Enter: the month's cards.
    press_until(page, "Tab", lambda f: f["widget"] == "Mês de reporte", "the month")
    page.keyboard.type(formats.month(MONTH, "pt"), delay=40)
    page.keyboard.press("Enter")
    settle(page)
    expect(stage_box(page, FIRST)).to_be_visible(timeout=TIMEOUT)

    # 5. Tab to the first card's stage; typing picks "Em execução" and Enter chooses it. Only
    # that card changes (the other cards keep their stage) and the focus stays on the field.
    press_until(
        page, "Tab", lambda f: f["widget"] == "Estado" and f["card"] == FIRST, "the first card's stage"
    )
    page.keyboard.type("Em execu", delay=40)
    page.keyboard.press("Enter")
    settle(page)
    expect(stage_box(page, FIRST)).to_have_value("Em execução", timeout=TIMEOUT)
    expect(stage_box(page, SECOND)).to_have_value("Não iniciada")
    assert focused(page)["card"] == FIRST, f"the focus left the card after an edit: {focused(page)}"

    # 6. Tab on, past the month's other fields, to "Submeter o mês", and Enter.
    press_until(
        page,
        "Tab",
        lambda f: f["tag"] == "BUTTON" and f["text"].endswith("Submeter o mês"),
        "the button «Submeter o mês»",
        most=MAX_FORM_KEYS,
    )
    shot(page, screenshot_dir, "11_keyboard_before_submit")
    page.keyboard.press("Enter")

    # 7. The outcome has the focus, and the live region reads it out.
    result = page.locator(".st-key-gcm-result")
    expect(result).to_contain_text(SAVED, timeout=TIMEOUT)
    expect(result).to_be_focused(timeout=TIMEOUT)
    expect(page.locator("#gcm-live")).to_have_attribute("role", "status")
    expect(page.locator("#gcm-live")).to_contain_text(SAVED, timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text(re.compile(r"^Educação: submetido"))).to_be_visible()
    expect(stage_box(page, FIRST)).to_have_value("Em execução")
    shot(page, screenshot_dir, "12_keyboard_submitted")


def stage_box(page: Page, code: str) -> Locator:
    """The stage field of a measure's card (its input, whose value is the stage shown)."""
    card = page.locator(f"[class*='st-key-card-']:has-text('{code} ·')").first
    box = card.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Estado", exact=True))
    return box.get_by_role("combobox")
