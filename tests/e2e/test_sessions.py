"""Staying signed in as people really use a browser: a reload, a second tab, a shared link,
signing out in one tab, an idle session, and the very first request after a start."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT, _cli, _server_env, serve
from .ui import TIMEOUT, fill_sign_in, nav_link, open_app, settle, shot, sign_in, sign_in_form

pytestmark = pytest.mark.e2e
SHARED = "/dashboard?as_of=2020-09&axis=E2"


def signed_in(page: Page) -> None:
    expect(nav_link(page, "A minha conta")).to_be_visible(timeout=TIMEOUT)


def signed_out(page: Page) -> None:
    expect(sign_in_form(page)).to_be_visible(timeout=TIMEOUT)
    expect(nav_link(page, "A minha conta")).to_have_count(0)


def shows_the_shared_view(page: Page) -> None:
    """The overview as of September 2020, filtered to axis E2."""
    expect(page.get_by_role("heading", name="Visão geral")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("combobox", name="Situação no fim de")).to_have_value(re.compile("2020"))
    expect(page.get_by_test_id("stMultiSelect").get_by_text(re.compile(r"^E2 · "))).to_be_visible()


def test_a_reload_keeps_the_person_signed_in_on_the_same_page_with_its_filters(
    page: Page, app_server: str, accounts, screenshot_dir: Path
):
    admin = accounts["admin"]
    sign_in(page, app_server, admin.email, admin.password)
    open_app(page, app_server + SHARED)
    shows_the_shared_view(page)
    page.reload()
    settle(page)
    signed_in(page)
    shows_the_shared_view(page)
    assert "axis=E2" in page.url and "as_of=2020-09" in page.url
    shot(page, screenshot_dir, "30_reload_keeps_session")


def test_a_new_tab_on_an_internal_link_is_signed_in(page: Page, context, app_server: str, accounts):
    admin = accounts["admin"]
    sign_in(page, app_server, admin.email, admin.password)
    other = context.new_page()
    try:
        open_app(other, app_server + SHARED)
        signed_in(other)
        shows_the_shared_view(other)
    finally:
        other.close()


def test_a_pasted_link_asks_for_the_sign_in_at_that_address_then_shows_that_view(
    page: Page, app_server: str, accounts, screenshot_dir: Path
):
    admin = accounts["admin"]
    open_app(page, app_server + SHARED)
    signed_out(page)
    shot(page, screenshot_dir, "31_shared_link_sign_in")
    fill_sign_in(page, admin.email, admin.password)
    signed_in(page)
    shows_the_shared_view(page)


def test_signing_out_in_one_tab_signs_the_other_out_at_its_next_click(
    page: Page, context, app_server: str, accounts, screenshot_dir: Path
):
    admin = accounts["admin"]
    sign_in(page, app_server, admin.email, admin.password)
    other = context.new_page()
    try:
        open_app(other, app_server + SHARED)
        shows_the_shared_view(other)
        nav_link(page, "A minha conta").click()
        page.get_by_role("button", name="Sair").click()
        page.wait_for_load_state()
        settle(page)
        expect(page.get_by_text("Saiu da plataforma.")).to_be_visible(timeout=TIMEOUT)
        # The other tab's next interaction: a click in the sidebar.
        nav_link(other, "Plano").click()
        settle(other)
        expect(nav_link(other, "A minha conta")).to_have_count(0, timeout=TIMEOUT)
        expect(nav_link(other, "Entrar")).to_be_visible()
        nav_link(other, "Entrar").click()
        expect(other.get_by_text(re.compile("A sessão terminou"))).to_be_visible(timeout=TIMEOUT)
        shot(other, screenshot_dir, "32_signed_out_elsewhere")
    finally:
        other.close()


def test_an_idle_session_ends_with_a_message(page: Page, app_server: str, accounts, server_data):
    focal = accounts["focal_sef"]
    sign_in(page, app_server, focal.email, focal.password)
    open_app(page, app_server + "/report")
    signed_in(page)
    # Two hours without a click, as far as the server knows.
    with sqlite3.connect(server_data[0] / "monitoring.sqlite") as database:
        long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S.%f")
        database.execute(
            "UPDATE user_session SET last_seen_at = ? WHERE user_id = "
            "(SELECT id FROM app_user WHERE email = ?) AND ended_at IS NULL",
            (long_ago, focal.email),
        )
    page.reload()
    settle(page)
    signed_out(page)
    expect(page.get_by_text(re.compile("A sessão expirou por inatividade"))).to_be_visible(timeout=TIMEOUT)


def test_a_forged_cookie_shows_the_sign_in_form_not_an_error(page: Page, context, app_server: str):
    for value in ("A" * 43, "", "x" * 3000, "%C3%A7%C3%A3o"):
        context.add_cookies([{"name": "gcm_session", "value": value, "url": app_server}])
        open_app(page, app_server + "/dashboard")
        signed_out(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)


# ---- the first request after a start ---------------------------------------------------------

SCRIPT_NAMES = {p.stem for p in (ROOT / "pages").glob("*.py")} | {"app", "serve"}


def test_no_list_of_script_names_is_ever_shown_after_a_start(browser, tmp_path):
    """Capture the sidebar many times during the first seconds of a fresh server, on several
    addresses at once: no navigation entry may be the name of a script."""
    env = _server_env(tmp_path)
    _cli(env, "load-plan", str(ROOT / "data" / "pnipgm.yaml"))
    seen: list[str] = []
    with serve(env, tmp_path / "fresh.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        pages = [context.new_page() for _ in range(3)]
        for page, path in zip(pages, ("/audit", "/login", "/"), strict=True):
            page.goto(url + path, wait_until="commit")
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            for page in pages:
                seen += page.evaluate(
                    "() => Array.from(document.querySelectorAll('[data-testid=stSidebarNav] a'),"
                    " (a) => a.innerText.trim())"
                )
            time.sleep(0.05)
        for page in pages:
            settle(page)
        context.close()
    entries = {text.split("\n")[-1].strip() for text in seen}
    assert entries, "the navigation never appeared"
    assert not entries & SCRIPT_NAMES, f"script names shown: {entries & SCRIPT_NAMES}"
