"""The meeting brief printed as the committee's papers: Chromium's own print to A4 PDF
(`page.pdf`), read back with `pdftotext`. Every row of the attention list is on paper with the
as-of month and the data basis, and no widget label is.

The e2e server holds the PNIPGM and no report, so every measure is "not reported" and each
measure past its deadline is also "overdue": about 175 rows, many pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from monitoring import dashboard, formats
from monitoring.i18n import translate
from monitoring.progress import ENDS_COLUMNS, REPORT_COLUMNS, indicator_status, snapshot
from plan import read_plan_file

from .ui import TIMEOUT, nav_link, settle, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.office]

ROOT = Path(__file__).resolve().parents[2]


def _require_pdftotext() -> None:
    if shutil.which("pdftotext"):
        return
    reason = "pdftotext is not installed (apt-get install poppler-utils)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: refusing to skip", pytrace=False)
    pytest.skip(reason)


def expected_attention() -> tuple[str, list[tuple[str, str]]]:
    """The default as-of month and the attention list's (code, reason) rows, computed here from
    the same functions on the same state: the plan, and no report."""
    plan = read_plan_file(ROOT / "data" / "pnipgm.yaml")
    as_of = dashboard.last_closed(plan)
    nothing = pd.DataFrame(columns=REPORT_COLUMNS)
    frame = dashboard.measures_with_state(plan, snapshot(plan, nothing, as_of=as_of), "pt")
    indicators = indicator_status(plan, pd.DataFrame(columns=ENDS_COLUMNS), as_of=as_of)
    rows = dashboard.attention_list(frame, indicators)
    return as_of, [
        (c, translate(f"dash.reason.{r}", "pt")) for c, r in zip(rows["code"], rows["reason"], strict=True)
    ]


def test_the_meeting_brief_prints_as_a_document(
    page: Page, app_server: str, accounts, tmp_path: Path
) -> None:
    _require_pdftotext()
    admin = accounts["admin"]
    sign_in(page, app_server, admin.email, admin.password)
    nav_link(page, translate("nav.brief", "pt")).click()
    settle(page)
    expect(page.locator(".brief-doc table").last).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=TIMEOUT)
    page.emulate_media(media="print")
    pdf = tmp_path / "brief.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    as_of, rows = expected_attention()
    assert len(rows) > 100
    lines = text.splitlines()
    for code, reason in rows:  # code and reason open each printed row, whatever the title's length
        assert any(re.search(rf"(^|\s){code}\s+{re.escape(reason)}(\s|$)", line) for line in lines), (
            code,
            reason,
        )
    flat = " ".join(text.split())
    assert formats.month(as_of, "pt") in flat
    assert translate("brief.basis.all", "pt") in flat and translate("brief.basis", "pt") in flat
    assert translate("dash.chart.by_axis", "pt") in flat and translate("trends.shares", "pt") in flat
    for label in ("dash.as_of", "dash.validated_only", "brief.print"):  # the widgets stay off the paper
        assert translate(label, "pt") not in flat, label
    by_axis = [p for p in text.split("\f") if translate("dash.chart.by_axis", "pt") in p][-1]
    assert re.search(r"E1\s+E2\s+E3\s+E4\s+E5", by_axis), "the chart by axis is cut between two pages"
    pages = text.count("\f")
    assert 2 <= pages <= 16
