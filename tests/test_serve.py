"""serve.py's HTTP routes: sign in and out with an HttpOnly cookie, the OpenID Connect hand-over,
and the health check. Driven with Starlette's TestClient, without the Streamlit runtime."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import serve
from monitoring.sessions import COOKIE_NAME, SessionState, resolve_session, token_hash
from monitoring.settings import get_settings
from monitoring.tables import User, UserSession

PASSWORD = "correct horse battery"
XSRF = "2|abcd1234|00112233445566778899aabbccddeeff|1790000000"
# The same token under another mask, as Streamlit writes it again at every page load.
XSRF_REMASKED = (
    "2|00000000|"
    + bytes(
        a ^ b
        for a, b in zip(
            bytes.fromhex("abcd1234") * 4, bytes.fromhex("00112233445566778899aabbccddeeff"), strict=True
        )
    ).hex()
    + "|1790000001"
)
SAME_SITE = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}


async def provider_callback(request):
    return RedirectResponse("/", status_code=302)


@pytest.fixture
def client(engine, world):
    routes = [*serve.ROUTES, Route("/oauth2callback", provider_callback)]
    app = Starlette(routes=routes, middleware=[Middleware(serve.OidcHandover)])
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.cookies.set(serve.XSRF_COOKIE, XSRF)
        yield client


def post(client, path, data, headers=SAME_SITE):
    return client.post(path, data=data, headers=headers)


def sign_in(client, email="fp_sef@example.pt", password=PASSWORD, next_="/report?month=2020-05", **extra):
    return post(
        client, "/auth/signin", {"email": email, "password": password, "next": next_, "xsrf": XSRF, **extra}
    )


def sessions_count(session) -> int:
    return session.scalar(select(func.count()).select_from(UserSession))


def test_signing_in_sets_an_httponly_cookie_and_returns_to_the_page(client, session, world):
    response = sign_in(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/report?month=2020-05"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/", "Max-Age=43200"):
        assert attribute.lower() in cookie.lower()
    assert "secure" not in cookie.lower()
    token = re.match(rf"{COOKIE_NAME}=([^;]+)", cookie).group(1)
    check = resolve_session(session, token)
    assert check.state is SessionState.ACTIVE and check.person.user_id == world["fp_sef"].id
    stored = session.scalars(select(UserSession)).one()
    assert stored.token_hash == token_hash(token) and stored.user_agent.startswith("testclient")


def test_the_cookie_is_secure_when_served_over_https(client, monkeypatch):
    monkeypatch.setenv("MONITORING_SECURE_COOKIES", "true")
    get_settings.cache_clear()
    assert "secure" in sign_in(client).headers["set-cookie"].lower()


def test_a_wrong_password_gets_the_generic_message_and_no_cookie(client, session):
    response = sign_in(client, password="not the password")
    assert response.status_code == 303
    assert response.headers["location"] == "/report?month=2020-05&signin=failed"
    assert "set-cookie" not in response.headers
    assert sessions_count(session) == 0


def test_an_unknown_account_gets_the_same_message(client, session):
    response = sign_in(client, email="nobody@example.pt")
    assert response.headers["location"].endswith("signin=failed")
    assert sessions_count(session) == 0


def test_the_lock_out_still_applies(client, session):
    for _ in range(get_settings().max_failed_logins):
        sign_in(client, password="wrong guess, again")
    response = sign_in(client)  # the right password, but the account is locked for a while
    assert response.headers["location"].endswith("signin=failed")
    assert sessions_count(session) == 0


def test_every_sign_in_gets_a_new_token_whatever_cookie_was_planted(client, session):
    client.cookies.set(COOKIE_NAME, "A" * 43)  # a token chosen by someone else (fixation)
    first = sign_in(client).cookies[COOKIE_NAME]
    second = sign_in(client).cookies[COOKIE_NAME]
    assert len({first, second, "A" * 43}) == 3
    assert resolve_session(session, "A" * 43).state is SessionState.NONE


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},  # a sibling subdomain is another site for us
        {"origin": "https://evil.example"},
        {},  # neither header: refused rather than guessed
    ],
    ids=["cross-site", "same-site subdomain", "foreign origin", "no origin"],
)
def test_a_cross_site_form_post_signs_nobody_in(client, session, headers):
    data = {"email": "fp_sef@example.pt", "password": PASSWORD, "next": "/", "xsrf": XSRF}
    response = client.post("/auth/signin", data=data, headers=headers)
    assert response.status_code == 403 and "set-cookie" not in response.headers
    assert sessions_count(session) == 0


def test_the_anti_forgery_value_of_an_earlier_page_load_still_counts(client, session):
    response = sign_in(client, xsrf=XSRF_REMASKED)
    assert response.status_code == 303 and COOKIE_NAME in response.cookies


@pytest.mark.parametrize(
    "xsrf",
    ["", "2|00000000|ffffffffffffffffffffffffffffffff|1790000000", "garbage"],
    ids=["missing", "other", "garbage"],
)
def test_a_post_without_the_anti_forgery_value_signs_nobody_in(client, session, xsrf):
    response = post(
        client, "/auth/signin", {"email": "fp_sef@example.pt", "password": PASSWORD, "xsrf": xsrf}
    )
    assert response.status_code == 403
    assert sessions_count(session) == 0


def test_sign_in_accepts_only_post(client):
    assert client.get("/auth/signin").status_code == 405


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"x" * 20_000, "application/x-www-form-urlencoded"),
        (b"{}", "application/json"),
        (b"\xff\xfe", "application/x-www-form-urlencoded"),
    ],
    ids=["oversized", "json", "not UTF-8"],
)
def test_a_malformed_post_is_refused(client, session, body, content_type):
    response = client.post("/auth/signin", content=body, headers={**SAME_SITE, "content-type": content_type})
    assert response.status_code == 403
    assert sessions_count(session) == 0


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/dashboard?axis=E2&as_of=2020-09", "/dashboard?axis=E2&as_of=2020-09"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        ("dashboard", "/"),
    ],
)
def test_the_return_address_stays_on_this_site(client, target, expected):
    assert sign_in(client, next_=target).headers["location"] == expected


def test_signing_out_ends_the_session_and_clears_the_cookie(client, session):
    token = sign_in(client).cookies[COOKIE_NAME]
    client.cookies.set(COOKIE_NAME, token)
    response = post(client, "/auth/signout", {"xsrf": XSRF, "next": "/?lang=en"})
    assert response.status_code == 303 and response.headers["location"] == "/?lang=en&signed_out=1"
    assert (
        f'{COOKIE_NAME}=""' in response.headers["set-cookie"] or "Max-Age=0" in response.headers["set-cookie"]
    )
    assert resolve_session(session, token).state is SessionState.ENDED


def test_a_cross_site_sign_out_is_refused(client, session):
    token = sign_in(client).cookies[COOKIE_NAME]
    client.cookies.set(COOKIE_NAME, token)
    response = client.post("/auth/signout", data={"xsrf": XSRF}, headers={"sec-fetch-site": "cross-site"})
    assert response.status_code == 403
    assert resolve_session(session, token).state is SessionState.ACTIVE


# ---- OpenID Connect -------------------------------------------------------------------------


def provider_cookie(identity: dict) -> str:
    """What Streamlit's OIDC callback stores, signed with the cookie secret."""
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    return create_signed_value(SECRET, "_streamlit_user", json.dumps(identity)).decode()


SECRET = "a-cookie-secret-for-the-tests-only-0123456789"


@pytest.fixture
def cookie_secret(monkeypatch):
    monkeypatch.setattr("streamlit.web.server.server_util.get_cookie_secret", lambda: SECRET)


def test_the_providers_callback_is_handed_over_to_our_route(client):
    response = client.get("/oauth2callback?code=x&state=y")
    assert response.status_code == 302 and response.headers["location"] == "/auth/oidc/complete"


def test_an_oidc_identity_with_an_account_becomes_a_session(client, session, world, cookie_secret):
    client.cookies.set(
        "_streamlit_user", provider_cookie({"email": "fp_sef@example.pt", "is_logged_in": True})
    )
    client.cookies.set(serve.NEXT_COOKIE, "/dashboard?axis=E2")
    response = client.get("/auth/oidc/complete")
    assert response.status_code == 303 and response.headers["location"] == "/dashboard?axis=E2"
    token = response.cookies[COOKIE_NAME]
    check = resolve_session(session, token)
    assert check.person.user_id == world["fp_sef"].id
    assert session.scalars(select(UserSession.method)).one() == "oidc"
    cleared = response.headers.get_list("set-cookie")
    assert any(c.startswith("_streamlit_user=") and "Max-Age=0" in c for c in cleared)


@pytest.mark.parametrize(
    "identity, outcome",
    [
        ({"email": "stranger@example.pt", "is_logged_in": True}, "oidc_no_account"),
        ({"email": "fp_sef@example.pt", "is_logged_in": False}, "oidc_failed"),
        ({"is_logged_in": True}, "oidc_failed"),
    ],
    ids=["no account", "not logged in", "no e-mail"],
)
def test_an_oidc_identity_without_a_usable_account_is_refused(
    client, session, cookie_secret, identity, outcome
):
    client.cookies.set("_streamlit_user", provider_cookie(identity))
    response = client.get("/auth/oidc/complete")
    assert response.headers["location"] == f"/login?signin={outcome}"
    assert sessions_count(session) == 0


def test_a_deactivated_account_is_refused_through_oidc_too(client, session, world, cookie_secret):
    user = session.get(User, world["fp_sef"].id)
    user.is_active = False
    session.add(user)
    session.commit()
    client.cookies.set(
        "_streamlit_user", provider_cookie({"email": "fp_sef@example.pt", "is_logged_in": True})
    )
    assert client.get("/auth/oidc/complete").headers["location"] == "/login?signin=oidc_inactive"
    assert sessions_count(session) == 0


@pytest.mark.parametrize(
    "value", ["", "not signed", "2|1:0|10:1790000000|15:_streamlit_user|4:e30=|" + "0" * 64]
)
def test_a_forged_provider_cookie_signs_nobody_in(client, session, cookie_secret, value):
    client.cookies.set("_streamlit_user", value)
    assert client.get("/auth/oidc/complete").headers["location"] == "/login?signin=oidc_failed"
    assert sessions_count(session) == 0


def test_streamlits_cookie_helpers_still_read_what_its_callback_writes(cookie_secret):
    """serve.oidc_identity uses Streamlit internals (pinned in pyproject): this fails when they change."""
    from starlette.requests import Request

    cookie = provider_cookie({"email": "a@b.pt", "is_logged_in": True})
    scope = {"type": "http", "headers": [(b"cookie", f"_streamlit_user={cookie}".encode())]}
    assert serve.oidc_identity(Request(scope)) == {"email": "a@b.pt", "is_logged_in": True}


def test_the_page_a_person_started_from_is_remembered_for_the_provider_round_trip(client):
    async def login(request):
        return RedirectResponse("https://provider.example/authorize", status_code=302)

    app = Starlette(routes=[Route("/auth/login", login)], middleware=[Middleware(serve.OidcHandover)])
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as other:
        response = other.get(
            "/auth/login?provider=x", headers={"referer": "http://testserver/trends?axis=E1"}
        )
        assert f"{serve.NEXT_COOKIE}=" in response.headers["set-cookie"]
        assert "/trends" in response.headers["set-cookie"]
        foreign = other.get("/auth/login?provider=x", headers={"referer": "https://evil.example/trends"})
        assert "set-cookie" not in foreign.headers


# ---- health ----------------------------------------------------------------------------------


def test_health_says_ok_when_the_database_is_current(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_health_says_unavailable_when_the_schema_is_behind(database_url, world, client, engine):
    from alembic import command

    from monitoring.db import alembic_config

    command.downgrade(alembic_config(engine), "0004")
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["schema"] == "outdated"


def test_health_says_unavailable_when_the_database_is_unreachable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    get_settings.cache_clear()
    app = Starlette(routes=serve.ROUTES)
    with TestClient(app) as client:
        response = client.get("/healthz")
    get_settings.cache_clear()
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


def test_the_server_never_shows_streamlits_automatic_page_list(database_url):
    """serve.py's start clears Streamlit's pages-folder flag before any request; this fails if
    Streamlit drops or renames the flag it reads (see the pin in pyproject)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = None

    async def start():
        async with serve.lifespan(None):
            pass

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever else runs in this process
        pool.submit(asyncio.run, start()).result()
    assert PagesManager.uses_pages_directory is False
    manager = PagesManager(str(serve.Path(serve.__file__).with_name("app.py")))
    assert manager.uses_pages_directory is False


# ---- the document's language on the first load ----------------------------------------------


def index_app(opening_language: str) -> Starlette:
    """Streamlit's own index page, served as its static route serves it (a file, compressed when
    the browser accepts it), behind serve.py's DocumentLanguage; `opening_language` stands for
    the loaded plan's first language."""
    from pathlib import Path

    import streamlit
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.responses import FileResponse

    index = Path(streamlit.__file__).parent / "static" / "index.html"

    async def page(request):
        return FileResponse(index)

    return Starlette(
        routes=[Route("/", page), Route("/dashboard", page)],
        middleware=[
            Middleware(serve.DocumentLanguage, opening_language=lambda: opening_language),
            Middleware(GZipMiddleware, minimum_size=100),
        ],
    )


@pytest.fixture
def index_client():
    with TestClient(index_app("pt"), base_url="http://testserver") as client:
        yield client


BROWSER = {"accept": "text/html,application/xhtml+xml", "accept-encoding": "gzip, br"}


@pytest.mark.parametrize(
    ("address", "tag"),
    [("/", "pt-PT"), ("/?lang=pt", "pt-PT"), ("/?lang=en", "en"), ("/dashboard?lang=en&axis=E1", "en")],
)
def test_the_first_load_declares_the_chosen_language(index_client, address, tag):
    response = index_client.get(address, headers=BROWSER)
    assert response.status_code == 200
    assert f'<html lang="{tag}">' in response.text
    assert '<html lang="en">' not in response.text or tag == "en"
    assert int(response.headers["content-length"]) == len(response.content)


@pytest.mark.parametrize("asked", ["xx", "", "en%22%20onload%3D%22alert(1)", "pt-PT", "<b>"])
def test_a_language_the_interface_lacks_falls_back_to_portuguese(index_client, asked):
    response = index_client.get(f"/?lang={asked}", headers=BROWSER)
    assert '<html lang="pt-PT">' in response.text
    assert "onload" not in response.text.split("<head>")[0]


def test_what_is_not_a_page_passes_through_untouched(index_client):
    # A script or a fetch that does not ask for HTML is served as it is (and may be compressed).
    response = index_client.get("/?lang=pt", headers={"accept": "*/*", "accept-encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert '<html lang="en">' in response.text  # the client decompresses; nothing was rewritten


@pytest.mark.parametrize(("address", "tag"), [("/", "es"), ("/?lang=pt", "pt-PT"), ("/?lang=xx", "es")])
def test_a_plan_written_first_in_spanish_opens_in_spanish(address, tag):
    with TestClient(index_app("es"), base_url="http://testserver") as client:
        assert f'<html lang="{tag}">' in client.get(address, headers=BROWSER).text


def test_the_opening_language_is_the_loaded_plans_first_that_the_interface_speaks(session, world):
    from pathlib import Path

    from monitoring.plan_store import load_plan
    from plan import read_plan_file

    assert serve._opening_language() == "pt"
    load_plan(session, read_plan_file(Path(__file__).parent / "plans" / "plan_es_en.yaml"))
    session.commit()
    assert serve._opening_language() == "es"
