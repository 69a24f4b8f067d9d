"""Small helpers for driving the Streamlit app in Playwright, shared by the e2e test modules.

Streamlit renders asynchronously, so every check is an auto-waiting `expect(...)`, and
`settle()` waits for the script run that the last action asked for to finish.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

TIMEOUT = 20_000
ROW_HEIGHT = 35  # st.dataframe / st.data_editor: header and body rows are 35 px high
TYPE_DELAY = 40  # ms between keys: the grid's number editor loses keys typed faster


def settle(page: Page) -> None:
    """Wait until the script run asked for last has finished and the page shows what it drew.

    The page's "not running" state alone does not say that: between an action (a click, a
    choice, Enter) and the start of the server's run, the page still says "not running" and
    shows the previous run's elements. In a context from `watch`, the page counts the reruns
    it asks for and the runs the server finishes; the wait lasts until a run has finished after
    the last rerun asked for (a frame or two first, for a rerun the action is still sending)."""
    for attempt in range(3):  # an action that loads another document (the sign-in form) ends
        try:  # the page's scripts: the new document counts its own runs
            if page.evaluate(_AFTER_A_FRAME):
                page.wait_for_function(_RUN_FINISHED, timeout=TIMEOUT)
            break
        except PlaywrightError as error:
            if "context was destroyed" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state()
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=TIMEOUT
    )
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=TIMEOUT)


def watch(context: BrowserContext) -> BrowserContext:
    """Count, in every page of `context`, the reruns asked for and the runs finished (`settle`)."""
    context.add_init_script(_COUNT_RUNS)
    return context


# Whether the page counts its runs, answered after two frames (or 100 ms): what the last action
# changed has been drawn, and a rerun it asks for has been sent.
_AFTER_A_FRAME = """() => new Promise((resolve) => {
    let done = false;
    const go = () => { if (!done) { done = true; setTimeout(() => resolve(!!window.__gcmRuns), 0); } };
    requestAnimationFrame(() => requestAnimationFrame(go));
    setTimeout(go, 100);
})"""
_RUN_FINISHED = "() => window.__gcmRuns.finished > window.__gcmRuns.asked"
# Reads the top-level fields of Streamlit's messages on its WebSocket (protocol buffers): a
# BackMsg with `rerun_script` (field 11) asks for a run; a ForwardMsg with `script_finished`
# (field 6) of FINISHED_SUCCESSFULLY (0) or FINISHED_FRAGMENT_RUN_SUCCESSFULLY (3) ends one. A
# run cut short for a rerun (2) does not count: the rerun's own run will finish.
_COUNT_RUNS = """(() => {
  if (window.__gcmRuns) return;
  const runs = (window.__gcmRuns = {asked: 0, finished: 0, order: 0});
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const fields = (bytes) => {
    const found = new Map();
    let at = 0;
    while (at < bytes.length) {
      let key, value, length;
      [key, at] = varint(bytes, at);
      const wire = key & 7;
      if (wire === 0) [value, at] = varint(bytes, at);
      else if (wire === 2) { [length, at] = varint(bytes, at); at += length; value = length; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else break;
      found.set(Math.floor(key / 8), value);
    }
    return found;
  };
  const bytesOf = (data) => data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes('/_stcore/stream')) return;
      this.addEventListener('message', (event) => {
        const bytes = bytesOf(event.data);
        const finished = bytes && fields(bytes).get(6);
        if (finished === 0 || finished === 3) runs.finished = ++runs.order;
      });
    }
    send(data) {
      const bytes = this.url.includes('/_stcore/stream') ? bytesOf(data) : null;
      if (bytes && fields(bytes).has(11)) runs.asked = ++runs.order;
      return super.send(data);
    }
  };
})();"""


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    settle(page)


def shot(page: Page, directory: Path, name: str) -> None:
    """A screenshot of the whole page. Streamlit scrolls inside its own container, not the
    document, so `full_page` alone stops at the viewport: grow the viewport to the content."""
    settle(page)
    viewport = page.viewport_size
    height = viewport["height"]
    try:
        for _ in range(4):  # content can grow once it has room (lazy grids, charts)
            needed = min(max(_content_height(page), 600), 8000)
            if needed <= height:
                break
            height = needed
            page.set_viewport_size({"width": viewport["width"], "height": height})
            page.wait_for_timeout(700)
        settle(page)
        page.wait_for_timeout(500)  # let charts and tables finish painting
        page.screenshot(path=str(directory / f"{name}.png"), full_page=True)
    finally:
        page.set_viewport_size(viewport)


def _content_height(page: Page) -> int:
    return page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight, ...Array.from(
            document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]'),
            (e) => e.scrollHeight))"""
    )


def nav_link(page: Page, name: str) -> Locator:
    """An entry of the sidebar navigation (its accessible name may start with the icon's name)."""
    pattern = re.compile(rf"(^|\s){re.escape(name)}$")
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=pattern)


def sign_in(page: Page, base_url: str, email: str, password: str, *, expect_success: bool = True) -> None:
    """Sign in through the "Entrar" page, reached from the sidebar as a person would. The form
    posts to the server, which sets the session cookie and comes back to the app."""
    open_app(page, f"{base_url}/")
    nav_link(page, "Entrar").click()
    fill_sign_in(page, email, password)
    if expect_success:
        # Signed in: the account page replaces the sign-in entry in the navigation.
        expect(nav_link(page, "A minha conta")).to_be_visible(timeout=TIMEOUT)
        settle(page)


def fill_sign_in(page: Page, email: str, password: str) -> None:
    """Fill and send the sign-in form shown on the current page."""
    form = sign_in_form(page)
    expect(form).to_be_visible(timeout=TIMEOUT)
    form.get_by_label("Correio eletrónico").fill(email)
    form.get_by_label("Palavra-passe").fill(password)
    form.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()
    settle(page)


def sign_in_form(page: Page) -> Locator:
    return page.locator("form[action$='/auth/signin']")


def header(table: Locator, name: str) -> Locator:
    """A column header of a dataframe. The grid is drawn on a canvas; its fallback content
    (an accessible table inside the canvas, only the rows in view) holds the cells."""
    return table.locator("[role=columnheader]").filter(has_text=re.compile(f"^{re.escape(name)}$"))


def cell(table: Locator, text: str | re.Pattern) -> Locator:
    pattern = text if isinstance(text, re.Pattern) else re.compile(f"^{re.escape(text)}$")
    return table.locator("[role=gridcell]").filter(has_text=pattern)


def grid_cell(grid: Locator, row: int, column: str) -> Locator:
    """The cell of a data grid at a body row (0 = first) and a column named by its header."""
    return grid.get_by_test_id(f"glide-cell-{column_index(grid, column)}-{row}")


def column_index(grid: Locator, column: str) -> int:
    """The position (0 = first) of a column among the grid's columns, by its header text."""
    headers = header(grid, column)
    expect(headers).to_have_count(1, timeout=TIMEOUT)
    return int(headers.get_attribute("aria-colindex")) - 1


def edit_cell(page: Page, grid: Locator, row: int, column: str, value: str) -> None:
    """Type a value into one cell of an st.data_editor (glide-data-grid, drawn on a canvas).

    Clicks the first cell of the row (rows are ROW_HEIGHT px under a header of the same
    height), moves right with the arrow keys to the column, opens the cell's editor with
    Enter, types the value and commits it with Enter. The same keys work for text, number and
    selectbox columns (typing filters a selectbox's options; Enter takes the first match).
    The row must be in the grid's view (the first ten or so rows).
    """
    target = column_index(grid, column)
    grid.scroll_into_view_if_needed()
    first = grid.get_by_test_id(f"glide-cell-0-{row}")
    for attempt in range(4):  # a click that lands while the grid takes focus only focuses it
        grid.click(position={"x": 12, "y": ROW_HEIGHT * (row + 1) + ROW_HEIGHT // 2})
        try:
            expect(first).to_have_attribute("aria-selected", "true", timeout=2_000)
            break
        except AssertionError:
            if attempt == 3:
                raise
    for _ in range(target):
        page.keyboard.press("ArrowRight")
    cell_ = grid.get_by_test_id(f"glide-cell-{target}-{row}")
    expect(cell_).to_have_attribute("aria-selected", "true", timeout=TIMEOUT)
    page.keyboard.press("Enter")
    editor = page.locator("#portal").locator("input, textarea").first
    expect(editor).to_be_focused(timeout=TIMEOUT)
    page.keyboard.press("Control+a")  # replace what the cell held
    for char in value:  # the number editor may put the caret back at the start: keep it at the end
        page.keyboard.type(char)
        page.keyboard.press("End")
        page.wait_for_timeout(TYPE_DELAY)
    page.keyboard.press("Enter")
    expect(cell_).to_have_text(value, timeout=TIMEOUT)
    settle(page)  # each edit reruns the page (the report keeps a draft on the server)
