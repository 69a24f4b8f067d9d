"""Each rule of a status report, one case per line."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from monitoring.months import add_months, check_reportable_month, closes_on, last_closed_month, parse_month
from monitoring.rules import (
    Pace,
    ReportRejected,
    Stage,
    check_completion_evidence,
    check_continuous,
    check_evidence_links,
    check_indicator_value,
    check_outlier,
    check_percent,
    check_transition,
    parse_stage,
)


def refusal(rule, *args, **kwargs) -> str | None:
    try:
        rule(*args, **kwargs)
    except ReportRejected as error:
        return error.key
    return None


def test_completed_measure_needs_reason_to_reopen():
    assert refusal(check_transition, Stage.COMPLETED, Stage.IN_PROGRESS, "") == "justification_required"
    assert refusal(check_transition, Stage.COMPLETED, Stage.NOT_STARTED, "  ") == "justification_required"
    assert refusal(check_transition, Stage.COMPLETED, Stage.IN_PROGRESS, "Audit found a gap") is None
    assert refusal(check_transition, Stage.IN_PROGRESS, Stage.NOT_STARTED, "") is None
    assert refusal(check_transition, None, Stage.COMPLETED, "") is None


@pytest.mark.parametrize(
    ("stage", "links", "done", "expected"),
    [
        (Stage.COMPLETED, [], "", "completion_needs_evidence"),
        (Stage.COMPLETED, [], "   ", "completion_needs_evidence"),
        (Stage.COMPLETED, ["https://dre.pt/x"], "", None),
        (Stage.COMPLETED, [], "Portal launched on 3 March", None),
        (Stage.IN_PROGRESS, [], "", None),
    ],
)
def test_completed_needs_evidence_or_note(stage, links, done, expected):
    assert refusal(check_completion_evidence, stage, links, done) == expected


@pytest.mark.parametrize(
    ("stage", "pace", "continuous", "last_month", "expected"),
    [
        (Stage.IN_PROGRESS, None, True, False, "continuous_needs_pace"),
        (Stage.IN_PROGRESS, Pace.DELAYED, True, False, None),
        (Stage.COMPLETED, None, True, False, "continuous_cannot_complete"),
        (Stage.COMPLETED, None, True, True, None),
        (Stage.NOT_STARTED, None, True, False, None),
        (Stage.IN_PROGRESS, Pace.ON_TRACK, False, False, "pace_only_for_continuous"),
        (Stage.COMPLETED, None, False, False, None),
    ],
)
def test_continuous_measures_run_until_the_plan_ends(stage, pace, continuous, last_month, expected):
    assert refusal(check_continuous, stage, pace, continuous=continuous, last_month=last_month) == expected


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("percentage", 100, None),
        ("percentage", 0, None),
        ("percentage", 100.5, "percentage_out_of_range"),
        ("percentage", -1, "percentage_out_of_range"),
        ("cumulative_count", 12, None),
        ("cumulative_count", -3, "count_not_whole"),
        ("cumulative_count", 2.5, "count_not_whole"),
        ("level", -4.2, None),
        ("level", math.nan, "value_not_a_number"),
        ("level", math.inf, "value_not_a_number"),
    ],
)
def test_indicator_value_matches_its_unit(kind, value, expected):
    assert refusal(check_indicator_value, kind, value) == expected


@pytest.mark.parametrize(
    ("previous", "value", "note", "expected"),
    [
        (100, 900, "", None),
        (100, 1001, "", "outlier_needs_note"),
        (100, 9, "", "outlier_needs_note"),
        (100, 1001, "Campaign month: confirmed with IEFP", None),
        (None, 1_000_000, "", None),
        (0, 50, "", None),
    ],
)
def test_outlier_value_needs_a_confirmation_note(previous, value, note, expected):
    assert refusal(check_outlier, previous, value, 10.0, note) == expected


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        (["https://www.portugal.gov.pt/pt/gc22/comunicacao/noticia"], None),
        (["http://example.pt/a?b=c"], None),
        (["javascript:alert(1)"], "invalid_link"),
        (["ftp://example.pt/file"], "invalid_link"),
        (["www.example.pt"], "invalid_link"),
        (["https://exa mple.pt"], "invalid_link"),
        (["https://example.pt/" + "x" * 600], "invalid_link"),
        ([f"https://example.pt/{n}" for n in range(11)], "too_many_links"),
    ],
)
def test_evidence_links_are_web_addresses(links, expected):
    assert refusal(check_evidence_links, links) == expected


@pytest.mark.parametrize(
    ("percent", "stage", "expected"),
    [
        (50, Stage.IN_PROGRESS, None),
        (101, Stage.IN_PROGRESS, "percent_out_of_range"),
        (-1, Stage.IN_PROGRESS, "percent_out_of_range"),
        (90, Stage.COMPLETED, "completed_is_100_percent"),
        (None, Stage.COMPLETED, None),
    ],
)
def test_percent_complete(percent, stage, expected):
    assert refusal(check_percent, percent, stage) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Em execução", Stage.IN_PROGRESS),
        ("concluída", Stage.COMPLETED),
        ("not started", Stage.NOT_STARTED),
        ("in_progress", Stage.IN_PROGRESS),
        (" Concluida ", Stage.COMPLETED),
    ],
)
def test_stage_is_read_in_either_language(text, expected):
    assert parse_stage(text) is expected


def test_stage_that_is_not_one_of_the_three_is_refused():
    assert refusal(parse_stage, "almost done") == "unknown_stage"


@pytest.mark.parametrize("month", ["2020-13", "2020-1", "20-01", "2020/01", "", "2020-00"])
def test_month_must_be_yyyy_mm(month):
    assert refusal(parse_month, month) == "invalid_month"


def test_month_closes_on_the_closing_day_of_the_next_month():
    assert closes_on("2020-12", 10) == dt.date(2021, 1, 10)
    assert add_months("2020-11", 3) == "2021-02"


@pytest.mark.parametrize(
    ("month", "today", "expected"),
    [
        ("2019-07", dt.date(2020, 1, 1), "month_before_plan"),
        ("2019-08", dt.date(2020, 1, 1), None),
        ("2020-02", dt.date(2020, 1, 31), "month_in_future"),
        ("2020-01", dt.date(2020, 1, 1), None),
        ("2024-05", dt.date(2024, 6, 1), None),
    ],
)
def test_months_before_the_plan_or_in_the_future_are_refused(month, today, expected):
    result = refusal(check_reportable_month, month, plan_start=dt.date(2019, 8, 21), today=today)
    assert result == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [(dt.date(2020, 4, 10), "2020-02"), (dt.date(2020, 4, 11), "2020-03"), (dt.date(2020, 1, 1), "2019-11")],
)
def test_last_closed_month(today, expected):
    assert last_closed_month(today, 10) == expected
