"""Signing in through an OpenID Connect provider, end to end: a local provider on loopback
(oidc-provider-mock), the app configured for it, and Chromium going through its login page."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT, _cli, _free_port, _server_env, serve
from .ui import TIMEOUT, nav_link, open_app, settle, shot, sign_in_form

pytestmark = pytest.mark.e2e
PERSON = "pessoa.oidc@e2e.example.pt"
INACTIVE = "antiga.oidc@e2e.example.pt"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def oidc_app(provider: str, tmp_path_factory, browser) -> Iterator[str]:
    """The app with `[auth]` pointing at the local provider, and two accounts: one active,
    one deactivated."""
    folder = tmp_path_factory.mktemp("oidc")
    env = _server_env(folder)
    _cli(env, "load-plan", str(ROOT / "data" / "pnipgm.yaml"))
    for email in (PERSON, INACTIVE):
        _cli(
            env,
            *("create-user", "--email", email, "--name", email.split("@")[0], "--role", "committee"),
            "--password-stdin",
            stdin=f"E2e-{secrets.token_urlsafe(12)}\n",
        )
    _cli(env, "deactivate-user", "--email", INACTIVE)
    port = _free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "gcm-monitoring"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with serve(env, folder / "streamlit.log", port=port, extra=("--secrets.files", str(secrets_file))) as url:
        yield url


def through_the_provider(page: Page, url: str, email: str) -> None:
    """Press the organisation button on the sign-in form and sign in at the provider as `email`."""
    expect(sign_in_form(page)).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Entrar com a conta da organização").click()
    page.wait_for_url(re.compile(r"localhost:\d+/oauth2/authorize"), timeout=TIMEOUT)
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(url)), timeout=TIMEOUT)
    settle(page)


def test_a_person_with_an_account_signs_in_through_the_provider_and_out(
    page: Page, oidc_app: str, screenshot_dir: Path
):
    open_app(page, f"{oidc_app}/dashboard?as_of=2020-09&axis=E2")
    through_the_provider(page, oidc_app, PERSON)
    expect(nav_link(page, "A minha conta")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Visão geral")).to_be_visible(timeout=TIMEOUT)
    assert "axis=E2" in page.url  # back where the person started
    names = {c["name"] for c in page.context.cookies()}
    assert "gcm_session" in names and not any(n.startswith("_streamlit_user") for n in names)
    page.reload()
    settle(page)
    expect(nav_link(page, "A minha conta")).to_be_visible(timeout=TIMEOUT)
    shot(page, screenshot_dir, "33_oidc_signed_in")

    nav_link(page, "A minha conta").click()
    page.get_by_role("button", name="Sair").click()
    page.wait_for_load_state()
    settle(page)
    expect(page.get_by_text("Saiu da plataforma.")).to_be_visible(timeout=TIMEOUT)
    page.reload()
    settle(page)
    expect(nav_link(page, "A minha conta")).to_have_count(0)


def test_an_email_without_an_account_is_refused_with_a_clear_message(
    page: Page, oidc_app: str, screenshot_dir: Path
):
    open_app(page, f"{oidc_app}/login")
    through_the_provider(page, oidc_app, "desconhecida@e2e.example.pt")
    expect(page.get_by_text(re.compile("Não existe nenhuma conta na plataforma"))).to_be_visible(
        timeout=TIMEOUT
    )
    expect(nav_link(page, "A minha conta")).to_have_count(0)
    shot(page, screenshot_dir, "34_oidc_no_account")


def test_a_deactivated_account_is_refused(page: Page, oidc_app: str):
    open_app(page, f"{oidc_app}/login")
    through_the_provider(page, oidc_app, INACTIVE)
    expect(page.get_by_text(re.compile("A sua conta na plataforma está desativada"))).to_be_visible(
        timeout=TIMEOUT
    )
    expect(nav_link(page, "A minha conta")).to_have_count(0)
