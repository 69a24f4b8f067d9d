"""End-to-end fixtures: one real Streamlit server for the session, and a headless Chromium page.

In the style of datasette's `datasette_server` fixture: the app runs as a child process on a
free port with its own temporary data directory (a fresh SQLite database, the default plan
loaded on first start), and is stopped at the end whatever happens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests cannot run"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: refusing to skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[str]:
    """The app served by `streamlit run` on a free port; yields its base URL."""
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("e2e-var")
    env = {**os.environ, "MONITORING_DATA_DIR": str(data_dir)}
    # Always the embedded SQLite under the temporary directory, never a shared database.
    for name in ("DATABASE_URL", "MONITORING_DATABASE_URL"):
        env.pop(name, None)
    port = _free_port()
    log_path = data_dir / "streamlit.log"
    log = log_path.open("w+b")
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
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
                    f"streamlit did not answer {url}/_stcore/health within {START_TIMEOUT} s:\n"
                    f"{_output(log)}",
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
            yield chromium
        finally:
            chromium.close()


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
