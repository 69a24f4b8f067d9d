"""What a ministry official does with the app, driven in a real browser.

Each test opens its own browser context (its own Streamlit session) against the one server
started for the session by `app_server`. Streamlit renders asynchronously, so every check is an
auto-waiting `expect(...)`, and `settle()` waits for the script run to finish.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from .ui import TIMEOUT, cell, header, nav_link, open_app, settle, shot, sign_in

pytestmark = pytest.mark.e2e

expect.set_options(timeout=20_000)  # Streamlit renders asynchronously: be patient

ROOT = Path(__file__).resolve().parents[2]
TITLE_PT = "Plano Nacional de Implementação do Pacto Global das Migrações"
TITLE_EN = "National Implementation Plan of the Global Compact for Safe, Orderly and Regular Migration"
M001_PT = "Publicar anualmente o relatório de indicadores estatísticos sobre a integração dos imigrantes"


def metric(page: Page, label: str) -> Locator:
    """The value of the metric whose label is exactly `label`."""
    card = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return card.get_by_test_id("stMetricValue")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def result_count(page: Page, lang: str = "pt") -> int:
    pattern = r"^(\d+) de 97 medidas$" if lang == "pt" else r"^(\d+) of 97 measures$"
    caption = page.get_by_text(re.compile(pattern))
    expect(caption).to_be_visible(timeout=TIMEOUT)
    return int(re.match(pattern, caption.inner_text().strip()).group(1))


def test_plan_page_in_portuguese(page: Page, app_server: str, screenshot_dir: Path) -> None:
    open_app(page, f"{app_server}/")
    expect(page.get_by_role("heading", name=TITLE_PT)).to_be_visible(timeout=TIMEOUT)
    expect(metric(page, "Eixos")).to_have_text("5")
    expect(metric(page, "Objetivos do Pacto")).to_have_text("23")
    expect(metric(page, "Medidas")).to_have_text("97")
    expect(
        page.get_by_text(re.compile("^Este plano é uma reconstrução a partir de fontes públicas: o anexo"))
    ).to_be_visible()
    assert result_count(page) == 97
    shot(page, screenshot_dir, "01_plan_pt")


def test_axis_filter_is_kept_in_a_shareable_link(
    page: Page, context, app_server: str, screenshot_dir: Path
) -> None:
    open_app(page, f"{app_server}/")
    axis = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Eixo", exact=True))
    axis.click()
    page.get_by_role("option", name=re.compile(r"^E1 · ")).click()
    page.keyboard.press("Escape")  # close the list
    page.evaluate("document.activeElement && document.activeElement.blur()")  # leave the field
    settle(page)
    expect(page).to_have_url(re.compile(r"[?&]axis=E1(&|$)"), timeout=TIMEOUT)
    filtered = result_count(page)
    assert 0 < filtered < 97
    shot(page, screenshot_dir, "02_plan_filter_axis_E1")

    shared = context.new_page()
    try:
        open_app(shared, page.url)
        assert query(shared)["axis"] == ["E1"]
        expect(shared.get_by_test_id("stMultiSelect").filter(has_text=re.compile(r"E1 · "))).to_be_visible(
            timeout=TIMEOUT
        )
        assert result_count(shared) == filtered
        shot(shared, screenshot_dir, "02_plan_filter_axis_E1_shared_link")
    finally:
        shared.close()


def test_switch_to_english(page: Page, app_server: str, screenshot_dir: Path) -> None:
    open_app(page, f"{app_server}/")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Idioma")).to_be_visible(timeout=TIMEOUT)
    sidebar.get_by_text("English", exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", name=TITLE_EN)).to_be_visible(timeout=TIMEOUT)
    expect(metric(page, "Axes")).to_have_text("5")
    expect(metric(page, "GCM objectives")).to_have_text("23")
    expect(metric(page, "Measures")).to_have_text("97")
    expect(sidebar.get_by_text("Language", exact=True)).to_be_visible()
    expect(
        page.get_by_text(re.compile("^This plan is a reconstruction from public sources: the official"))
    ).to_be_visible()
    assert result_count(page, "en") == 97
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    shot(page, screenshot_dir, "03_plan_en")


def test_english_from_the_url(page: Page, app_server: str) -> None:
    open_app(page, f"{app_server}/plan?lang=en")
    expect(page.get_by_role("heading", name=TITLE_EN)).to_be_visible(timeout=TIMEOUT)
    expect(metric(page, "Measures")).to_have_text("97")


def test_measure_page(page: Page, app_server: str, screenshot_dir: Path) -> None:
    open_app(page, f"{app_server}/measure?code=M001")
    expect(page.get_by_role("heading", name=f"M001 · {M001_PT}")).to_be_visible(timeout=TIMEOUT)
    lead = page.get_by_test_id("stMarkdownContainer").filter(has_text="Responsável")
    expect(lead).to_contain_text("Presidência e Modernização Administrativa")
    expect(page.get_by_role("heading", name="Indicadores", exact=True)).to_be_visible()
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_have_count(1)
    expect(table).to_be_visible()
    expect(header(table, "Código")).to_be_attached()
    expect(header(table, "Meta")).to_be_attached()
    expect(cell(table, "I001")).to_be_attached()
    expect(cell(table, "Relatórios anuais de indicadores de integração publicados")).to_be_attached()
    shot(page, screenshot_dir, "04_measure_M001")


def test_bodies_page(page: Page, app_server: str, screenshot_dir: Path) -> None:
    open_app(page, f"{app_server}/bodies")
    expect(page.get_by_text("Medidas por área governativa responsável")).to_be_visible(timeout=TIMEOUT)
    shot(page, screenshot_dir, "05_bodies_all")
    page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text("Ministério ou entidade", exact=True)
    ).click()
    # Typing filters the long, virtualised list; Enter picks the first match. (Clicking an
    # option of the open list missed now and then while the list was still scrolling.)
    page.keyboard.type("Administração Interna", delay=20)
    expect(page.get_by_role("option", name="Administração Interna", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_role("heading", name="Administração Interna")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"^Lidera \d+ medidas e participa em \d+\.$"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]body=MAI(&|$)"))
    table = page.get_by_test_id("stDataFrame").last  # the first is the chart's, in its expander
    expect(table).to_be_visible()
    expect(header(table, "Papel")).to_be_attached()
    expect(cell(table, re.compile(r"^M\d{3}$")).first).to_be_attached()
    shot(page, screenshot_dir, "05_bodies_MAI")


def test_broken_plan_file_is_refused(
    page: Page, app_server: str, accounts, screenshot_dir: Path, tmp_path: Path
) -> None:
    good = (ROOT / "data" / "pnipgm.yaml").read_text(encoding="utf-8")
    broken = good.replace(
        "    lead_body: PRES\n    co_bodies: [OM, ACM, INE, SEF]",
        "    lead_body: NOPE\n    co_bodies: [OM, ACM, INE, SEF]",
        1,
    )
    assert broken != good, "the default plan changed: update this test's edit"
    plan_file = tmp_path / "plano-com-erro.yaml"
    plan_file.write_text(broken, encoding="utf-8")

    admin = accounts["admin"]
    sign_in(page, app_server, admin.email, admin.password)  # loading a plan needs the secretariat
    # Through the sidebar: the sign-in lives in the Streamlit session, which a reload would end.
    nav_link(page, "Carregar plano").click()
    expect(page.get_by_role("heading", name="Carregar plano")).to_be_visible(timeout=TIMEOUT)
    shot(page, screenshot_dir, "06_load_plan_empty")
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(plan_file)
    settle(page)
    error = page.get_by_test_id("stAlert").filter(has_text="Plano recusado")
    expect(error).to_be_visible(timeout=TIMEOUT)
    expect(error).to_contain_text("1 problema.")
    expect(error).to_contain_text("Nada foi gravado")
    problems = page.get_by_test_id("stDataFrame").last  # under the table of stored plans
    expect(problems).to_be_visible()
    expect(cell(problems, re.compile("desconhecida: NOPE"))).to_be_attached()
    expect(cell(problems, "lead_body")).to_be_attached()
    shot(page, screenshot_dir, "06_load_plan_refused")

    open_app(page, f"{app_server}/plan")
    expect(metric(page, "Medidas")).to_have_text("97", timeout=TIMEOUT)
    assert result_count(page) == 97
    expect(page.get_by_text(re.compile(r"Versão 1, carregada em"))).to_be_visible()
