"""End-to-end fixtures: one real Streamlit server for the session, and a headless Chromium page.

In the style of datasette's `datasette_server` fixture: the app runs as a child process on a
free port with its own temporary data directory (a fresh SQLite database, into which the CLI
loads the default plan and creates the accounts of ACCOUNTS before the server starts), and is
stopped at the end whatever happens.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .ui import watch

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT = 60
CLI_TIMEOUT = 60


@dataclass(frozen=True)
class Account:
    """An account made with the CLI for the e2e server; the password is new every session."""

    email: str
    name: str
    role: str
    bodies: tuple[str, ...] = ()
    password: str = ""


# Who the browser tests sign in as (by key). The SEF focal point reports for SEF's measures.
ACCOUNTS = {
    "admin": Account("admin@e2e.example.pt", "Administração E2E", "admin"),
    "focal_sef": Account("ponto.focal.sef@e2e.example.pt", "Ponto focal SEF", "focal_point", ("SEF",)),
    # The keyboard journey reports for a body that shares no measure with SEF, so the SEF month
    # of the report journey and this one do not depend on which runs first.
    "focal_me": Account("ponto.focal.me@e2e.example.pt", "Ponto focal ME", "focal_point", ("ME",)),
    # One of each other role, for the accessibility check of every page a role sees.
    "validator_sef": Account("validador.sef@e2e.example.pt", "Validador SEF", "validator", ("SEF",)),
    "secretariat": Account("secretariado@e2e.example.pt", "Secretariado E2E", "secretariat"),
    # PRES leads or shares 34 measures of the PNIPGM: a full month for the reporting journey.
    "focal_pres": Account("ponto.focal.pres@e2e.example.pt", "Ponto focal PRES", "focal_point", ("PRES",)),
    "validator_pres": Account("validacao.pres@e2e.example.pt", "Validação PRES", "validator", ("PRES",)),
    "committee": Account("comissao@e2e.example.pt", "Comissão E2E", "committee"),
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests cannot run"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: refusing to skip", pytrace=False)
    pytest.skip(reason)


def _server_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "MONITORING_DATA_DIR": str(data_dir)}
    # Always the embedded SQLite under the temporary directory, never a shared database.
    for name in ("DATABASE_URL", "MONITORING_DATABASE_URL"):
        env.pop(name, None)
    return env


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> None:
    """`python -m monitoring ...` on the e2e data directory; fails the session if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "monitoring", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`python -m monitoring {' '.join(args)}` exited with {done.returncode}:\n"
            f"{done.stdout}{done.stderr}",
            pytrace=False,
        )


def _prepare_data(env: dict[str, str]) -> dict[str, Account]:
    """Before the server starts: the default plan loaded (so the first page is not slowed by
    it) and one account per entry of ACCOUNTS, each with a fresh random password."""
    _cli(env, "load-plan", str(ROOT / "data" / "pnipgm.yaml"))
    made = {}
    for key, account in ACCOUNTS.items():
        password = f"E2e-{secrets.token_urlsafe(12)}"
        body_args = [arg for body in account.bodies for arg in ("--body", body)]
        _cli(
            env,
            "create-user",
            "--email",
            account.email,
            "--name",
            account.name,
            "--role",
            account.role,
            *body_args,
            "--password-stdin",
            stdin=password + "\n",
        )
        made[key] = Account(account.email, account.name, account.role, account.bodies, password)
    return made


@pytest.fixture(scope="session")
def server_data(tmp_path_factory) -> tuple[Path, dict[str, Account]]:
    """The server's temporary data directory, prepared with the plan and the accounts."""
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("e2e-var")
    return data_dir, _prepare_data(_server_env(data_dir))


@pytest.fixture(scope="session")
def accounts(server_data) -> dict[str, Account]:
    """The accounts of the e2e server, by key of ACCOUNTS (with their passwords)."""
    return server_data[1]


@contextmanager
def serve(
    env: dict[str, str], log_path: Path, *, port: int | None = None, extra: tuple = ()
) -> Iterator[str]:
    """`streamlit run serve.py` (the app and its HTTP routes) on a free port with `env`; yields its base URL once it answers,
    and stops it whatever happens."""
    port = port or _free_port()
    log = log_path.open("w+b")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "serve.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {process.returncode}:\n{_output(log)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer {url}/healthz within {START_TIMEOUT} s:\n{_output(log)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def app_server(server_data) -> Iterator[str]:
    """The app served by `streamlit run` on a free port; yields its base URL."""
    data_dir = server_data[0]
    with serve(_server_env(data_dir), data_dir / "streamlit.log") as url:
        yield url


def _output(log) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-5000:]


@pytest.fixture(scope="session")
def browser(app_server):
    """One headless Chromium (Debian's; Playwright's own download is never used)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield _Watched(chromium)
        finally:
            chromium.close()


class _Watched:
    """The browser, whose every new context has its script runs followed (see ui.settle)."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        return watch(self._browser.new_context(**options))

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture
def context(browser):
    """A fresh browser context (own cookies, own Streamlit session) for each test."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="pt-PT")
    ctx.set_default_timeout(20_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
