import pytest
from playwright.sync_api import Page
from .test_accessibility import sign_in_as, page_addresses, open_page
from .axe import violations
pytestmark = pytest.mark.e2e

def test_debug(page: Page, app_server, accounts, screenshot_dir):
    page.on("framenavigated", lambda f: print("NAV", f.url) if f == page.main_frame else None)
    sign_in_as(page, app_server, accounts["secretariat"], "en")
    print("after sign in", page.url, page.evaluate("document.documentElement.lang"), page.title())
    for path in page_addresses(page)[:3]:
        print("click", path, page.url)
        open_page(page, path)
        print("opened", page.url, page.evaluate("document.documentElement.lang"), page.title())
        violations(page, path)
        print("axed", page.url, page.evaluate("document.documentElement.lang"), page.title())
