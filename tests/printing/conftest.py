"""The files as people open them: LibreOffice Calc (headless) converts the workbooks to PDF and
round-trips them, `pdftotext` reads the PDFs. These tests build their own files in a temporary
SQLite database and never touch the test database, so CI runs them once (marker `office`).

On a workstation without LibreOffice or poppler they are skipped; with CI set, they fail instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks.balance_benchmark import build_history
from monitoring.db import engine_for
from plan import Plan, read_plan_file

ROOT = Path(__file__).resolve().parents[2]
PNIPGM = ROOT / "data" / "pnipgm.yaml"
AS_OF = "2026-10"
TODAY = dt.date(2026, 11, 20)
CONVERT_TIMEOUT = 180


def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (apt-get install libreoffice-calc-nogui poppler-utils)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: refusing to skip", pytrace=False)
    pytest.skip(reason)


class Office:
    """LibreOffice with a profile of its own (so parallel runs never share one)."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile

    def convert(self, source: Path, to: str, out: Path) -> Path:
        """`source` converted by LibreOffice to `to` (pdf, xlsx) in folder `out`."""
        out.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["soffice", "--headless", "--norestore", f"-env:UserInstallation={self.profile.as_uri()}",
             "--convert-to", to, "--outdir", str(out), str(source)],
            capture_output=True, text=True, timeout=CONVERT_TIMEOUT,
        )  # fmt: skip
        result = out / f"{source.stem}.{to.split(':')[0]}"
        assert done.returncode == 0 and result.exists(), f"soffice failed:\n{done.stdout}{done.stderr}"
        return result


@pytest.fixture(scope="session")
def office(tmp_path_factory) -> Office:
    _require("soffice", "pdftotext", "pdfinfo")
    return Office(tmp_path_factory.mktemp("lo-profile"))


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = text.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


FOOTER = re.compile(r"(Página|Page) \d+ (de|of) \d+\s*$")


def footer(page: str) -> str:
    """The page's footer line (plan · month, sheet, page n of m): charts' text may come after it."""
    return next((line for line in reversed(page.splitlines()) if FOOTER.search(line)), "")


def footer_sheet(page: str, sheets: list[str]) -> str | None:
    """The sheet a printed page belongs to, named in the middle of its footer."""
    parts = re.split(r"\s{2,}", footer(page).strip())
    return next((part for part in parts if part in sheets), None)


@pytest.fixture(scope="session")
def pnipgm() -> Plan:
    return read_plan_file(PNIPGM)


@pytest.fixture(scope="session")
def pnipgm_url(tmp_path_factory, pnipgm) -> str:
    """A temporary SQLite database with the PNIPGM and a report on every measure every month."""
    url = f"sqlite:///{tmp_path_factory.mktemp('office-db') / 'pnipgm.sqlite'}"
    build_history(url, pnipgm, "2019-08", AS_OF)
    yield url
    engine_for(url).dispose()
