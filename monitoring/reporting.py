"""Monthly status reports: what a focal point may report, submitting, and the body's month.

Every submission is a new revision (nothing is overwritten or deleted); the current state
of a (measure, month) is its latest revision. Permissions are checked here, not in pages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from dataclasses import dataclass, field
from functools import partial

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from sqlalchemy import delete, func, insert, select, text, tuple_
from sqlmodel import Session

from monitoring.audit_chain import record_written
from monitoring.auth import AccessDenied, Actor, Role
from monitoring.months import (
    as_utc,
    check_reportable_month,
    closes_on,
    closing_moment,
    local_date,
    month_of,
    parse_month,
    plan_zone,
    today_in,
)
from monitoring.plan_store import choose_plan, choose_plan_entry, stored_plan
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
    check_text,
    check_transition,
    parse_stage,
)
from monitoring.settings import get_settings
from monitoring.snapshots import forget_snapshots
from monitoring.tables import (
    BodyMonthEvent,
    IndicatorValue,
    PlanVersion,
    ReportDraft,
    StatusRevision,
    User,
    utc_now,
)
from plan import Plan
from plan.model import Measure

REVISIONS = StatusRevision.__table__
COUNTED_STATES = {"submitted", "validated", "unlocked", "reopened"}
TEXT_FIELDS = ("done", "obstacles", "next_steps", "justification", "outlier_note")
# The fields of one report, in the order forms, drafts and the audit show them.
REPORT_FIELDS = (
    "stage",
    "pace",
    "percent",
    "done",
    "obstacles",
    "next_steps",
    "evidence",
    "justification",
    "outlier_note",
)
# What a draft may hold: the editable fields of a row, never its identity or revision.
DRAFT_FIELDS = {"stage", "pace", "percent", "evidence", "indicators", *TEXT_FIELDS}
CHANNELS = {"app", "excel", "no_change", "demo"}
# Control characters and lone surrogates: PostgreSQL cannot store NUL, no database stores a lone
# surrogate, and a spreadsheet cannot hold the others (the month's template would fail to download).
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Text pasted from a word processor carries its line and page breaks as \x0b and \x0c: kept as new lines.
WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


class ReportIn(BaseModel):
    """One row a person submits: the state of one measure for the month."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    measure: str
    stage: Stage
    pace: Pace | None = None
    percent: int | None = Field(default=None)
    done: str = ""
    obstacles: str = ""
    next_steps: str = ""
    evidence: list[str] = []
    justification: str = ""
    outlier_note: str = ""
    indicators: dict[str, float | None] = {}
    based_on: int | None = None  # the revision the author saw when they started

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: object) -> Stage:
        return parse_stage(value)

    @field_validator("pace", mode="before")
    @classmethod
    def _pace(cls, value: object) -> object:
        return None if value in (None, "", "-") else value

    @field_validator("evidence", mode="before")
    @classmethod
    def _links(cls, value: object) -> object:
        if isinstance(value, str):  # links are separated by white space (a URL may hold commas)
            return value.split()
        return value or []

    @field_validator("done", "obstacles", "next_steps", "justification", "outlier_note", mode="before")
    @classmethod
    def _text(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            value = value.translate(WORD_BREAKS)
        if isinstance(value, str) and UNSAFE_TEXT.search(value):
            raise ReportRejected("invalid_field", field=info.field_name, value=ascii(value)[:80])
        return "" if value is None else value


@dataclass(frozen=True)
class RowResult:
    measure: str
    key: str  # "saved", "unchanged", or the reason it was refused
    params: dict = field(default_factory=dict)
    revision_id: int | None = None
    notice: str = ""  # e.g. "changed_meanwhile": someone saved this measure since the author loaded it
    notice_params: dict = field(default_factory=dict)


@dataclass
class SubmitResult:
    saved: list[RowResult] = field(default_factory=list)
    unchanged: list[RowResult] = field(default_factory=list)
    rejected: list[RowResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


@dataclass
class _Context:
    """What one submission needs to know, read once."""

    actor: Actor
    month: str
    version: PlanVersion
    plan: Plan
    today: dt.date
    measures: dict[str, Measure]
    states: dict[str, str | None] = field(default_factory=dict)


# ---- reading ----------------------------------------------------------------------------


def chosen_plan(session: Session, plan_code: str | None = None) -> tuple[PlanVersion, Plan]:
    """The plan named by its code (or the only active plan), as its newest version."""
    version = choose_plan(session, plan_code)
    return version, stored_plan(version)


def reporting_plan(session: Session, plan_code: str | None = None) -> tuple[PlanVersion, Plan]:
    """The plan a report is written to: only an active plan takes reports and drafts."""
    entry = choose_plan_entry(session, plan_code)
    if not entry.active:
        raise ReportRejected("plan_not_active", plan=entry.code)
    return entry.version, stored_plan(entry.version)


def measure_bodies(measure: Measure) -> set[str]:
    return {measure.lead_body, *measure.co_bodies}


def measures_for(actor: Actor, plan: Plan) -> list[Measure]:
    """The measures an actor reports on: their bodies' for a focal point, all for managers."""
    if actor.manages or actor.role is Role.COMMITTEE:
        return list(plan.measures)
    return [m for m in plan.measures if measure_bodies(m) & actor.bodies]


def reporting_body(actor: Actor, measure: Measure) -> str:
    """The body a report is made for: the actor's own (the lead first), else the lead body."""
    for code in (measure.lead_body, *measure.co_bodies):
        if code in actor.bodies:
            return code
    return measure.lead_body


def latest_revisions(
    session: Session, plan_code: str, measures: list[str], month: str, *, skip: frozenset = frozenset()
) -> dict:
    """The latest revision of each measure up to and including `month`, by measure (chosen in
    SQL, so only those rows are read, whatever the length of the history); revisions of the
    (body, month) pairs in `skip` (months sent back) are passed over."""
    rank = func.row_number().over(
        partition_by=StatusRevision.measure_code,
        order_by=(StatusRevision.month.desc(), StatusRevision.id.desc()),
    )
    ranked = (
        select(StatusRevision.id, rank.label("rank"))
        .where(
            StatusRevision.plan_code == plan_code,
            StatusRevision.measure_code.in_(measures),
            StatusRevision.month <= month,
            *_not_sent_back(skip),
        )
        .subquery()
    )
    # Plain rows (read-only, attributes by column name): no ORM objects to build and track.
    query = select(REVISIONS).join(ranked, ranked.c.id == REVISIONS.c.id).where(ranked.c.rank == 1)
    return {revision.measure_code: revision for revision in session.execute(query)}


def _not_sent_back(skip: frozenset) -> list:
    """The condition that passes over the revisions of the (body, month) pairs in `skip`."""
    if not skip:
        return []
    return [tuple_(StatusRevision.body_code, StatusRevision.month).not_in(sorted(skip))]


def sent_back_months(session: Session, plan_code: str, month: str) -> frozenset[tuple[str, str]]:
    """The (body, month) pairs up to `month` whose latest event is a send-back: their revisions
    do not count, and none of them is the previous report of a new one."""
    query = (
        select(BodyMonthEvent.body_code, BodyMonthEvent.month, BodyMonthEvent.event)
        .where(BodyMonthEvent.plan_code == plan_code, BodyMonthEvent.month <= month)
        .order_by(BodyMonthEvent.id)
    )
    states = {(body, when): event for body, when, event in session.execute(query)}
    return frozenset(key for key, event in states.items() if event == "sent_back")


def indicator_values(session: Session, revision_ids: list[int]) -> dict[int, dict[str, float]]:
    values: dict[int, dict[str, float]] = {}
    if revision_ids:
        table = IndicatorValue.__table__
        query = select(table.c.revision_id, table.c.indicator_code, table.c.value).where(
            table.c.revision_id.in_(revision_ids)
        )
        for revision_id, code, value in session.execute(query):
            values.setdefault(revision_id, {})[code] = value
    return values


def previous_indicator_values(
    session: Session, plan_code: str, codes: list[str], month: str, *, skip: frozenset = frozenset()
) -> dict:
    """The latest reported value of each indicator before `month` (for the outlier rule), passing
    over the (body, month) pairs in `skip` (months sent back)."""
    if not codes:
        return {}
    rank = func.row_number().over(
        partition_by=IndicatorValue.indicator_code,
        order_by=(StatusRevision.month.desc(), StatusRevision.id.desc()),
    )
    ranked = (
        select(IndicatorValue.indicator_code, IndicatorValue.value, rank.label("rank"))
        .join(StatusRevision, StatusRevision.id == IndicatorValue.revision_id)
        .where(
            StatusRevision.plan_code == plan_code,
            StatusRevision.month < month,
            IndicatorValue.indicator_code.in_(codes),
            *_not_sent_back(skip),
        )
        .subquery()
    )
    query = select(ranked.c.indicator_code, ranked.c.value).where(ranked.c.rank == 1)
    return dict(session.execute(query).all())


def body_month_state(session: Session, plan_code: str, month: str, body: str) -> str | None:
    query = (
        select(BodyMonthEvent.event)
        .where(
            BodyMonthEvent.plan_code == plan_code,
            BodyMonthEvent.month == month,
            BodyMonthEvent.body_code == body,
        )
        .order_by(BodyMonthEvent.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar()


def month_is_open(session: Session, plan_code: str, month: str, body: str, today: dt.date) -> bool:
    """Open until the closing day, or while the secretariat has reopened it for the body."""
    if today <= closes_on(month, get_settings().closing_day):
        return True
    query = select(BodyMonthEvent.open_until).where(
        BodyMonthEvent.plan_code == plan_code,
        BodyMonthEvent.month == month,
        BodyMonthEvent.body_code == body,
        BodyMonthEvent.event == "reopened",
    )
    return any(until and until >= today for until in session.scalars(query))


# ---- the reporting form -----------------------------------------------------------------


def reportable_measures(
    session: Session, *, actor: Actor, month: str, today: dt.date | None = None, plan_code: str | None = None
) -> list[dict]:
    """The actor's measures for the month, pre-filled: their draft, else this month's latest
    revision, else last month's state carried forward."""
    version, plan = chosen_plan(session, plan_code)
    month, today = parse_month(month), today or today_in(plan_zone(plan))
    check_reportable_month(month, plan_start=plan.plan.start, today=today)
    measures = measures_for(actor, plan)
    codes = [m.code for m in measures]
    latest = latest_revisions(session, version.plan_code, codes, month)
    values = indicator_values(session, [r.id for r in latest.values()])
    drafts = drafts_for(session, actor=actor, plan_code=version.plan_code, month=month)
    # What the rules compare a row with, as a submission does: reports of months sent back pass over.
    rejected = sent_back_months(session, version.plan_code, month)
    counted = (
        latest_revisions(session, version.plan_code, codes, month, skip=rejected) if rejected else latest
    )
    indicator_codes = [i.code for m in measures for i in m.indicators]
    earlier = previous_indicator_values(session, version.plan_code, indicator_codes, month, skip=rejected)
    rows = []
    for measure in measures:
        revision = latest.get(measure.code)
        row = _row_from_revision(measure, revision, values, month)
        row["previous_values"] = {i.code: earlier[i.code] for i in measure.indicators if i.code in earlier}
        previous = counted.get(measure.code)
        row["previous_stage"] = (
            previous.stage if previous else None
        )  # what a change of stage is judged against
        if measure.code in drafts:
            draft = {k: v for k, v in drafts[measure.code].items() if k in DRAFT_FIELDS}
            row |= draft | {"draft": True}
        rows.append(row)
    return rows


def _row_from_revision(measure: Measure, revision: StatusRevision | None, values: dict, month: str) -> dict:
    this_month = revision is not None and revision.month == month
    row = {
        "measure": measure.code,
        "continuous": measure.continuous,
        "stage": revision.stage if revision else Stage.NOT_STARTED.value,
        "pace": revision.pace if revision else None,
        "percent": revision.percent if revision else None,
        "done": revision.done if this_month else "",
        "obstacles": revision.obstacles if revision else "",
        "next_steps": revision.next_steps if revision else "",
        "justification": revision.justification if this_month else "",
        "outlier_note": revision.outlier_note if this_month else "",
        "evidence": json.loads(revision.evidence) if revision else [],
        "indicators": {
            i.code: (values.get(revision.id, {}).get(i.code) if revision else None)
            for i in measure.indicators
        },
        "based_on": revision.id if this_month else None,
        "reported": this_month,
        "carried": revision is not None and not this_month,
        "draft": False,
    }
    return row


def form_row_problems(plan: Plan, month: str, row: dict) -> list[ReportRejected]:
    """The rules a row of the reporting form breaks as it stands, before anything is submitted:
    the same checks, in the same order, as `submit_reports` applies to it."""
    measure = next(m for m in plan.measures if m.code == row["measure"])
    try:
        report = _parse_row({k: row[k] for k in ("measure", *REPORT_FIELDS, "indicators") if k in row})
    except ReportRejected as problem:
        return [problem]
    previous = row.get("previous_stage")
    return row_problems(
        measure,
        report,
        previous_stage=Stage(previous) if previous else None,
        last_month=last_month_of_plan(plan, month),
        previous_values=row.get("previous_values", {}),
    )


# ---- drafts -----------------------------------------------------------------------------


def save_draft(
    session: Session, *, actor: Actor, month: str, measure: str, payload: dict, plan_code: str | None = None
) -> None:
    """Keep a row's work in progress on the server; a reload or a dropped line loses nothing."""
    version, plan = reporting_plan(session, plan_code)
    target = next((m for m in plan.measures if m.code == measure), None)
    if target is None:
        raise ReportRejected("unknown_measure", value=measure)
    if not actor.may_report_for(measure_bodies(target)):
        raise AccessDenied("measure_not_yours", value=measure)
    month = parse_month(month)
    try:
        text = json.dumps(payload, ensure_ascii=False, default=str)
        text.encode("utf-8")
    except (ValueError, RecursionError):  # a lone surrogate, or a circular or absurdly deep payload
        raise ReportRejected("invalid_field", field="draft", value=type(payload).__name__) from None
    if len(text) > 50_000:
        raise ReportRejected("text_too_long", field="draft", limit=50_000)
    query = select(ReportDraft).where(
        ReportDraft.user_id == actor.id,
        ReportDraft.plan_code == version.plan_code,
        ReportDraft.month == month,
        ReportDraft.measure_code == measure,
    )
    draft = session.scalars(query).first() or ReportDraft(
        user_id=actor.id, plan_code=version.plan_code, month=month, measure_code=measure, payload=""
    )
    draft.payload, draft.saved_at = text, utc_now()
    session.add(draft)
    session.flush()


def drafts_for(session: Session, *, actor: Actor, plan_code: str, month: str) -> dict[str, dict]:
    query = select(ReportDraft).where(
        ReportDraft.user_id == actor.id,
        ReportDraft.plan_code == plan_code,
        ReportDraft.month == month,
    )
    return {d.measure_code: json.loads(d.payload) for d in session.scalars(query)}


def _discard_drafts(session: Session, actor: Actor, plan_code: str, month: str, codes: list[str]) -> None:
    if codes:
        statement = delete(ReportDraft).where(
            ReportDraft.user_id == actor.id,
            ReportDraft.plan_code == plan_code,
            ReportDraft.month == month,
            ReportDraft.measure_code.in_(codes),
        )
        # No draft object of this submission is in the session: nothing there to keep in step.
        session.execute(statement.execution_options(synchronize_session=False))


# ---- submitting -------------------------------------------------------------------------


def submit_reports(
    session: Session,
    *,
    actor: Actor,
    month: str,
    rows: list[dict | ReportIn],
    all_or_nothing: bool = False,
    channel: str = "app",
    now: dt.datetime | None = None,
    plan_code: str | None = None,
) -> SubmitResult:
    """Check each row against every rule; store the valid ones as new revisions in one
    transaction (or none of them, if asked and any row is refused). Only an active plan
    takes reports."""
    if actor.role not in (Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN):
        raise AccessDenied("not_allowed")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel: {channel}")
    now = _not_in_future(now)
    parsed = [_parsed(raw) for raw in rows]  # before any lock is taken: it needs no database
    _wait_for_sqlite_writer(session)
    version, plan = reporting_plan(session, plan_code)
    month = parse_month(month)
    today = local_date(now, plan_zone(plan))
    check_reportable_month(month, plan_start=plan.plan.start, today=today)
    context = _Context(actor, month, version, plan, today, {m.code: m for m in plan.measures})
    result, accepted, confirmed = SubmitResult(), [], set()
    # Only the plan's own codes reach a query: a row may name anything (a lone surrogate fails the driver).
    codes = [code for code in map(_code_of, rows) if code in context.measures]
    _lock_months(session, context, codes)
    latest = latest_revisions(session, version.plan_code, codes, month)
    values = indicator_values(session, [r.id for r in latest.values()])
    rejected = sent_back_months(session, version.plan_code, month)
    counted = (
        latest_revisions(session, version.plan_code, codes, month, skip=rejected) if rejected else latest
    )
    indicator_codes = [i.code for c in codes if c in context.measures for i in context.measures[c].indicators]
    previous_values = previous_indicator_values(
        session, version.plan_code, indicator_codes, month, skip=rejected
    )
    seen: set[str] = set()
    for raw, report in zip(rows, parsed, strict=True):
        try:
            if isinstance(report, ReportRejected):
                raise report
            if report.measure in seen:
                raise ReportRejected("measure_twice", value=report.measure)
            seen.add(report.measure)
            outcome = _check_row(session, context, report, (latest, counted), values, previous_values)
        except ReportRejected as refusal:
            result.rejected.append(RowResult(_code_of(raw), refusal.key, refusal.params))
            continue
        body, changed = outcome[0], outcome[-1]
        confirmed.add(body)
        if changed:
            accepted.append(outcome[:-1])
        else:
            result.unchanged.append(RowResult(report.measure, "unchanged"))
    if all_or_nothing and result.rejected:
        return result
    _store(session, context, accepted, result, now, channel)
    _mark_submitted(session, context, confirmed, now)
    return result


# Two submissions for one body's month must not both read "nothing yet" and then both write:
# the month would be marked submitted twice. Two submissions of one measure's month must not
# both miss each other: the later author would not hear of the other revision. So a submission
# locks the months of the bodies it reports for and of the measures it names, before it reads,
# until commit; submissions of different bodies on different measures never wait for each other.
ADVISORY_NAMESPACE = 0x47434D << 32  # "GCM": keeps our advisory lock keys apart from others'


def _wait_for_sqlite_writer(session: Session) -> None:
    """SQLite has one writer: take its lock first (a write that changes nothing), waiting for
    any other submission to commit, so that what is read next stays true until this commit."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM report_draft WHERE 0"))


def _lock_months(session: Session, context: _Context, codes: list[str]) -> None:
    """PostgreSQL: transaction advisory locks on (month, reporting body) and (month, measure),
    taken in one order so that two submissions cannot deadlock."""
    if session.get_bind().dialect.name != "postgresql":
        return
    measures = [context.measures[c] for c in codes]
    names = {reporting_body(context.actor, m) for m in measures} | {f"measure:{m.code}" for m in measures}
    prefix = f"{context.version.plan_code}|{context.month}|"
    keys = sorted({ADVISORY_NAMESPACE | zlib.crc32((prefix + name).encode()) for name in names})
    if keys:  # one round trip: unnest yields the sorted keys in order, each locked as it comes
        lock = "SELECT count(pg_advisory_xact_lock(key)) FROM unnest(CAST(:keys AS bigint[])) AS key"
        session.execute(text(lock), {"keys": keys})


def _code_of(row: dict | ReportIn) -> str:
    """The measure a row names, for its result line; a row that is not a mapping names none."""
    if isinstance(row, ReportIn):
        return row.measure[:20]
    return str(row.get("measure", ""))[:20] if isinstance(row, dict) else ""


def _parsed(raw: dict | ReportIn) -> ReportIn | ReportRejected:
    try:
        return _parse_row(raw)
    except ReportRejected as refusal:
        return refusal


def _parse_row(raw: dict | ReportIn) -> ReportIn:
    if isinstance(raw, ReportIn):
        return raw
    try:
        return ReportIn.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, ReportRejected):
            raise cause from None
        where = ".".join(str(p) for p in first["loc"])
        raise ReportRejected("invalid_field", field=where, value=str(first.get("input", ""))[:80]) from None


def _check_row(session, context: _Context, report: ReportIn, revisions, values, previous_values):
    """Every rule for one row; returns what to store, flagged False when nothing changed.
    `revisions`: each measure's latest revision, and its latest that counts (the previous report)."""
    latest, counted = revisions
    measure = context.measures.get(report.measure)
    if measure is None:
        raise ReportRejected("unknown_measure", value=report.measure)
    if not context.actor.may_report_for(measure_bodies(measure)):
        raise AccessDenied("measure_not_yours", value=report.measure)
    body = reporting_body(context.actor, measure)
    # The secretariat writes on behalf of every body of the measure, so any validated month
    # among them stops it; a focal point is stopped by their own body's month only.
    for locked_by in sorted(measure_bodies(measure)) if context.actor.manages else [body]:
        _check_validated(session, context, locked_by)
    if not context.actor.manages and not month_is_open(
        session, context.version.plan_code, context.month, body, context.today
    ):
        raise ReportRejected("month_closed", month=context.month)
    previous = latest.get(report.measure)
    # A resubmission identical to the month's current revision is recognised before the
    # rules run, so confirming an accepted report is never refused (idempotent uploads).
    if previous is not None and previous.month == context.month:
        given = {c: float(v) for c, v in report.indicators.items() if v is not None}
        if _same(previous, values.get(previous.id, {}), report, given):
            return body, measure, report, given, previous, False
    numbers = _check_content(context, measure, report, counted.get(report.measure), previous_values)
    return body, measure, report, numbers, previous, True


def _check_validated(session, context: _Context, body: str) -> None:
    if body not in context.states:
        context.states[body] = body_month_state(session, context.version.plan_code, context.month, body)
    if context.states[body] == "validated":
        raise ReportRejected("month_validated", month=context.month)


def row_problems(
    measure: Measure,
    report: ReportIn,
    *,
    previous_stage: Stage | None,
    last_month: bool,
    previous_values: dict[str, float],
) -> list[ReportRejected]:
    """Every rule of `monitoring.rules` that one row can be checked against on its own, in the
    order a submission applies them: the reporting form shows these next to the row as it is
    edited, and a submission refuses the row with the first of them."""
    checks = [
        *(partial(check_text, name, getattr(report, name)) for name in TEXT_FIELDS),
        partial(check_evidence_links, report.evidence),
        partial(check_percent, report.percent, report.stage),
        partial(
            check_continuous, report.stage, report.pace, continuous=measure.continuous, last_month=last_month
        ),
        partial(check_transition, previous_stage, report.stage, report.justification),
        partial(check_completion_evidence, report.stage, report.evidence, report.done),
    ]
    kinds = {i.code: i.kind.value for i in measure.indicators}
    checks += [
        partial(_check_indicator, kinds, code, value, previous_values.get(code), report.outlier_note)
        for code, value in report.indicators.items()
    ]
    problems = []
    for check in checks:
        try:
            check()
        except ReportRejected as problem:
            problems.append(problem)
    return problems


def _check_indicator(kinds: dict[str, str], code: str, value, previous: float | None, note: str) -> None:
    if code not in kinds:
        raise ReportRejected("unknown_indicator", value=code)
    if value is None:
        return
    check_indicator_value(kinds[code], float(value))
    check_outlier(previous, float(value), get_settings().outlier_factor, note)


def last_month_of_plan(plan: Plan, month: str) -> bool:
    """From the plan's last month on, a continuous measure may be reported completed."""
    return month >= month_of(plan.plan.end)


def _check_content(context: _Context, measure: Measure, report: ReportIn, previous, previous_values) -> dict:
    """Refuse the row with its first problem; otherwise the indicator values to store."""
    problems = row_problems(
        measure,
        report,
        previous_stage=Stage(previous.stage) if previous is not None else None,
        last_month=last_month_of_plan(context.plan, context.month),
        previous_values=previous_values,
    )
    if problems:
        raise problems[0]
    return {code: float(value) for code, value in report.indicators.items() if value is not None}


def _same(previous: StatusRevision, old_values: dict, report: ReportIn, numbers: dict) -> bool:
    """A resubmission identical to the current revision stores nothing (idempotent uploads)."""
    return (
        previous.stage == report.stage.value
        and previous.pace == (report.pace.value if report.pace else None)
        and previous.percent == report.percent
        and all(getattr(previous, n) == getattr(report, n) for n in TEXT_FIELDS)
        and json.loads(previous.evidence) == report.evidence
        and old_values == numbers
    )


def _store(session, context: _Context, accepted: list, result: SubmitResult, now, channel: str) -> None:
    """Insert the accepted rows as new revisions in one statement, their indicator values in
    another, and sign them for the plan's audit chain (the linker chains them)."""
    code = context.version.plan_code
    if not accepted:
        return
    late = now >= closing_moment(context.month, get_settings().closing_day, plan_zone(context.plan))
    rows = [_revision_row(context, body, report, now, late, channel) for body, _, report, _, _ in accepted]
    # Core, not the ORM: one multi-row INSERT ... RETURNING, not one per shape of row
    statement = insert(REVISIONS).returning(REVISIONS.c.id, sort_by_parameter_order=True)
    ids = session.execute(statement, rows).scalars().all()
    numbers = {revision_id: row[3] for revision_id, row in zip(ids, accepted, strict=True)}
    values = [
        {"revision_id": revision_id, "indicator_code": c, "value": v}
        for revision_id, given in numbers.items()
        for c, v in given.items()
    ]
    if values:
        session.execute(insert(IndicatorValue.__table__), values)
    record_written(session, code, [row | {"id": i} for row, i in zip(rows, ids, strict=True)], numbers)
    told = [p.author_id for _, _, r, _, p in accepted if _changed_meanwhile(r, p, context.month)]
    authors = _author_names(session, told)
    for revision_id, (_, measure, report, _, previous) in zip(ids, accepted, strict=True):
        conflict = _conflict(report, previous, context.month, authors)
        result.saved.append(RowResult(measure.code, "saved", revision_id=revision_id, **conflict))
    _discard_drafts(session, context.actor, code, context.month, [r.measure for r in result.saved])
    forget_snapshots(session, code, dated=now)  # only a report dated in the past can change one
    session.flush()


def _revision_row(context: _Context, body: str, report: ReportIn, now, late: bool, channel: str) -> dict:
    return {
        "plan_code": context.version.plan_code,
        "plan_version_id": context.version.id,
        "measure_code": report.measure,
        "month": context.month,
        "body_code": body,
        "stage": report.stage.value,
        "pace": report.pace.value if report.pace else None,
        "percent": report.percent,
        "done": report.done,
        "obstacles": report.obstacles,
        "next_steps": report.next_steps,
        "evidence": json.dumps(report.evidence),
        "justification": report.justification,
        "outlier_note": report.outlier_note,
        "author_id": context.actor.id,
        "submitted_at": now,
        "late": late,
        "channel": channel,
    }


def _mark_submitted(session, context: _Context, bodies: set[str], now) -> None:
    """The body's month counts as reported from its first submission (again after a send-back)."""
    events = [
        {"plan_code": context.version.plan_code, "month": context.month, "body_code": body,
         "event": "submitted", "comment": "", "actor_id": context.actor.id, "at": now}
        for body in sorted(bodies)
        if context.states.get(body) != "submitted"
    ]  # fmt: skip
    if events:
        session.execute(insert(BodyMonthEvent), events)


def _author_names(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(set(ids)))).all())


def _changed_meanwhile(report: ReportIn, previous, month: str) -> bool:
    """Someone saved this measure's month after the author loaded it."""
    return previous is not None and previous.month == month and report.based_on != previous.id


def _conflict(report: ReportIn, previous, month: str, authors: dict[int, str]) -> dict:
    """Tell the author when someone else saved this measure after they loaded it."""
    if _changed_meanwhile(report, previous, month):
        return {
            "notice": "changed_meanwhile",
            "notice_params": {"author": authors.get(previous.author_id, "?")},
        }
    return {}


def submit_no_change(
    session: Session,
    *,
    actor: Actor,
    month: str,
    now: dt.datetime | None = None,
    plan_code: str | None = None,
    measures: frozenset[str] | None = None,
) -> SubmitResult:
    """'No change' in one click: every measure of the actor (or of those, among `measures`) not
    yet reported this month gets last month's state again (narrative of the month left empty)."""
    _, plan = chosen_plan(session, plan_code)
    today = local_date(now or utc_now(), plan_zone(plan))
    rows = [
        {k: row[k] for k in ("measure", "stage", "pace", "percent", "obstacles", "next_steps", "evidence")}
        | {
            "indicators": {c: v for c, v in row["indicators"].items() if v is not None},
            "done": "" if row["stage"] != Stage.COMPLETED.value else "Sem alterações / No change",
        }
        for row in reportable_measures(session, actor=actor, month=month, today=today, plan_code=plan_code)
        if not row["reported"] and (measures is None or row["measure"] in measures)
    ]
    return submit_reports(
        session, actor=actor, month=month, rows=rows, channel="no_change", now=now, plan_code=plan_code
    )


# ---- the body's month: validate, send back, unlock, reopen ------------------------------


def validate_month(
    session: Session, *, actor: Actor, month: str, body: str, now=None, plan_code: str | None = None
) -> BodyMonthEvent:
    """The political focal point confirms the body's month; it is then locked."""
    return _move(session, actor, month, body, "validated", {"submitted"}, now=now, plan_code=plan_code)


def send_back(
    session: Session,
    *,
    actor: Actor,
    month: str,
    body: str,
    comment: str,
    now=None,
    plan_code: str | None = None,
) -> BodyMonthEvent:
    if not comment.strip():
        raise ReportRejected("comment_required")
    return _move(
        session, actor, month, body, "sent_back", {"submitted"}, comment=comment, now=now, plan_code=plan_code
    )


def unlock_month(
    session: Session,
    *,
    actor: Actor,
    month: str,
    body: str,
    reason: str,
    now=None,
    plan_code: str | None = None,
) -> BodyMonthEvent:
    """The secretariat unlocks a validated month, with a reason that is kept."""
    if not actor.manages:
        raise AccessDenied("not_allowed")
    if not reason.strip():
        raise ReportRejected("reason_required")
    return _move(
        session, actor, month, body, "unlocked", {"validated"}, comment=reason, now=now, plan_code=plan_code
    )


def reopen_month(
    session: Session,
    *,
    actor: Actor,
    month: str,
    body: str,
    reason: str,
    days: int | None = None,
    now=None,
    plan_code: str | None = None,
) -> BodyMonthEvent:
    """The secretariat reopens a closed month for one body, for a few days, with a reason."""
    if not actor.manages:
        raise AccessDenied("not_allowed")
    if not reason.strip():
        raise ReportRejected("reason_required")
    now = _not_in_future(now)
    version, plan = chosen_plan(session, plan_code)
    until = local_date(now, plan_zone(plan)) + dt.timedelta(days=days or get_settings().reopen_days)
    event = BodyMonthEvent(
        plan_code=version.plan_code,
        month=parse_month(month),
        body_code=body,
        event="reopened",
        comment=reason.strip(),
        open_until=until,
        actor_id=actor.id,
        at=now,
    )
    session.add(event)
    forget_snapshots(session, version.plan_code, dated=now)
    session.flush()
    return event


def _move(
    session,
    actor: Actor,
    month: str,
    body: str,
    event: str,
    allowed_from: set[str],
    comment: str = "",
    now=None,
    plan_code: str | None = None,
) -> BodyMonthEvent:
    if event in ("validated", "sent_back") and not actor.may_validate(body):
        raise AccessDenied("not_allowed")
    now = _not_in_future(now)
    version, _ = chosen_plan(session, plan_code)
    month = parse_month(month)
    state = body_month_state(session, version.plan_code, month, body)
    if state not in allowed_from:
        raise ReportRejected("wrong_month_state", state=state or "none", event=event)
    _check_after_reports(session, version.plan_code, month, body, now)
    record = BodyMonthEvent(
        plan_code=version.plan_code,
        month=month,
        body_code=body,
        event=event,
        comment=comment.strip(),
        actor_id=actor.id,
        at=now,
    )
    session.add(record)
    forget_snapshots(session, version.plan_code, dated=now)
    session.flush()
    return record


def _not_in_future(now: dt.datetime | None) -> dt.datetime:
    """The moment a report or event is dated (now by default, in UTC); never later than now."""
    if now is None:
        return utc_now()
    now = as_utc(now)
    if now > utc_now():
        raise ReportRejected("dated_in_future", at=f"{now:%Y-%m-%d %H:%M:%S} UTC")
    return now


def _check_after_reports(session: Session, plan_code: str, month: str, body: str, now: dt.datetime) -> None:
    """A validation, send-back or unlock judges the body's reports of the month: it cannot be dated
    before the latest of them."""
    query = select(func.max(StatusRevision.submitted_at)).where(
        StatusRevision.plan_code == plan_code, StatusRevision.month == month, StatusRevision.body_code == body
    )
    latest = session.scalar(query)
    if latest is not None and now < as_utc(latest):
        raise ReportRejected(
            "event_before_report", at=f"{now:%Y-%m-%d %H:%M:%S}", report=f"{as_utc(latest):%Y-%m-%d %H:%M:%S}"
        )
