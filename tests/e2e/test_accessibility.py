"""axe-core on every page each role sees, in every interface language (WCAG 2.1 A and AA).

One browser context per role and language signs in once and opens each page of its sidebar
navigation as a person would (a click), then runs axe on it. A violation fails the test unless
`axe_known_issues.yaml` lists it as one inside Streamlit's own components, with the reason; a
known issue seen nowhere in a whole run is reported as a warning, so the list is kept honest.
Each page's document language and title are checked on the way.

Every violation found is also written to `screenshots/axe/` (one JSON file per role and
language), from which the before/after table of the accessibility work was made.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from monitoring.i18n import LANGUAGES, translate
from monitoring.page_language import language_tag

from .axe import Violation, known_issues, violations
from .ui import TIMEOUT, nav_link, settle

pytestmark = pytest.mark.e2e

# Every language the interface offers, as the accessibility statement says the check covers.
LANGUAGE_TAGS = {lang: language_tag(lang) for lang in LANGUAGES}
# Who signs in for each role (keys of conftest.ACCOUNTS); None browses without an account.
ROLES = {
    "anonymous": None,
    "focal_point": "focal_sef",
    "validator": "validator_sef",
    "secretariat": "secretariat",
    "committee": "committee",
    "admin": "admin",
}
CASES = [(role, lang) for role in ROLES for lang in LANGUAGE_TAGS]
_seen: dict[tuple[str, str], list[Violation]] = {}


def open_first(page: Page, url: str) -> None:
    """The first page of a test, with more patience: the server may just have started."""
    page.goto(url)
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=60_000
    )
    settle(page)


def sign_in_as(page: Page, base_url: str, account, lang: str) -> None:
    open_first(page, f"{base_url}/?lang={lang}")
    nav_link(page, translate("nav.login", lang)).click()
    form = page.locator("form[action$='/auth/signin']")
    expect(form).to_be_visible(timeout=TIMEOUT)
    form.locator("#gcm-email").fill(account.email)
    form.locator("#gcm-password").fill(account.password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(nav_link(page, translate("nav.account", lang))).to_be_visible(timeout=TIMEOUT)
    settle(page)


def page_addresses(page: Page) -> list[str]:
    """The paths of the pages in the sidebar navigation, in its order."""
    links = page.get_by_test_id("stSidebarNav").locator("a[href]")
    expect(links.first).to_be_visible(timeout=TIMEOUT)
    return [urlsplit(href).path for href in links.evaluate_all("(all) => all.map((a) => a.href)")]


def open_page(page: Page, path: str) -> None:
    """A click on the page's sidebar entry, then the end of its run and its first heading."""
    page.get_by_test_id("stSidebarNav").locator(f"a[href$='{path}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?|$)"), timeout=TIMEOUT)
    settle(page)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(400)  # charts and grids finish drawing after the run


def report(directory: Path, role: str, lang: str, found: list[Violation]) -> None:
    folder = directory / "axe"
    folder.mkdir(exist_ok=True)
    rows = [v.__dict__ for v in found]
    (folder / f"{role}-{lang}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))


@pytest.mark.parametrize(("role", "lang"), CASES)
def test_every_page_passes_axe(
    role: str, lang: str, page: Page, app_server: str, accounts, screenshot_dir: Path
) -> None:
    if ROLES[role] is None:
        open_first(page, f"{app_server}/?lang={lang}")
    else:
        sign_in_as(page, app_server, accounts[ROLES[role]], lang)
    issues, found, problems = known_issues(), [], []
    for path in page_addresses(page):
        open_page(page, path)
        name = path.strip("/") or "plan"
        here = violations(page, name)
        found.extend(here)
        problems += [v.describe() for v in here if not any(k.covers(v) for k in issues)]
        tag = page.evaluate("() => document.documentElement.lang")
        if tag != LANGUAGE_TAGS[lang]:
            problems.append(f"[{name}] <html lang={tag!r}>, expected {LANGUAGE_TAGS[lang]!r}")
        title = page.title()
        if not title.endswith(f" · {translate('app.title', lang)}") or title.startswith(" · "):
            problems.append(f"[{name}] the document title {title!r} does not say the page")
    _seen[(role, lang)] = found
    report(screenshot_dir, role, lang, found)
    assert not problems, f"{len(problems)} accessibility problem(s) as {role} in {lang}:\n" + "\n".join(
        problems
    )


def test_every_known_issue_still_occurs() -> None:
    """Runs last: a known issue that no page showed any more is reported, so it can go."""
    if set(_seen) != set(CASES):
        pytest.skip("the axe check did not run for every role and language")
    everything = [v for found in _seen.values() for v in found]
    for issue in known_issues():
        if not any(issue.covers(v) for v in everything):
            warnings.warn(
                f"axe no longer finds the known issue {issue.describe()}: remove it from "
                "tests/e2e/axe_known_issues.yaml",
                stacklevel=1,
            )
