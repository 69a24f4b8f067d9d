"""The as-of computation written a second time, in plain SQL, from the rules in
`monitoring/progress.py`'s docstring (README's "How progress is counted"), not from its code.

A test helper: the differential test checks the product against it on generated histories, and
the dashboard benchmark uses it as its fair floor (one query that returns every column the
product returns). The same text runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Date, Integer, String, bindparam, text
from sqlmodel.sql.sqltypes import UTCDateTime

COLUMNS = ("measure", "stage", "continuous", "overdue", "stalled", "regressed", "missing", "last_change",
           "last_revision")  # fmt: skip

# Month numbers for "months before": 2021-03 -> 2021 * 12 + 3.
_MONTHS = "(CAST(SUBSTR({0}, 1, 4) AS INTEGER) * 12 + CAST(SUBSTR({0}, 6, 2) AS INTEGER))"

SELECTION = """
-- A body's month is in the state of its latest event (highest id) dated before the cut.
events AS (
    SELECT body_code, month, event,
           ROW_NUMBER() OVER (PARTITION BY body_code, month ORDER BY id DESC) AS newest
    FROM body_month_event
    WHERE plan_code = :plan AND month <= :as_of AND at < :cut
),
-- A revision counts: its month is M or earlier, it is dated before the cut, and its body's month
-- is not sent back (with validated only: is validated). Of one measure's month, the counted
-- revision stored last is its report.
reports AS (
    SELECT measure_code, month, stage, id FROM (
        SELECT r.id, r.measure_code, r.month, r.stage,
               ROW_NUMBER() OVER (PARTITION BY r.measure_code, r.month ORDER BY r.id DESC) AS newest
        FROM status_revision r
        LEFT JOIN events e ON e.body_code = r.body_code AND e.month = r.month AND e.newest = 1
        WHERE r.plan_code = :plan AND r.month <= :as_of AND r.submitted_at < :cut
          AND ((:validated = 0 AND (e.event IS NULL OR e.event <> 'sent_back'))
               OR (:validated = 1 AND e.event = 'validated'))
    ) ranked WHERE newest = 1
)
"""

FLAGS = f"""
-- A measure's stage: its report for the latest month.
latest AS (
    SELECT measure_code, stage, id FROM (
        SELECT measure_code, stage, id, ROW_NUMBER() OVER (PARTITION BY measure_code ORDER BY month DESC) AS newest
        FROM reports
    ) ranked WHERE newest = 1
),
-- Per measure: the latest month reported with another stage, whether it was ever completed, and
-- whether M itself is reported.
history AS (
    SELECT r.measure_code,
           MAX(CASE WHEN r.stage <> l.stage THEN r.month END) AS other_stage,
           MAX(CASE WHEN r.stage = 'completed' THEN 1 ELSE 0 END) AS ever_completed,
           MAX(CASE WHEN r.month = :as_of THEN 1 ELSE 0 END) AS this_month
    FROM reports r JOIN latest l ON l.measure_code = r.measure_code
    GROUP BY r.measure_code
),
-- Last change: the first report after the latest report of another stage (the first report when
-- there is none: a first report is a change).
changed AS (
    SELECT r.measure_code, MIN(r.month) AS last_change
    FROM reports r JOIN history h ON h.measure_code = r.measure_code
    WHERE r.month > COALESCE(h.other_stage, '')
    GROUP BY r.measure_code
)
SELECT m.code,
       COALESCE(l.stage, 'not_started') AS stage,
       CASE WHEN m.continuous THEN 1 ELSE 0 END AS continuous,
       CASE WHEN NOT m.continuous AND COALESCE(l.stage, 'not_started') <> 'completed'
                 AND m.deadline IS NOT NULL AND m.deadline <= :month_end THEN 1 ELSE 0 END AS overdue,
       CASE WHEN NOT m.continuous AND COALESCE(l.stage, 'not_started') <> 'completed'
                 AND c.last_change IS NOT NULL
                 AND {_MONTHS.format(":as_of")} - {_MONTHS.format("c.last_change")} >= :stalled
            THEN 1 ELSE 0 END AS stalled,
       CASE WHEN COALESCE(l.stage, 'not_started') <> 'completed' AND h.ever_completed = 1
            THEN 1 ELSE 0 END AS regressed,
       CASE WHEN h.this_month = 1 THEN 0 ELSE 1 END AS missing,
       c.last_change,
       l.id AS last_revision
FROM measure m
LEFT JOIN latest l ON l.measure_code = m.code
LEFT JOIN history h ON h.measure_code = m.code
LEFT JOIN changed c ON c.measure_code = m.code
WHERE m.plan_version_id = :version
ORDER BY m.position
"""

AS_OF_SQL = "WITH " + SELECTION + ",\n" + FLAGS
PARAMETERS = (
    bindparam("plan", type_=String),
    bindparam("version", type_=Integer),
    bindparam("as_of", type_=String),
    bindparam("cut", type_=UTCDateTime),
    bindparam("validated", type_=Integer),
    bindparam("stalled", type_=Integer),
    bindparam("month_end", type_=Date),
)
QUERY = text(AS_OF_SQL).bindparams(*PARAMETERS)


def closing_cut(month: str, closing_day: int, zone: str) -> dt.datetime:
    """The end of the closing day (day `closing_day` of the month after `month`) in `zone`, in UTC."""
    year, number = int(month[:4]), int(month[5:])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    next_day = dt.date(year, number, closing_day) + dt.timedelta(days=1)
    return dt.datetime(next_day.year, next_day.month, next_day.day, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def last_day(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.date(year, number, 1) - dt.timedelta(days=1)


def as_of_rows(
    connection: Connection,
    *,
    query=QUERY,
    plan_code: str,
    version_id: int,
    as_of: str,
    cut: dt.datetime,
    validated_only: bool,
    stalled_months: int,
) -> list[tuple]:
    """One row per measure, in the plan's order: the columns of `COLUMNS`."""
    params = {
        "plan": plan_code, "version": version_id, "as_of": as_of, "cut": cut,
        "validated": int(validated_only), "stalled": stalled_months, "month_end": last_day(as_of),
    }  # fmt: skip
    return [tuple(row) for row in connection.execute(query, params)]
