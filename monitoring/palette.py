"""One colour-blind-safe palette (Okabe–Ito) for the stages, the same on every chart and in
the Excel report. Colours always come with a text label beside them."""

STAGE_COLOURS = {
    "not_started": "#E69F00",  # orange
    "in_progress": "#56B4E9",  # sky blue
    "completed": "#009E73",  # bluish green
    "continuous": "#0072B2",  # blue: continuous measures, shown apart
}
ALERT_COLOUR = "#D55E00"  # vermillion: overdue, off track
NEUTRAL_COLOUR = "#BBBBBB"  # no report, no data
STAGE_ORDER = ("not_started", "in_progress", "completed")


def hex_without_hash(colour: str) -> str:
    """openpyxl wants colours as RRGGBB."""
    return colour.lstrip("#").upper()
