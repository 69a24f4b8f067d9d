"""The reporting month: YYYY-MM, open from its first day to a closing day of the next month."""

from __future__ import annotations

import datetime as dt
import re

from monitoring.rules import ReportRejected

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> str:
    """A month as 'YYYY-MM', or a refusal naming what was given."""
    if not isinstance(text, str) or not MONTH.match(text.strip()):
        raise ReportRejected("invalid_month", value=text)
    return text.strip()


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> dt.date:
    year, number = map(int, parse_month(month).split("-"))
    return dt.date(year, number, 1)


def add_months(month: str, count: int) -> str:
    start = first_day(month)
    index = start.year * 12 + start.month - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def closes_on(month: str, closing_day: int) -> dt.date:
    """The last day a month can be reported on time: `closing_day` of the next month."""
    return first_day(add_months(month, 1)).replace(day=closing_day)


def months_between(first: str, last: str) -> list[str]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def check_reportable_month(month: str, *, plan_start: dt.date, today: dt.date) -> None:
    """No reports for months before the plan starts or in the future. Months after the
    plan's end stay reportable: late measures are followed until they are completed."""
    if month < month_of(plan_start):
        raise ReportRejected("month_before_plan", month=month)
    if first_day(month) > today:
        raise ReportRejected("month_in_future", month=month)


def last_closed_month(today: dt.date, closing_day: int) -> str:
    """The newest month whose reporting window has closed."""
    month = add_months(month_of(today), -1)
    return month if today > closes_on(month, closing_day) else add_months(month, -1)
