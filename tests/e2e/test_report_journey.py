"""A focal point reports a whole month, the validator validates it, the committee reads the
overview: driven in a real browser (Debian's Chromium), one account after the other.

The accounts are made with the CLI by the `app_server` fixture (see conftest.ACCOUNTS). The
sign-in lives in a cookie: each person gets a browser context of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from monitoring import formats
from monitoring.months import oldest_open_month

from .ui import TIMEOUT, fill_sign_in, nav_link, open_app, settle, shot, sign_in

pytestmark = pytest.mark.e2e

MONTH = oldest_open_month(dt.date.today(), 10)  # the month open for reporting today
PRES_MEASURES = 34
PRES = "Presidência e Modernização Administrativa"
CONTINUOUS = "M001"  # continuous: "em execução" needs a pace
FIXED = "M002"  # with a deadline
PACE_RULE = "Indique se a medida contínua está dentro do previsto ou com atraso."
SAVED = re.compile(rf"^Guardado: {PRES_MEASURES} medidas reportadas para o mês\.$")


def card(page: Page, code: str) -> Locator:
    """A measure's card on the report page (its frame's class names its state and its code)."""
    return page.locator(f'div[class*="st-key-card-"][class*="-{code}"]')


def choose(page: Page, box: Locator, option: str) -> None:
    """Pick an option of a select box by typing it, as a keyboard user would."""
    box.click()
    page.keyboard.type(option, delay=20)
    expect(page.get_by_role("option", name=option, exact=True)).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Enter")
    settle(page)


def select_box(scope: Locator, label: str) -> Locator:
    return scope.get_by_test_id("stSelectbox").filter(has=scope.page.get_by_text(label, exact=True))


def open_month(page: Page, nav: str) -> None:
    nav_link(page, nav).click()
    expect(page.get_by_role("heading", name=nav)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    choose(page, select_box(page.get_by_test_id("stMain"), "Mês de reporte"), formats.month(MONTH, "pt"))


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


@contextmanager
def person(browser, app_server: str, account) -> Iterator[Page]:
    """A browser of one's own (its own cookies), signed in as `account`, at a laptop's size."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="pt-PT")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        sign_in(page, app_server, account.email, account.password)
        yield page
    finally:
        context.close()


def test_a_focal_point_completes_the_month_the_validator_validates_the_committee_reads(
    browser, accounts, app_server: str, screenshot_dir: Path
) -> None:
    focal, validator, committee = (accounts[k] for k in ("focal_pres", "validator_pres", "committee"))
    with person(browser, app_server, focal) as page:
        open_month(page, "Reporte mensal")
        expect(page.get_by_text(f"{PRES}: por submeter")).to_be_visible(timeout=TIMEOUT)  # the name
        expect(page.locator('div[class*="st-key-card-"]')).to_have_count(PRES_MEASURES, timeout=TIMEOUT)
        for code in (CONTINUOUS, FIXED):  # the month's run has replaced the default month's cards
            expect(card(page, code)).to_have_count(1, timeout=TIMEOUT)
        expect(card(page, CONTINUOUS)).to_contain_text(
            "Publicar anualmente o relatório de indicadores estatísticos"
        )

        # A rule is told on the card while it is edited, before anything is submitted.
        choose(page, select_box(card(page, FIXED), "Estado"), "Em execução")
        choose(page, select_box(card(page, CONTINUOUS), "Estado"), "Em execução")
        rule = card(page, CONTINUOUS).get_by_test_id("stAlert").filter(has_text=PACE_RULE)
        expect(rule).to_be_visible(timeout=TIMEOUT)
        expect(page.locator(f'div[class*="st-key-card-problem-{CONTINUOUS}"]')).to_have_count(1)
        card(page, CONTINUOUS).scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / "08_report_rule_on_the_card.png"))
        shot(page, screenshot_dir, "08_report_month_form")

        # Fixed on the card: the message goes, then the month is submitted.
        choose(page, select_box(card(page, CONTINUOUS), "Ritmo (contínuas)"), "Dentro do previsto")
        expect(rule).to_have_count(0, timeout=TIMEOUT)
        text = card(page, FIXED).get_by_label("O que foi feito este mês")
        text.fill("Reunião da rede de pontos focais realizada.")
        text.press("Tab")
        settle(page)
        page.get_by_role("button", name="Submeter o mês").click()
        settle(page)
        expect(page.get_by_test_id("stAlert").filter(has_text=SAVED)).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(f"{PRES}: submetido")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_test_id("stAlert").filter(has_text="recusada")).to_have_count(0)
        page.get_by_role("heading", name="Reporte mensal").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / "09_report_submitted.png"))

        # The same form at a phone's width: nothing to scroll sideways.
        page.set_viewport_size({"width": 390, "height": 844})
        settle(page)
        card(page, FIXED).scroll_into_view_if_needed()
        assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth") <= 390
        page.screenshot(path=str(screenshot_dir / "10_report_phone.png"))

        # A second tab is signed in already, and finds the month as it was submitted.
        again = page.context.new_page()
        open_app(again, f"{app_server}/")
        open_month(again, "Reporte mensal")
        expect(card(again, FIXED)).to_have_count(1, timeout=TIMEOUT)
        expect(card(again, FIXED)).to_contain_text("Reportada")
        done = card(again, FIXED).get_by_label("O que foi feito este mês")
        expect(done).to_have_count(1, timeout=TIMEOUT)  # the default month's card has gone
        expect(done).to_have_value("Reunião da rede de pontos focais realizada.")

    # The validator validates, and sees the validated month at once, the message on top.
    with person(browser, app_server, validator) as page:
        open_month(page, "Validação")
        expect(page.get_by_text(re.compile(rf"Situação do mês \({PRES}\): submetido"))).to_be_visible()
        page.get_by_role("button", name="Validar o mês").click()
        settle(page)
        expect(page.get_by_test_id("stAlert").filter(has_text="Mês validado e bloqueado.")).to_be_visible()
        expect(page.get_by_text(re.compile(r"Situação do mês .*: validado \(bloqueado\)"))).to_be_visible()
        expect(page.get_by_role("button", name="Validar o mês")).to_have_count(0)
        shot(page, screenshot_dir, "11_validated")

    # The committee's overview shows the axes in the plan's order.
    with person(browser, app_server, committee) as page:
        nav_link(page, "Visão geral").click()
        settle(page)
        chart = page.get_by_test_id("stPlotlyChart").first
        expect(chart.locator(".xtick text").first).to_be_visible(timeout=TIMEOUT)
        assert chart.locator(".xtick text").all_text_contents() == ["E1", "E2", "E3", "E4", "E5"]
        shot(page, screenshot_dir, "12_overview")
