"""Pages as people load them: headless Chromium against `streamlit run serve.py`, each page
against a one-line Streamlit page measured in the same run.

    .venv/bin/python -m benchmarks.page_benchmark [--repeat 3] [--large] [--until 2022-12] [--pages a,b]

Two histories: the PNIPGM with `seed-demo`'s synthetic history (built in a temporary folder),
and with `--large` the 1.6-million-revision database of `dashboard_benchmark` (built or reused
there). For each page, signed in as an administrator:
- full load: from `page.goto` to the end of the script run (Streamlit's own "not running"
  state and no status widget), as after typing the address or pressing F5;
- navigation: from a click on the page's sidebar entry, starting from the Plan page, to the
  end of the run.
The floor is a one-line app with one small dataframe, served the same way (`streamlit run`):
its full load, and its navigation between two such pages, measured before and after the app.
Targets: a full load within 1.5x the floor on the PNIPGM, a navigation within 2x the floor on
the large history.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from monitoring.i18n import translate

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
ADMIN = "bench.pages@example.pt"
# (address, the catalogue key of its sidebar entry): every page an administrator sees.
PAGES = [
    ("", "nav.plan"),
    ("measure", "nav.measure"),
    ("bodies", "nav.bodies"),
    ("public", "nav.public"),
    ("dashboard", "nav.dashboard"),
    ("trends", "nav.trends"),
    ("indicators", "nav.indicators"),
    ("brief", "nav.brief"),
    ("report", "nav.report"),
    ("report_excel", "nav.report_excel"),
    ("validate", "nav.validate"),
    ("balance", "nav.balance"),
    ("completeness", "nav.completeness"),
    ("audit", "nav.audit"),
    ("users", "nav.users"),
    ("load_plan", "nav.load_plan"),
    ("account", "nav.account"),
]
FLOOR_APP = """import pandas as pd
import streamlit as st

def one():
    st.dataframe(pd.DataFrame({"a": range(10), "b": list("abcdefghij")}))

def two():
    st.dataframe(pd.DataFrame({"a": range(10), "b": list("klmnopqrstu")[:10]}))

pages = [st.Page(one, title="Um", default=True), st.Page(two, title="Dois", url_path="two")]
st.navigation(pages).run()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(script: Path, env: dict[str, str], cwd: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def cli(env: dict[str, str], *args: str, stdin: str = "") -> None:
    subprocess.run([sys.executable, "-m", "monitoring", *args], cwd=ROOT, env=env, input=stdin,
                   text=True, check=True, capture_output=True)  # fmt: skip


def settle(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=120_000
    )
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=120_000)


def full_load(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    settle(page)
    return time.perf_counter() - start


def navigation(page, start_url: str, entry: str) -> float:
    import re

    page.goto(start_url)
    settle(page)
    link = page.get_by_test_id("stSidebarNav").get_by_role(
        "link", name=re.compile(rf"(^|\s){re.escape(entry)}$")
    )
    start = time.perf_counter()
    link.click()
    page.wait_for_timeout(50)  # the click starts a run: let the app leave the idle state
    settle(page)
    return time.perf_counter() - start


def sign_in(page, url: str, password: str) -> None:
    page.goto(f"{url}/login")
    settle(page)
    form = page.locator("form[action$='/auth/signin']")
    form.get_by_label(translate("login.email", "pt")).fill(ADMIN)
    form.get_by_label(translate("login.password", "pt")).fill(password)
    form.get_by_role("button", name=translate("login.submit", "pt")).click()
    page.wait_for_load_state()
    settle(page)


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure_app(
    browser, url: str, password: str, repeat: int, only: set[str] | None = None
) -> dict[str, tuple[float, float]]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="pt-PT")
    page = context.new_page()
    sign_in(page, url, password)
    results = {}
    for path, key in PAGES:
        if only and (path or "plan") not in only:
            continue
        entry = translate(key, "pt")
        full_load(page, f"{url}/{path}")  # warm the server's caches once, as a day of use does
        loads = [full_load(page, f"{url}/{path}") for _ in range(repeat)]
        navs = [navigation(page, f"{url}/", entry) for _ in range(repeat)] if path else [0.0]
        results[path or "plan"] = (median(loads), median(navs))
    context.close()
    return results


def measure_floor(browser, url: str, repeat: int) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    full_load(page, f"{url}/")
    loads = [full_load(page, f"{url}/") for _ in range(repeat)]
    navs = [navigation(page, f"{url}/", "Dois") for _ in range(repeat)]
    context.close()
    return median(loads), median(navs)


def prepare(folder: Path, database_url: str | None, until: str) -> tuple[dict[str, str], str]:
    env = {**os.environ, "MONITORING_DATA_DIR": str(folder / "var")}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
        env["MONITORING_LOAD_DEFAULT_PLAN"] = "false"
    else:
        cli(env, "load-plan", str(ROOT / "data" / "pnipgm.yaml"))
        cli(env, "seed-demo", "--until", until)
    password = f"Bench-{secrets.token_urlsafe(10)}"
    try:
        cli(env, "create-user", "--email", ADMIN, "--name", "Bench", "--role", "admin", "--password-stdin",
            stdin=password + "\n")  # fmt: skip
    except subprocess.CalledProcessError:  # the reused large database has it from an earlier run
        cli(env, "reset-password", "--email", ADMIN, "--password-stdin", stdin=password + "\n")
    return env, password


def report(title: str, rows: dict[str, tuple[float, float]], floor: tuple[float, float], targets) -> None:
    print(f"\n{title}: floor full load {floor[0]:.2f} s, floor navigation {floor[1]:.2f} s")
    print(f"{'page':14} {'load s':>7} {'ratio':>6} {'nav s':>7} {'ratio':>6}  targets (load, nav)")
    for page, (load, nav) in rows.items():
        load_ratio, nav_ratio = load / floor[0], (nav / floor[1] if nav else 0.0)
        verdicts = [
            "-" if targets[0] is None else ("ok" if load_ratio <= targets[0] else "MISSED"),
            "-" if targets[1] is None or not nav else ("ok" if nav_ratio <= targets[1] else "MISSED"),
        ]
        nav_text = f"{nav:7.2f} {nav_ratio:5.1f}x" if nav else f"{'':7} {'':6}"
        print(f"{page:14} {load:7.2f} {load_ratio:5.1f}x {nav_text}  {' '.join(verdicts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also the 1.6-million-revision history")
    parser.add_argument("--until", default="2022-12", help="last month of the PNIPGM demo history")
    parser.add_argument("--pages", help="only these pages, comma-separated (plan,dashboard,...)")
    args = parser.parse_args()
    only = set(args.pages.split(",")) if args.pages else None
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        (folder / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
        floors = []
        with served(folder / "floor.py", {**os.environ}, folder) as floor_url:
            floors.append(measure_floor(browser, floor_url, args.repeat))
            env, password = prepare(folder / "pnipgm", None, args.until)
            with served(ROOT / "serve.py", env, ROOT) as url:
                rows = measure_app(browser, url, password, args.repeat, only)
            floors.append(measure_floor(browser, floor_url, args.repeat))  # before and after: a busy
            floor = tuple(median(values) for values in zip(*floors, strict=True))  # machine drifts
        report(f"PNIPGM with its demo history to {args.until}", rows, floor, (1.5, None))
        if args.large:
            from benchmarks.dashboard_benchmark import FULL, sqlite_database

            large = sqlite_database(FULL, rebuild=False)
            env, password = prepare(folder / "large", large, args.until)
            with served(ROOT / "serve.py", env, ROOT) as url:
                rows = measure_app(browser, url, password, args.repeat, only)
            report("1.6 million revisions (30 plans)", rows, floor, (None, 2.0))
        browser.close()


if __name__ == "__main__":
    main()
