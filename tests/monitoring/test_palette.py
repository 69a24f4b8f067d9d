"""Every text the charts draw reads at 4.5:1 or more (WCAG 2.1 AA, 1.4.3)."""

import tomllib
from pathlib import Path

import pytest

from monitoring.palette import (
    BACKGROUND,
    MIN_CONTRAST,
    STAGE_COLOURS,
    STAGE_TEXT_COLOURS,
    TEXT_COLOUR,
    contrast_ratio,
    label_colour,
)

ROOT = Path(__file__).resolve().parents[2]


def faded(colour: str, opacity: float, on: str = BACKGROUND) -> str:
    """`colour` drawn at `opacity` on `on`, as Streamlit draws captions and read-only cells."""
    mixed = [
        round(opacity * int(colour[i : i + 2], 16) + (1 - opacity) * int(on[i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02X}" for c in mixed)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#828180", "#FFFFFF", 3.89)],
)
def test_contrast_ratio_is_wcags(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("stage", list(STAGE_COLOURS))
def test_a_label_on_each_stage_colour_reads_at_4_5_to_1(stage):
    assert contrast_ratio(STAGE_TEXT_COLOURS[stage], STAGE_COLOURS[stage]) >= MIN_CONTRAST


def test_the_old_dark_grey_labels_did_not_read_on_orange_and_sky_blue():
    # What the bars drew before: plotly's dark grey, which the label colour now replaces.
    assert contrast_ratio("#444444", STAGE_COLOURS["in_progress"]) < MIN_CONTRAST
    assert label_colour(STAGE_COLOURS["completed"]) == "#000000"  # white on green was 3.42:1


def test_axis_text_and_captions_read_on_white():
    assert contrast_ratio(TEXT_COLOUR, BACKGROUND) >= MIN_CONTRAST
    # Captions and the report grid's read-only columns are the text colour at 60 %.
    assert contrast_ratio(faded(TEXT_COLOUR, 0.6), BACKGROUND) >= MIN_CONTRAST
    # Streamlit's default text colour, at 60 %, did not.
    assert contrast_ratio(faded("#2F2D2B", 0.6), BACKGROUND) < MIN_CONTRAST


def test_the_theme_draws_text_in_the_palettes_colour():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert theme["textColor"].upper() == TEXT_COLOUR
    assert theme["backgroundColor"].upper() == BACKGROUND
