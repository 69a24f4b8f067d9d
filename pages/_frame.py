"""What a browser and a screen reader need beyond Streamlit's own markup: the document's
language, the skip link in that language, focus on the page's heading when a page is shown and
on the result after a submit, and one live region that reads results out.

Streamlit writes `<html lang="en">` and never changes it (serve.py corrects the first load); a
small script, sent with each page run, keeps it in step with the chosen language. It is sent
again only when what it says changes, so an ordinary rerun does not move the focus.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import streamlit as st

# Hides the script's own element, so it takes no room in the page.
# A heading that receives focus is not a control: it gets no focus ring (the screen reader and
# the scroll position say where one is).
_HIDE = (
    "<style>.stElementContainer:has(.gcm-a11y){display:none}"
    '[data-testid="stMain"] h1[tabindex="-1"]:focus{outline:none}</style>'
)
_SCRIPT = """<span class="gcm-a11y"></span><script>
(() => {
  const cfg = %s;
  const root = document.documentElement;
  if (cfg.lang && root.lang !== cfg.lang) root.lang = cfg.lang;
  const skip = document.querySelector('[data-testid="stSkipToContent"]');
  if (skip && cfg.skip && skip.textContent !== cfg.skip) skip.textContent = cfg.skip;
  let live = document.getElementById('gcm-live');
  if (!live) {
    live = document.createElement('div');
    live.id = 'gcm-live';
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    live.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;' +
      'overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0';
    document.body.appendChild(live);
  }
  // Language of parts: a block drawn under plan_text() says the language its texts are in.
  const parts = '[class*="st-key-gcm-lang-"]';
  if (cfg.browse) window.__gcmBrowse = cfg.browse;
  // The file drop zone's button shows the page's word through CSS (see FRAME_CSS): its name for
  // a screen reader is the same word.
  const uploads = '[data-testid="stFileUploaderDropzone"] button';
  const mark = (node) => {
    if (!node.querySelectorAll) return;
    [node, ...node.querySelectorAll(parts)].forEach((el) => {
      const found = el.className && String(el.className).match(/st-key-gcm-lang-([a-z]{2,3}(?:-[A-Z]{2})?)-/);
      if (found && el.lang !== found[1]) el.lang = found[1];
    });
    const word = window.__gcmBrowse;
    if (word) [node, ...node.querySelectorAll(uploads)].filter((el) => el.matches && el.matches(uploads))
      .forEach((el) => { if (el.getAttribute('aria-label') !== word) el.setAttribute('aria-label', word); });
  };
  if (!window.__gcmLangObserver) {
    window.__gcmLangObserver = new MutationObserver((changes) =>
      changes.forEach((change) => change.addedNodes.forEach(mark)));
    window.__gcmLangObserver.observe(document.body, {childList: true, subtree: true});
  }
  mark(document.body);
  if (!cfg.focus || window.__gcmFocused === cfg.focus.token) return;
  window.__gcmFocused = cfg.focus.token;
  const app = document.querySelector('[data-testid="stApp"]');
  const started = Date.now();
  const free = () => {
    // Focus is moved only from where a page change leaves it: nowhere, or the link clicked.
    const active = document.activeElement;
    return !active || active === document.body || active.closest('[data-testid="stSidebarNav"]') ||
      active.closest('[data-testid="stSidebarUserContent"]') || cfg.focus.kind === 'result';
  };
  const target = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return null;
    if (cfg.focus.kind === 'result') return main.querySelector('.st-key-' + cfg.focus.key);
    return main.querySelector('h1');
  };
  const attempt = () => {
    const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
    const element = done ? target() : null;
    if (element && !element.closest('[data-stale="true"]')) {
      if (free()) {
        element.setAttribute('tabindex', '-1');
        element.focus({preventScroll: cfg.focus.kind !== 'result'});
        if (cfg.focus.kind === 'result') {
          element.scrollIntoView({block: 'center'});
          live.textContent = '';
          setTimeout(() => { live.textContent = element.innerText.trim(); }, 100);
        }
      }
      return;
    }
    if (Date.now() - started < 15000) setTimeout(attempt, 100);
  };
  attempt();
})();
</script>"""


def page_frame(*, lang_tag: str, page: str, skip_label: str, browse_label: str = "") -> None:
    """The document's language and skip link for this run; focus on the page's first heading
    when the page is shown anew (a first load, a sign-in, a navigation)."""
    shown = st.session_state.get("_a11y_page")
    focus = None
    if shown != page:
        st.session_state["_a11y_page"] = page
        st.session_state["_a11y_views"] = st.session_state.get("_a11y_views", 0) + 1
        focus = {"kind": "heading", "token": f"page-{st.session_state['_a11y_views']}"}
    _send({"lang": lang_tag, "skip": skip_label, "browse": browse_label, "focus": focus})


@contextmanager
def text_in(lang_tag: str | None):
    """A block whose texts are in another language than the page's (`lang_tag`, e.g. a plan
    written in a language the interface has no catalogue for): the script gives it that `lang`.
    With None, the texts are in the page's language and nothing is added."""
    if lang_tag is None:
        yield
        return
    count = st.session_state.get("_a11y_parts", 0) + 1
    st.session_state["_a11y_parts"] = count
    with st.container(key=f"gcm-lang-{lang_tag}-{count}"):
        yield


def focus_result(key: str, token: str) -> None:
    """Focus on the container `key` (an `st.container(key=...)`) and read its text out, once
    for each `token` (a new submission)."""
    _send({"focus": {"kind": "result", "key": key, "token": token}})


def _send(config: dict) -> None:
    st.html(_HIDE)
    body = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    st.html(_SCRIPT % body, unsafe_allow_javascript=True)
