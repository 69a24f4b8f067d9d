"""The rules of a monthly status report, each a plain function over plain values.

Stages follow the plan's methodology: not started, in progress, completed. A continuous
measure runs until the plan ends: while it runs it is "in progress" with a pace (on track or
delayed), it is never overdue for lacking completion, and it can be "completed" only from
the plan's last month on.
"""

from __future__ import annotations

import math
from enum import StrEnum
from urllib.parse import urlparse

MAX_TEXT = 4000
MAX_LINKS = 10
MAX_LINK_LENGTH = 500


class Stage(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Pace(StrEnum):
    ON_TRACK = "on_track"
    DELAYED = "delayed"


class ReportRejected(Exception):
    """A report refused by a rule; `key` names the message in the catalogue."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(key)


def parse_stage(value: object) -> Stage:
    """A stage from its code, or from its Portuguese or English label."""
    text = str(value or "").strip().casefold()
    for stage in Stage:
        if text in {stage.value, *STAGE_WORDS[stage]}:
            return stage
    raise ReportRejected("unknown_stage", value=value)


STAGE_WORDS = {
    Stage.NOT_STARTED: {"não iniciada", "nao iniciada", "not started"},
    Stage.IN_PROGRESS: {"em execução", "em execucao", "in progress"},
    Stage.COMPLETED: {"concluída", "concluida", "completed"},
}


def check_transition(previous: Stage | None, new: Stage, justification: str) -> None:
    """A completed measure may go back only with a written reason."""
    if previous is Stage.COMPLETED and new is not Stage.COMPLETED and not justification.strip():
        raise ReportRejected("justification_required")


def check_completion_evidence(stage: Stage, evidence: list[str], done: str) -> None:
    """'Completed' needs at least one evidence link or a note of what was done."""
    if stage is Stage.COMPLETED and not evidence and not done.strip():
        raise ReportRejected("completion_needs_evidence")


def check_continuous(stage: Stage, pace: Pace | None, *, continuous: bool, last_month: bool) -> None:
    """A continuous measure runs to the plan's end, and says whether it is on pace."""
    if not continuous:
        if pace is not None:
            raise ReportRejected("pace_only_for_continuous")
        return
    if stage is Stage.COMPLETED and not last_month:
        raise ReportRejected("continuous_cannot_complete")
    if stage is Stage.IN_PROGRESS and pace is None:
        raise ReportRejected("continuous_needs_pace")


def check_percent(percent: int | None, stage: Stage) -> None:
    if percent is None:
        return
    if not 0 <= percent <= 100:
        raise ReportRejected("percent_out_of_range", value=percent)
    if stage is Stage.COMPLETED and percent != 100:
        raise ReportRejected("completed_is_100_percent", value=percent)


def check_evidence_links(links: list[str]) -> None:
    """Evidence is a list of web addresses (http or https) a committee member can open."""
    if len(links) > MAX_LINKS:
        raise ReportRejected("too_many_links", limit=MAX_LINKS)
    for link in links:
        try:
            parsed = urlparse(link)
        except ValueError:  # e.g. "http://[::1": an unclosed IPv6 address
            raise ReportRejected("invalid_link", value=link[:80]) from None
        if (
            len(link) > MAX_LINK_LENGTH
            or parsed.scheme not in ("http", "https")
            or not parsed.netloc
            or any(c.isspace() for c in link)
            or not link.isprintable()  # control characters, lone surrogates
        ):
            raise ReportRejected("invalid_link", value=ascii(link)[:80])


def check_text(field: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ReportRejected("text_too_long", field=field, limit=MAX_TEXT)


def check_indicator_value(kind: str, value: float) -> None:
    """A percentage is 0..100; a count is a non-negative whole number; any value is finite."""
    if not math.isfinite(value):
        raise ReportRejected("value_not_a_number", value=value)
    if kind == "percentage" and not 0 <= value <= 100:
        raise ReportRejected("percentage_out_of_range", value=value)
    if kind == "cumulative_count" and (value < 0 or value != int(value)):
        raise ReportRejected("count_not_whole", value=value)


def check_outlier(previous: float | None, value: float, factor: float, note: str) -> None:
    """A value that jumps from the previous one by more than `factor` needs a confirming note."""
    if previous is None or previous <= 0 or note.strip():
        return
    if value > previous * factor or value < previous / factor:
        raise ReportRejected("outlier_needs_note", value=value, previous=previous, factor=factor)
