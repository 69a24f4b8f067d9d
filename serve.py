"""How the platform is served: Streamlit's ASGI app with `app.py` as its page script, plus the
few HTTP routes a browser needs, because only an HTTP response can set an HttpOnly cookie.

    POST /auth/signin         e-mail and password -> a new session cookie, back to the page
    POST /auth/signout        ends this browser's session, clears the cookie
    GET  /auth/oidc/complete  the end of a sign-in through an OpenID Connect provider
    GET  /healthz             database reachable and schema at the newest migration

`streamlit run serve.py` (README's `python3 dev.py app`) or `uvicorn serve:app` serves it.
Pages never touch cookies or HTTP: they read the session through `st.context.cookies`.
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web.server.starlette.starlette_app_utils import validate_xsrf_token

from monitoring import sessions
from monitoring.auth import LoginFailed, authenticate, user_by_email
from monitoring.db import DATABASE_DOWN, engine_for, schema_is_current, session_scope
from monitoring.i18n import DEFAULT_LANGUAGE, LANGUAGES
from monitoring.page_language import document_language, interface_languages
from monitoring.plan_store import current_version, prepare_database, stored_plan
from monitoring.settings import get_settings

log = logging.getLogger(__name__)
# Streamlit's anti-forgery cookie: the form carries its value, checked the way Streamlit checks
# its own uploads (the masked token changes at every page load, the token inside does not).
XSRF_COOKIE = "_streamlit_xsrf"
NEXT_COOKIE = "gcm_next"  # where to return after a sign-in through the provider
MAX_FORM_BYTES = 16_384


def _engine():
    return engine_for(get_settings().resolved_database_url())


# ---- sign in and out -------------------------------------------------------------------------


async def sign_in(request: Request) -> Response:
    form = await _small_form(request)
    if form is None or not _same_site(request, form.get("xsrf", "")):
        return PlainTextResponse("Forbidden: the sign-in did not come from this site.", status_code=403)
    target = safe_target(form.get("next", ""))
    back = safe_target(form.get("back", "") or target)  # the form's own page, for a refusal
    try:
        token = await run_in_threadpool(
            _password_session, form.get("email", ""), form.get("password", ""), _user_agent(request)
        )
    except LoginFailed:
        return RedirectResponse(with_params(back, signin="failed"), status_code=303)
    except DATABASE_DOWN:
        return RedirectResponse(with_params(back, signin="unavailable"), status_code=303)
    response = RedirectResponse(without_params(target, "signin"), status_code=303)
    _set_session_cookie(response, token)
    return response


def _password_session(email: str, password: str, user_agent: str) -> str:
    with session_scope(_engine()) as session:
        user = authenticate(session, email[:255], password[:1024])
        return sessions.start_session(session, user=user, user_agent=user_agent, method="password")


async def sign_out(request: Request) -> Response:
    form = await _small_form(request)
    if form is None or not _same_site(request, form.get("xsrf", "")):
        return PlainTextResponse("Forbidden: the sign-out did not come from this site.", status_code=403)
    token = request.cookies.get(sessions.COOKIE_NAME)
    try:
        await run_in_threadpool(_end_session, token)
    except DATABASE_DOWN:
        log.warning("sign-out while the database is unavailable: the cookie is cleared only")
    response = RedirectResponse(
        with_params(safe_target(form.get("next", "/")), signed_out="1"), status_code=303
    )
    _clear_session_cookies(response, request)
    return response


def _end_session(token: str | None) -> None:
    with session_scope(_engine()) as session:
        sessions.end_session(session, token)


# ---- sign in through an OpenID Connect provider ----------------------------------------------
# `st.login()` sends the browser to the provider; Streamlit's callback stores the identity in its
# own signed cookie and redirects to the app. The middleware below sends that redirect here
# instead, where the identity becomes one of our sessions like any other, and Streamlit's
# cookie is cleared, so the session is the only credential and ending it signs the person out.


async def oidc_complete(request: Request) -> Response:
    identity = oidc_identity(request)
    target = safe_target(unquote(request.cookies.get(NEXT_COOKIE, "/")))
    if not identity or not identity.get("is_logged_in") or not identity.get("email"):
        response = RedirectResponse(_sign_in_page(target, "oidc_failed"), status_code=303)
    else:
        try:
            outcome, token = await run_in_threadpool(
                _oidc_session, str(identity["email"]), _user_agent(request)
            )
        except DATABASE_DOWN:
            outcome, token = "unavailable", None
        if token is None:
            response = RedirectResponse(_sign_in_page(target, outcome), status_code=303)
        else:
            response = RedirectResponse(target, status_code=303)
            _set_session_cookie(response, token)
    _clear_provider_cookies(response, request)
    response.delete_cookie(NEXT_COOKIE, path="/")
    return response


def _sign_in_page(target: str, outcome: str) -> str:
    """The sign-in page with the outcome, in the language of the page the person started from."""
    lang = dict(parse_qsl(urlsplit(target).query)).get("lang")
    return with_params("/login", **({"lang": lang} if lang else {}), signin=outcome)


def _oidc_session(email: str, user_agent: str) -> tuple[str, str | None]:
    """The account with this e-mail signs in; an unknown or deactivated one is refused."""
    with session_scope(_engine()) as session:
        user = user_by_email(session, email)
        if user is None:
            return "oidc_no_account", None
        if not user.is_active:
            return "oidc_inactive", None
        return "ok", sessions.start_session(session, user=user, user_agent=user_agent, method="oidc")


def oidc_identity(request: Request) -> dict | None:
    """The identity Streamlit's OIDC callback stored in its signed cookie.

    Streamlit has no public API for reading it outside a page run, so this uses three of its
    internal helpers; pyproject pins the Streamlit versions this was tested with, and
    tests/test_serve.py fails if they change."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value
    from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME

    secret = get_cookie_secret()

    def one(name: str) -> bytes | None:
        value = request.cookies.get(name)
        if value is None or not secret:
            return None
        try:
            return decode_signed_value(secret, name, value.encode("latin-1"))
        except (UnicodeEncodeError, ValueError):
            return None

    raw = get_cookie_with_chunks(one, USER_COOKIE_NAME)
    try:
        identity = json.loads(raw) if raw else None
    except (ValueError, TypeError):
        return None
    return identity if isinstance(identity, dict) else None


class OidcHandover:
    """Sends the provider's callback on to `/auth/oidc/complete`, and remembers the page a
    person started from when they pressed the provider's button (its Referer, same site only)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.endswith("/oauth2callback"):
            await self.app(scope, receive, _redirect_to("/auth/oidc/complete", send))
        elif path.endswith("/auth/login"):
            await self.app(scope, receive, _remember_origin(Request(scope), send))
        else:
            await self.app(scope, receive, send)


def _redirect_to(location: str, send):
    async def wrapped(message) -> None:
        if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
            headers = [(k, v) for k, v in message["headers"] if k.lower() != b"location"]
            message = {**message, "headers": [*headers, (b"location", location.encode())]}
        await send(message)

    return wrapped


def _remember_origin(request: Request, send):
    referer = urlsplit(request.headers.get("referer", ""))
    same = referer.netloc == request.headers.get("host", "")
    page = f"{referer.path}?{referer.query}" if referer.query else referer.path
    target = safe_target(page) if same else "/"

    async def wrapped(message) -> None:
        if message["type"] == "http.response.start" and target not in ("/", "/login"):
            cookie = f"{NEXT_COOKIE}={quote(target, safe='/')}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax"
            message = {**message, "headers": [*message["headers"], (b"set-cookie", cookie.encode())]}
        await send(message)

    return wrapped


# ---- the document's language on the first load ------------------------------------------------
# Streamlit's index page says `<html lang="en">` whatever the language; a screen reader would
# read a Portuguese page with English pronunciation until the page's own script corrects it
# (pages/_frame.py). The page is rewritten here with the language the address asks for.

ENGLISH_INDEX = b'<html lang="en">'


class DocumentLanguage:
    """Rewrites `<html lang>` of the HTML pages served, after the address's `?lang=`."""

    def __init__(self, app, opening_language=None) -> None:
        self.app = app
        self.opening_language = opening_language or _opening_language

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not _wants_html(scope):
            await self.app(scope, receive, send)
            return
        requested = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("lang")
        if requested in LANGUAGES:
            tag = document_language(requested, tuple(LANGUAGES), DEFAULT_LANGUAGE)
        else:  # no language asked for (or none the interface has): the one the page opens in
            tag = document_language(None, tuple(LANGUAGES), await run_in_threadpool(self.opening_language))
        # Uncompressed, so the page can be read and rewritten; it is a few kilobytes.
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        await self.app({**scope, "headers": headers}, receive, _with_language(tag, send))


def _opening_language() -> str:
    """The language a page opens in when the address asks for none, as pages/_widgets.language()
    chooses it: the loaded plan's first language that the interface speaks (a Spanish plan opens
    in Spanish), else the default."""
    try:
        with session_scope(_engine()) as session:
            version = current_version(session)
            languages = stored_plan(version).languages if version is not None else ()
    except DATABASE_DOWN:
        languages = ()
    return next(iter(interface_languages(languages, list(LANGUAGES))), DEFAULT_LANGUAGE)


def _wants_html(scope) -> bool:
    accept = next((v for k, v in scope["headers"] if k.lower() == b"accept"), b"")
    return b"text/html" in accept


def _with_language(tag: str, send):
    start: dict | None = None
    chunks: list[bytes] = []

    async def wrapped(message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            kind = dict(message.get("headers", [])).get(b"content-type", b"")
            if kind.startswith(b"text/html"):
                start = message  # held until the whole page has been read
                return
        elif message["type"] == "http.response.body" and start is not None:
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks).replace(ENGLISH_INDEX, f'<html lang="{tag}">'.encode(), 1)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await send(message)

    return wrapped


# ---- health --------------------------------------------------------------------------------


async def health(request: Request) -> Response:
    """For a load balancer: 200 when the database answers and its schema is current."""
    try:
        current = await run_in_threadpool(schema_is_current, _engine())
    except DATABASE_DOWN:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    if not current:
        return JSONResponse(
            {"status": "unavailable", "database": "ok", "schema": "outdated"}, status_code=503
        )
    return JSONResponse({"status": "ok", "database": "ok", "schema": "current"})


# ---- small pieces ----------------------------------------------------------------------------


async def _small_form(request: Request) -> dict[str, str] | None:
    """The posted form as text fields, or None when it is not a small urlencoded form."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        return None


def _same_site(request: Request, posted_xsrf: str) -> bool:
    """A form posted by this site's own page: the browser says so (Origin or Sec-Fetch-Site),
    and it carries the value of the anti-forgery cookie, which another site cannot read."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if site is not None:
        same_origin = site in ("same-origin", "none")
    elif origin is not None:
        same_origin = urlsplit(origin).netloc == request.headers.get("host", "")
    else:
        same_origin = False
    return same_origin and validate_xsrf_token(posted_xsrf, request.cookies.get(XSRF_COOKIE))


def safe_target(target: str) -> str:
    """A path of this site to return to; anything else (another site, a scheme) is the front page."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return "/"
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return "/"
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def with_params(target: str, **params: str) -> str:
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return f"{parts.path}?{urlencode([*query, *params.items()])}"


def without_params(target: str, *names: str) -> str:
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in names]
    return f"{parts.path}?{urlencode(query)}" if query else parts.path


def _user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:300]


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        max_age=settings.session_max_hours * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def _clear_session_cookies(response: Response, request: Request) -> None:
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="lax")
    _clear_provider_cookies(response, request)


def _clear_provider_cookies(response: Response, request: Request) -> None:
    for name in request.cookies:
        if name.startswith("_streamlit_user"):
            response.delete_cookie(name, path="/")


@asynccontextmanager
async def lifespan(_app):
    # A `pages/` folder beside app.py would make Streamlit serve its old automatic page list
    # until app.py has run once; app.py builds the navigation itself, so say so before the
    # first request (see tests/test_serve.py, which fails if this flag goes away).
    PagesManager.uses_pages_directory = False
    await run_in_threadpool(prepare_database, _engine(), get_settings())
    yield


ROUTES = [
    Route("/auth/signin", sign_in, methods=["POST"]),
    Route("/auth/signout", sign_out, methods=["POST"]),
    Route("/auth/oidc/complete", oidc_complete, methods=["GET"]),
    Route("/healthz", health, methods=["GET"]),
]

app = st.App(
    Path(__file__).with_name("app.py"),
    routes=ROUTES,
    middleware=[Middleware(OidcHandover), Middleware(DocumentLanguage)],
    lifespan=lifespan,
)
