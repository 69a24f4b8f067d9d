"""Numbers, percentages, months and dates as people read them in the chosen language, from
Babel's CLDR data (Portuguese: 31,5 and 500 000, months as "out. 2026"; English: 31.5, 500,000,
"Oct 2026"). Pages, chart hovers and axes, and the workbooks' number formats all use these, so a
page never formats a number or a date itself.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from babel.dates import format_date, format_datetime, get_date_format
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from monitoring.i18n import CATALOGUE, translate
from plan.model import Text

LOCALES = {"pt": "pt_PT", "en": "en_GB", "es": "es_ES"}
MONTH_PATTERN = "MMM y"
# Excel and LibreOffice take the language of a number format from its locale prefix (LCID), so
# month names in a workbook follow the report's language, not the reader's computer.
EXCEL_LOCALES = {"pt": "[$-816]", "en": "[$-809]", "es": "[$-C0A]"}
_DATE_TOKENS = re.compile(r"y+|M+|d+|'[^']*'|[^yMd']+")
_MONTH = re.compile(r"\d{4}-\d{2}")
# A message's values that name a month (kept as YYYY-MM), and those that say where something is in
# a workbook (row 1234, column AB): written as the file numbers them, not as quantities.
MONTH_PARAMS = frozenset({"month", "since", "template"})
PLACE_PARAMS = frozenset({"row", "last", "cell", "sheet"})


def locale(language: str) -> str:
    return LOCALES.get(language, LOCALES["pt"])


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)  # type: ignore[arg-type]
    except TypeError:
        return False


def number(value: object, language: str, *, decimals: int = 2) -> str:
    """A number with the language's separators, up to `decimals` decimals, none when whole."""
    if _missing(value):
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale(language))


def signed(value: object, language: str) -> str:
    """A change: +3, −2 or 0."""
    if _missing(value):
        return ""
    text = number(abs(value), language)
    return text if value == 0 else ("+" if value > 0 else "−") + text


def percent(share: object, language: str, *, decimals: int = 1) -> str:
    """A share (0.315) as a percentage (31,5%)."""
    if _missing(share):
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=locale(language))


def month(value: object, language: str) -> str:
    """A month kept as YYYY-MM (or a date) as people name it: out. 2026, Oct 2026."""
    if _missing(value) or value == "":
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(f"{str(value)[:7]}-01")
    return format_date(day, MONTH_PATTERN, locale=locale(language))


def date(value: object, language: str) -> str:
    """A day in the language's medium format: 31/12/2021, 31 Dec 2021."""
    if _missing(value) or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format="medium", locale=locale(language))


def moment(value: dt.datetime | None, language: str, *, seconds: bool = False) -> str:
    """A date and time to the minute (or to the second: the last one of a closing day)."""
    if value is None or _missing(value):
        return ""
    pattern = ("dd/MM/y HH:mm" if language != "en" else "d MMM y, HH:mm") + (":ss" if seconds else "")
    return format_datetime(value, format=pattern, locale=locale(language))


def message_params(params: dict[str, object], language: str) -> dict[str, object]:
    """A message's values as people read them in the language: months named (out. 2026), dates and
    moments written (05/10/2026 10:31:00), quantities with the language's separators; texts (what
    someone typed, a code) stay as given."""
    return {name: _param(name, value, language) for name, value in params.items()}


def _param(name: str, value: object, language: str) -> object:
    if isinstance(value, dt.datetime):
        return moment(value, language, seconds=True)
    if isinstance(value, dt.date):
        return date(value, language)
    if name in MONTH_PARAMS and isinstance(value, str) and _MONTH.fullmatch(value):
        try:
            return month(value, language)
        except ValueError:  # 2026-13 read from a file: shown as it was written
            return value
    if isinstance(value, bool) or name in PLACE_PARAMS or not isinstance(value, int | float):
        return value
    return number(value, language)


def unit(value: str | Text | None, language: str) -> str:
    """An indicator's unit in the language: given in each of the plan's languages, or a unit the catalogue
    translates (people, reports, ...); a symbol such as % stays as it is."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.in_(language)
    key = f"unit.{value}"
    return translate(key, language) if key in CATALOGUE else value


def plotly_separators(language: str) -> str:
    """Plotly's `layout.separators`: the decimal mark, then the thousands separator."""
    return get_decimal_symbol(locale(language)) + get_group_symbol(locale(language))


def excel_format(kind: str, language: str) -> str:
    """The workbook's number format for a kind of value, in the report's language."""
    prefix = EXCEL_LOCALES.get(language, EXCEL_LOCALES["pt"])
    if kind == "date":
        return prefix + _excel_date(get_date_format("medium", locale=locale(language)).pattern)
    if kind == "month":
        return prefix + _excel_date(MONTH_PATTERN)
    return {"int": "#,##0", "number": "#,##0.0##", "percent": "0.0%", "rate": "0.0%"}.get(kind, "General")


def _excel_date(pattern: str) -> str:
    """A CLDR date pattern (dd/MM/y, d MMM y) as an Excel number format (dd/mm/yyyy, d mmm yyyy)."""
    out = []
    for token in _DATE_TOKENS.findall(pattern):
        if token[0] == "y":
            out.append("yy" if len(token) == 2 else "yyyy")
        elif token[0] in "Md":
            out.append(token.lower())
        elif token.startswith("'"):
            out.append('"' + token.strip("'") + '"')
        else:  # a literal separator: "/" alone would print as the reader's own date separator
            out.append("".join("\\" + c if c in "/-.," else c for c in token))
    return "".join(out)
