"""One colour-blind-safe palette (Okabe–Ito) for the stages, the same on every chart and in
the Excel report. Colours always come with a text label beside them, and every text drawn on a
colour or on the page's white has a contrast of at least 4.5:1 (WCAG 2.1 AA, 1.4.3)."""

STAGE_COLOURS = {
    "not_started": "#E69F00",  # orange
    "in_progress": "#56B4E9",  # sky blue
    "completed": "#009E73",  # bluish green
    "continuous": "#0072B2",  # blue: continuous measures, shown apart
}
ALERT_COLOUR = "#D55E00"  # vermillion: overdue, off track
NEUTRAL_COLOUR = "#BBBBBB"  # no report, no data
STAGE_ORDER = ("not_started", "in_progress", "completed")

BRAND_COLOUR = "#1F4E79"  # the theme's primary colour; one-series charts
BACKGROUND = "#FFFFFF"  # the page and the charts
TEXT_COLOUR = "#111111"  # body text, axis ticks and titles, legends (the theme's textColor)
DARK_LABEL, LIGHT_LABEL = "#000000", "#FFFFFF"
MIN_CONTRAST = 4.5


def hex_without_hash(colour: str) -> str:
    """openpyxl wants colours as RRGGBB."""
    return colour.lstrip("#").upper()


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour written #RRGGBB."""
    value = hex_without_hash(colour)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio, from 1 (none) to 21 (black on white)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def label_colour(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (a bar, a sector, a cell)."""
    return max((DARK_LABEL, LIGHT_LABEL), key=lambda text: contrast_ratio(text, fill))


# Text on each stage's colour: black on orange, sky blue and green, white on blue.
STAGE_TEXT_COLOURS = {stage: label_colour(colour) for stage, colour in STAGE_COLOURS.items()}
