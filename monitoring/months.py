"""The reporting month: YYYY-MM, open from its first day to a closing day of the next month.

Days are the plan's days: a closing day ends at midnight in the plan's time zone (summer time
included), and "today" is the date there. Moments are stored and compared in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from monitoring.rules import ReportRejected
from monitoring.settings import get_settings

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


def plan_zone(plan) -> ZoneInfo:
    """The time zone of a plan's days: its file's `timezone`, else the platform's setting."""
    return ZoneInfo(plan.plan.timezone or get_settings().timezone)


def start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The first moment of a local day, in UTC (where midnight is skipped, the first that exists)."""
    local = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    return local.astimezone(dt.UTC)


def closing_moment(month: str, closing_day: int, zone: ZoneInfo) -> dt.datetime:
    """The end of a month's closing day, local time: the first moment a report is late."""
    return start_of_day(closes_on(month, closing_day) + dt.timedelta(days=1), zone)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A moment in UTC; a moment without a zone is taken as UTC already (as the database keeps them)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The date in the plan's time zone at a moment."""
    return as_utc(moment).astimezone(zone).date()


def today_in(zone: ZoneInfo, now: dt.datetime | None = None) -> dt.date:
    """Today in the plan's time zone (not the server's)."""
    return local_date(now or dt.datetime.now(dt.UTC), zone)


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


def follow_up_end(plan_end: dt.date, follow_up_months: int) -> str:
    """The last month a plan's late measures are followed: its last month plus the follow-up."""
    return add_months(month_of(plan_end), follow_up_months)


def oldest_open_month(today: dt.date, closing_day: int) -> str:
    """Last month while its reporting window is open (up to its closing day), else this month."""
    previous = add_months(month_of(today), -1)
    return previous if today <= closes_on(previous, closing_day) else month_of(today)


def within_plan(month: str, *, start: dt.date, end: dt.date, follow_up_months: int) -> str:
    """The month, moved into the plan's period plus its follow-up if it falls outside."""
    return min(max(month, month_of(start)), follow_up_end(end, follow_up_months))


def default_report_month(
    today: dt.date, *, start: dt.date, end: dt.date, closing_day: int, follow_up_months: int
) -> str:
    """The reporting pages' default: the month people report now, but never past the plan's
    follow-up period (a later month can still be chosen for a late measure)."""
    return within_plan(
        oldest_open_month(today, closing_day), start=start, end=end, follow_up_months=follow_up_months
    )


def default_as_of(
    today: dt.date, *, start: dt.date, end: dt.date, closing_day: int, follow_up_months: int
) -> str:
    """The dashboards' default: the newest closed month within the plan's period plus follow-up."""
    return within_plan(
        last_closed_month(today, closing_day), start=start, end=end, follow_up_months=follow_up_months
    )
