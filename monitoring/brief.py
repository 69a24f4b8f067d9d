"""The meeting brief as a document: a header that says what it shows (plan, as-of month, data
basis, date printed), plain tables that print whole with their headings kept on the same page,
and two static charts. The page draws what these functions return.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from monitoring import formats
from monitoring.i18n import translate
from monitoring.palette import STAGE_COLOURS
from monitoring.provenance import off_track_marks
from plan import Plan

KINDS = ("not_started", "in_progress", "completed", "continuous")
HEADLINE = ("completed", "in_progress", "not_started", "continuous_running", "overdue", "stalled", "missing")

# On paper: only the document. Streamlit's frame, the widgets and the charts' toolbars are left
# off; a heading never ends a page; table rows are never cut; a table's header repeats on each page.
PRINT_CSS = """
<style>
.brief-doc { font-size: 0.9rem; }
.brief-doc table { border-collapse: collapse; width: 100%; margin: 0.2rem 0 0.8rem; }
.brief-doc th, .brief-doc td { border: 1px solid #bbb; padding: 0.15rem 0.4rem; vertical-align: top;
  text-align: left; }
.brief-doc th { background: #1F4E79; color: #fff; }
.brief-doc td.number, .brief-doc th.number { text-align: right; white-space: nowrap; }
.brief-doc td.nowrap { white-space: nowrap; }
.brief-doc h2, .brief-doc h3 { margin: 0.8rem 0 0.3rem; }
.brief-header p { margin: 0.1rem 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stElementToolbar"],
  [data-testid="stSidebarCollapsedControl"], .st-key-brief_controls,
  .stSelectbox, .stToggle, .stButton, .stCaption { display: none !important; }
  .block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important;
    max-width: 100% !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"], .stApp { overflow: visible !important;
    height: auto !important; position: static !important; }
  .brief-doc h2, .brief-doc h3 { break-after: avoid; page-break-after: avoid; }
  .brief-doc tr { break-inside: avoid; page-break-inside: avoid; }
  .brief-doc thead { display: table-header-group; }
  .brief-keep, .st-key-brief_charts [data-testid="stPlotlyChart"], .st-key-brief_charts .stPlotlyChart {
    break-inside: avoid; page-break-inside: avoid; }
  [data-testid="stPageLink"] { display: none !important; }
}
</style>
"""


def header_html(
    plan: Plan, as_of: str, validated_only: bool, language: str, today: dt.date, reads_up_to: str = ""
) -> str:
    """What the brief is about: the plan, the month, the data it counts (and up to when it reads
    them) and when it was printed."""
    basis = translate("brief.basis.validated" if validated_only else "brief.basis.all", language)
    lines = [
        (translate("brief.plan", language), plan.plan.title.in_(language)),
        (translate("brief.as_of", language), formats.month(as_of, language)),
        (translate("brief.basis", language), " · ".join(filter(None, (basis, reads_up_to)))),
        (translate("brief.printed", language), formats.date(today, language)),
    ]
    items = "".join(f"<p><b>{_e(label)}:</b> {_e(value)}</p>" for label, value in lines)
    title = translate("brief.title", language, month=formats.month(as_of, language))
    return f'<div class="brief-doc brief-header"><h2>{_e(title)}</h2>{items}</div>'


def headline_table(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The headline counts now, and their change since last month and since the last meeting."""
    return pd.DataFrame(
        {
            translate("brief.what", language): [translate(f"dash.metric.{k}", language) for k in table.index],
            translate("brief.now", language): [formats.number(v, language) for v in table["now"]],
            translate("brief.since_month", language): [
                formats.signed(v, language) for v in table["since_month"]
            ],
            translate("brief.since_quarter", language): [
                formats.signed(v, language) for v in table["since_quarter"]
            ],
        }
    )


def axis_table(by_axis: pd.DataFrame, language: str) -> pd.DataFrame:
    """Measures by axis and stage, with the completion rate of those with a deadline."""
    columns = {translate("filter.axis", language): by_axis["axis"].tolist()}
    for kind in KINDS:
        label = translate(f"balance.col.{kind}", language)
        columns[label] = [formats.number(v, language) for v in by_axis[kind]]
    columns[translate("dash.metric.overdue", language)] = [
        formats.number(v, language) for v in by_axis["overdue"]
    ]
    columns[translate("brief.completion", language)] = [
        formats.percent(v, language, decimals=0) for v in by_axis["completion_rate"]
    ]
    return pd.DataFrame(columns)


def attention_table(attention: pd.DataFrame, plan: Plan, language: str) -> pd.DataFrame:
    """Every measure that needs attention, one row per reason: code and reason first, so a printed
    row reads left to right even when the title wraps; an off-track detail carries its targets' marks."""
    return pd.DataFrame(
        {
            translate("col.code", language): attention["code"].tolist(),
            translate("dash.col.reason", language): [
                translate(f"dash.reason.{r}", language) for r in attention["reason"]
            ],
            translate("col.title", language): attention["title"].tolist(),
            translate("col.lead_body", language): attention["lead_body_name"].tolist(),
            translate("dash.col.detail", language): [
                f"{d} {off_track_marks(plan, d)}".strip() if isinstance(d, str) and d else ""
                for d in attention["detail"]
            ],
        }
    )


def section_html(
    heading: str, table: pd.DataFrame, *, numbers: tuple[str, ...] = (), nowrap: tuple[str, ...] = (),
    note: str = "",
) -> str:  # fmt: skip
    """A heading and its table, kept together on paper; every text escaped."""
    kinds = {c: "number" if c in numbers else "nowrap" if c in nowrap else "" for c in table.columns}
    head = "".join(f'<th class="{kinds[c]}">{_e(c)}</th>' for c in table.columns)
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{kinds[c]}">{_e(v)}</td>' for c, v in zip(table.columns, row, strict=True))
        + "</tr>"
        for row in table.itertuples(index=False)
    )
    body = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" if len(table) else ""
    extra = f"<p>{_e(note)}</p>" if note else ""
    return f'<div class="brief-doc"><h3>{_e(heading)}</h3>{extra}{body}</div>'


def note_html(text: str) -> str:
    """A note under the tables (where the figures come from), printed with them."""
    return f'<div class="brief-doc"><p class="brief-note">{_e(text)}</p></div>' if text else ""


def axis_figure(by_axis: pd.DataFrame, language: str) -> go.Figure:
    """Stacked bars of the measures by axis and stage (continuous measures apart)."""
    figure = go.Figure()
    for kind in KINDS:
        values = by_axis[kind].tolist()
        figure.add_bar(
            x=by_axis["axis"].tolist(), y=values, name=translate(f"balance.col.{kind}", language),
            marker_color=STAGE_COLOURS[kind], text=[formats.number(v, language) if v else "" for v in values],
            textposition="inside",
        )  # fmt: skip
    figure.update_layout(barmode="stack", title=translate("dash.chart.by_axis", language))
    figure.update_yaxes(title=translate("dash.chart.measures", language))
    return _static(figure, language)


def stages_figure(shares: pd.DataFrame, language: str) -> go.Figure:
    """Measures by stage month by month, months named in the language."""
    months = [formats.month(m, language) for m in shares["month"]]
    figure = go.Figure()
    for kind in KINDS:
        figure.add_scatter(
            x=months, y=shares[kind].tolist(), name=translate(f"balance.col.{kind}", language), mode="lines",
            stackgroup="stages", line={"color": STAGE_COLOURS[kind], "width": 0.5},
        )  # fmt: skip
    figure.update_layout(title=translate("trends.shares", language))
    figure.update_xaxes(type="category", nticks=12, title=translate("trends.month", language))
    figure.update_yaxes(title=translate("dash.chart.measures", language))
    return _static(figure, language)


PRINT_WIDTH = 680  # pixels: the width of an A4 page inside its margins, so paper shows the whole chart


def _static(figure: go.Figure, language: str) -> go.Figure:
    figure.update_layout(
        width=PRINT_WIDTH, height=320, margin={"l": 50, "r": 10, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        separators=formats.plotly_separators(language), paper_bgcolor="white", plot_bgcolor="white",
    )  # fmt: skip
    return figure


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))
