"""In a real browser: a Spanish plan with the Spanish interface (a secretariat that signs in and
works in Spanish), and the PNIPGM's placeholders marked on the public page."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import _cli, _server_env, serve
from .ui import TIMEOUT, nav_link, open_app, settle, shot, sign_in

pytestmark = pytest.mark.e2e
SPANISH = Path(__file__).resolve().parents[1] / "plans" / "plan_es_en.yaml"


@pytest.fixture(scope="module")
def spanish_server(tmp_path_factory, browser):
    """A second server, with one secretariat account and, at first, no plan."""
    data_dir = tmp_path_factory.mktemp("e2e-es")
    env = _server_env(data_dir)
    env["MONITORING_LOAD_DEFAULT_PLAN"] = "false"
    password = f"E2e-{secrets.token_urlsafe(12)}"
    email = "secretaria@e2e.example.es"
    _cli(env, "create-user", "--email", email, "--name", "Secretaría", "--role", "secretariat",
         "--password-stdin", stdin=password + "\n")  # fmt: skip
    with serve(env, data_dir / "streamlit.log") as url:
        yield url, env, email, password


def test_a_spanish_plan_opens_in_spanish_and_a_secretariat_works_in_it(
    page: Page, spanish_server, screenshot_dir: Path
) -> None:
    url, env, email, password = spanish_server
    sign_in(page, url, email, password)  # in the default language: no plan is loaded yet
    _cli(env, "load-plan", str(SPANISH))
    # A new visit starts in the plan's first language, Spanish; the session cookie keeps her signed in.
    open_app(page, f"{url}/")
    title = "Plan de prueba de aplicación del Pacto Mundial para la Migración"
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=TIMEOUT)
    expect(nav_link(page, "Balance público")).to_be_visible()
    expect(page.get_by_text("Español", exact=True)).to_be_visible()
    shot(page, screenshot_dir, "10_spanish_plan")
    for name in ("Cargar un plan", "Cumplimiento de los informes", "Indicadores", "Informe mensual"):
        nav_link(page, name).click()
        settle(page)
        expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=TIMEOUT)
        shot(page, screenshot_dir, f"11_spanish_{name.split()[0].lower()}")


def test_the_public_page_says_the_pnipgm_is_a_reconstruction_and_marks_placeholders(
    page: Page, app_server: str, screenshot_dir: Path
) -> None:
    open_app(page, f"{app_server}/public?lang=en")
    notice = page.get_by_text(
        re.compile("This plan is a reconstruction from public sources, not the official text")
    )
    expect(notice).to_be_visible(timeout=TIMEOUT)
    expect(
        page.get_by_text(re.compile(r"The plan's baselines and targets: 0 official, 10 reported †"))
    ).to_be_visible()
    shot(page, screenshot_dir, "13_public_placeholders_marked")
    page.get_by_role("link", name=re.compile("Where this plan comes from")).click()
    settle(page)
    expect(page.get_by_text(re.compile("not the official text. The official annex"))).to_be_visible(
        timeout=TIMEOUT
    )
    shot(page, screenshot_dir, "14_plan_provenance")
