"""The plan as frames, and the filters of the Plan page."""

from __future__ import annotations

import pytest

from monitoring.catalog import (
    MeasureFilter,
    bodies_frame,
    body_measures,
    filter_measures,
    measures_frame,
    ministry_of,
)
from tests.factories import make_plan

PLAN = make_plan(measures=6, continuous=2)
# Odd measures: objective O01 (axis E1, GCM 1), lead MAI with SEF; even: O05 (E2, GCM 5), MTSSS with IEFP.
# M005 and M006 are continuous.


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (MeasureFilter(), ["M001", "M002", "M003", "M004", "M005", "M006"]),
        (MeasureFilter(axes=("E1",)), ["M001", "M003", "M005"]),
        (MeasureFilter(gcm_numbers=(5,)), ["M002", "M004", "M006"]),
        (MeasureFilter(ministries=("MTSSS",)), ["M002", "M004", "M006"]),
        (MeasureFilter(ministries=("SEF",)), ["M001", "M003", "M005"]),
        (MeasureFilter(continuous=True), ["M005", "M006"]),
        (MeasureFilter(continuous=False, axes=("E2",)), ["M002", "M004"]),
        (MeasureFilter(text="measure 3"), ["M003"]),
        (MeasureFilter(text="m004"), ["M004"]),
        (MeasureFilter(text="Fronteiras"), ["M001", "M003", "M005"]),
        (MeasureFilter(text="nothing like this"), []),
    ],
)
def test_filter_measures(chosen, expected):
    assert filter_measures(measures_frame(PLAN, "pt"), chosen)["code"].tolist() == expected


def test_measures_frame_has_one_row_per_measure_in_the_chosen_language():
    frame = measures_frame(PLAN, "en")
    assert len(frame) == 6
    first = frame.iloc[0]
    assert (first["title"], first["axis"], first["gcm_number"]) == ("Measure 1 (en)", "E1", 1)
    assert first["lead_body_name"] == "Home Affairs"
    assert frame["deadline_year"].isna().sum() == 2


def test_ministry_of_a_public_body_is_its_area_of_government():
    assert (ministry_of(PLAN, "SEF"), ministry_of(PLAN, "MAI")) == ("MAI", "MAI")


def test_body_measures_show_the_role():
    chosen = body_measures(measures_frame(PLAN, "pt"), "SEF")
    assert chosen["code"].tolist() == ["M001", "M003", "M005"]
    assert set(chosen["role"]) == {"co"}


def test_bodies_frame_counts_led_and_shared_measures():
    frame = bodies_frame(PLAN, "pt").set_index("code")
    assert (frame.loc["MAI", "leads"], frame.loc["SEF", "shares"], frame.loc["SEF", "leads"]) == (
        3,
        3,
        0,
    )
