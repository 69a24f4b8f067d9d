"""How every workbook the platform writes prints: A4, one page wide, the header rows repeated on
every page, a footer naming the plan, the month and the page, and rows tall enough for their
wrapped text (LibreOffice and Excel keep the height written in the file when printing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

LINE_POINTS = 15.0  # the height of one line of 11-point text
MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.7, header=0.25, footer=0.3)


def print_setup(
    sheet: Worksheet,
    *,
    footer: str,
    page_label: str,
    landscape: bool = False,
    title_rows: str | None = None,
    pages_high: int = 0,
) -> None:
    """A4, fitted to one page wide (and `pages_high` high, 0 for as many as needed), `title_rows`
    (e.g. "4:4") repeated on each page, and a footer: `footer` left, the sheet's name in the
    middle, `page_label` right (with &P for the page number and &N for the count of pages)."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, pages_high
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.left.text = footer_text(footer)
    sheet.oddFooter.left.size = sheet.oddFooter.center.size = sheet.oddFooter.right.size = 8
    sheet.oddFooter.center.text = "&A"
    sheet.oddFooter.right.text = page_label


def footer_text(text: str) -> str:
    """A text for a header or footer, where "&" starts a code: doubled, it prints itself."""
    return text.replace("&", "&&")


def lines(value: object, width: float) -> int:
    """How many lines a wrapped cell `width` characters wide needs for `value`."""
    if value is None or value == "":
        return 1
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(len(part) / usable)) for part in str(value).split("\n"))


def fit_row_heights(sheet: Worksheet, rows: Iterable[tuple[int, Iterable[tuple[object, float]]]]) -> None:
    """Each row as tall as its most wrapped cell: `rows` gives a row number and, for its wrapped
    cells, (value, column width)."""
    for number, cells in rows:
        needed = max((lines(value, width) for value, width in cells), default=1)
        if needed > 1:
            sheet.row_dimensions[number].height = needed * LINE_POINTS
