"""Monthly reporting: the focal point's measures for the month, one card per measure with its full
title and every field readable, the rules checked on each card as it is edited, then submit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import uuid4

import streamlit as st

from monitoring.auth import Actor
from monitoring.db import DATABASE_DOWN, session_scope
from monitoring.months import closes_on, oldest_open_month
from monitoring.reporting import (
    REPORT_FIELDS,
    body_month_state,
    form_row_problems,
    reportable_measures,
    save_draft,
    submit_no_change,
    submit_reports,
)
from monitoring.rules import Pace, ReportRejected, Stage
from monitoring.settings import get_settings
from pages._widgets import (
    date_text,
    db,
    error_text,
    language,
    month_picker,
    month_text,
    refusal_text,
    require_plan,
    result_box,
    session_user,
    submit_outcome,
    t,
    tn,
    unit_label,
)
from plan import Plan

TEXTS = ("done", "obstacles", "next_steps")
# A card whose row breaks a rule, or was refused by the last submission, stands out.
CARD_CSS = """<style>
div[class*="st-key-card-problem-"] { border-left: 6px solid #D55E00; }
div[class*="st-key-card-refused-"] { border-left: 6px solid #D55E00; background: #FDF3EC; }
</style>"""
FILTERS = ("all", "todo", "problems")


@dataclass(frozen=True)
class Form:
    """What every card of one month's form shares."""

    actor: Actor
    plan: Plan
    plan_code: str
    month: str
    bodies: dict[str, str]  # body code -> name, in the page's language
    body: str | None = None  # staff report for one body at a time: the measures it leads

    @property
    def prefix(self) -> str:
        """What the session keys of this form start with: whose, which plan, which month."""
        return f"{self.actor.id}|{self.plan_code}|{self.month}"


def show() -> None:
    actor = session_user()
    if actor is None:
        st.stop()
    version, plan = require_plan(actor, reporting=True)
    st.title(t("nav.report"), anchor=False)
    month = month_picker(plan)
    names = {b.code: b.name.in_(language()) for b in plan.bodies}
    body = _body_picker(plan, names) if actor.manages else None
    form = Form(actor, plan, version.plan_code, month, names, body)
    _show_last_result(form)
    _body_states(form)
    _closed_note(form)
    try:
        rows = _base_rows(form)
    except ReportRejected as error:
        st.error(refusal_text(error))
        return
    values = _values(form, rows)  # every measure's, so a body chosen again keeps its edits
    if form.body is not None:
        leads = {m.code for m in plan.measures if m.lead_body == form.body}
        rows = [r for r in rows if r["measure"] in leads]
    if not rows:
        st.info(t("report.no_measures"))
        return
    for row in rows:
        _sync(form, row)
    refused = st.session_state.get(f"refused|{form.prefix}", {})
    problems = {r["measure"]: form_row_problems(plan, month, _row(r, values[r["measure"]])) for r in rows}
    chosen = _summary(rows)
    st.html(CARD_CSS)
    for row in rows:
        code = row["measure"]
        if chosen == "all" or (chosen == "todo" and not row["reported"]) or problems[code] or code in refused:
            _card(form, row)
    left, right = st.columns([1, 3])
    if left.button(t("report.submit"), type="primary", icon=":material/send:"):
        submission = [_submission(r, values[r["measure"]]) for r in rows]
        _submit(
            form,
            lambda s: submit_reports(s, actor=actor, month=month, rows=submission, plan_code=form.plan_code),
        )
    if right.button(t("report.no_change"), help=t("report.no_change.help"), icon=":material/done_all:"):
        shown = frozenset(r["measure"] for r in rows) if form.body else None  # staff: the body's
        _submit(
            form,
            lambda s: submit_no_change(s, actor=actor, month=month, plan_code=form.plan_code, measures=shown),
        )


def _body_picker(plan: Plan, names: dict[str, str]) -> str:
    """Staff (secretariat, administrator) report for one body at a time, chosen among the bodies
    that lead a measure, in the plan's order, and kept in the address (`?body=`): a month of
    every body at once would be all the plan's measures on one page."""
    leading = {m.lead_body for m in plan.measures}
    codes = [b.code for b in plan.bodies if b.code in leading]
    asked = st.query_params.get("body")
    if asked is not None and asked not in codes:
        st.warning(t("report.body.unknown", value=_escape(asked[:40])))
    body = st.selectbox(
        t("report.body"), codes, index=codes.index(asked) if asked in codes else 0, key="report-body",
        format_func=names.get, help=t("report.body.help"),
    )  # fmt: skip
    st.query_params["body"] = body
    return body


def _base_rows(form: Form) -> list[dict]:
    """The month's rows as loaded once per visit, so edits stay put while the page reruns."""
    key = f"base|{form.prefix}"
    if key not in st.session_state:
        with session_scope(db()) as session:
            st.session_state[key] = reportable_measures(
                session, actor=form.actor, month=form.month, plan_code=form.plan_code
            )
    return st.session_state[key]


def _values(form: Form, rows: list[dict]) -> dict[str, dict]:
    """What each card shows now: the loaded row at first, then what the person has changed. Kept
    apart from the widgets, so a card hidden by the filter keeps its values."""
    key = f"values|{form.prefix}"
    if key not in st.session_state:
        st.session_state[key] = {r["measure"]: _shown(r) for r in rows}
    return st.session_state[key]


def _shown(row: dict) -> dict:
    return {
        "stage": row["stage"],
        "pace": row["pace"] or "",
        "percent": row["percent"],
        **{name: row.get(name) or "" for name in (*TEXTS, "justification", "outlier_note")},
        "evidence": " ".join(row["evidence"]),
        "indicators": {c: None if v is None else float(v) for c, v in row["indicators"].items()},
    }


def _row(base: dict, shown: dict) -> dict:
    """The card's values as a report row, with what the rules compare it with."""
    return _submission(base, shown) | {
        "previous_stage": base["previous_stage"],
        "previous_values": base.get("previous_values", {}),
    }


def _submission(base: dict, shown: dict) -> dict:
    return {
        "measure": base["measure"],
        "stage": shown["stage"],
        "pace": (shown["pace"] or None) if base["continuous"] else None,
        "percent": shown["percent"],
        **{name: shown[name] for name in (*TEXTS, "justification", "outlier_note")},
        "evidence": shown["evidence"],
        "indicators": dict(shown["indicators"]),
        "based_on": base["based_on"],
    }


def _body_states(form: Form) -> None:
    chosen = {form.body} if form.body else form.actor.bodies
    mine = [b.code for b in form.plan.bodies if b.code in chosen]  # in the plan's order
    if not mine:
        return
    with session_scope(db()) as session:
        states = {b: body_month_state(session, form.plan_code, form.month, b) for b in mine}
    st.markdown(
        " · ".join(f"**{form.bodies[b]}**: {t('month_state.' + (s or 'none'))}" for b, s in states.items())
    )


def _closed_note(form: Form) -> None:
    """A month whose reporting has closed takes a focal point's report only if reopened."""
    today, closing_day = dt.date.today(), get_settings().closing_day
    if form.actor.manages or today <= closes_on(form.month, closing_day):
        return
    st.info(
        t(
            "report.month_closed_note",
            month=month_text(form.month),
            date=date_text(closes_on(form.month, closing_day)),
            open=month_text(oldest_open_month(today, closing_day)),
        ),
        icon=":material/lock_clock:",
    )


def _summary(rows: list[dict]) -> str:
    """How many measures and how many are reported; and the filter of the cards. (What changes as
    a card is edited is told on the card: the rest of the page is not run again for an edit.)"""
    reported = sum(r["reported"] for r in rows)
    detail = t("report.summary.detail", reported=reported, todo=len(rows) - reported)
    st.caption(f"{tn('report.summary', len(rows))} · {detail}. {t('report.help')}")
    labels = {f: t(f"report.filter.{f}") for f in FILTERS}
    chosen = st.segmented_control(t("report.filter"), FILTERS, format_func=labels.get, default="all")
    return chosen or "all"


@st.fragment
def _card(form: Form, base: dict) -> None:
    """One measure: full title, stage, pace, % and links, the month's texts, its indicators.
    Editing it reruns this card only, and its rules are checked again at once."""
    code = base["measure"]
    shown = _sync(form, base)
    measure = next(m for m in form.plan.measures if m.code == code)
    problems = form_row_problems(form.plan, form.month, _row(base, shown))
    refusal = st.session_state.get(f"refused|{form.prefix}", {}).get(code)
    state = "refused" if refusal else "problem" if problems else "ok"
    # The month is part of the key: choosing another month draws new cards, not the old ones refilled.
    with st.container(border=True, key=f"card-{state}-{code}-{form.month}"):
        st.markdown(f"**{code}** · {_escape(measure.title.in_(language()))}")
        st.caption(_facts(form, base, measure))
        if refusal:
            reason = error_text(*refusal)
            st.error(t("report.refused_row", reason=reason), icon=":material/block:")
        for problem in problems:
            st.warning(refusal_text(problem), icon=":material/rule:")
        _fields(form, base, measure, shown)
    _keep_draft(form, base, shown)


def _key(form: Form, code: str, name: str) -> str:
    return f"f|{form.prefix}|{code}|{name}"


def _sync(form: Form, base: dict) -> dict:
    """The card's values, with whatever the person has just typed into its fields."""
    code = base["measure"]
    shown = st.session_state[f"values|{form.prefix}"][code]
    for name in shown:
        value = _held(_key(form, code, name)) if name != "indicators" else _MISSING
        if value is not _MISSING:
            shown[name] = "" if value is None and name != "percent" else value
    for indicator in shown["indicators"]:
        value = _held(_key(form, code, f"i.{indicator}"))
        if value is not _MISSING:
            shown["indicators"][indicator] = value
    return shown


_MISSING = object()


def _held(key: str):
    """The session's value for `key`, or _MISSING. (`key in st.session_state` copies the whole
    state to answer, and a month of cards asks it hundreds of times per run.)"""
    try:
        return st.session_state[key]
    except KeyError:
        return _MISSING


def _fields(form: Form, base: dict, measure, shown: dict) -> None:
    code = base["measure"]
    stages = {s.value: t(f"stage.{s.value}") for s in Stage}
    paces = {"": "—"} | {p.value: t(f"pace.{p.value}") for p in Pace}
    columns = st.columns([2, 2, 1, 3] if base["continuous"] else [2, 1, 3])
    field = _field_maker(form, code, shown)
    field("stage", columns[0].selectbox, label=t("report.col.stage"), options=list(stages),
          format_func=stages.get)  # fmt: skip
    if base["continuous"]:
        field("pace", columns[1].selectbox, label=t("report.col.pace"), options=list(paces),
              format_func=paces.get, help=t("report.col.pace.help"))  # fmt: skip
    field("percent", columns[-2].number_input, label=t("report.col.percent"), value=None, step=1, format="%d")
    field(
        "evidence", columns[-1].text_input, label=t("report.col.evidence"), help=t("report.col.evidence.help")
    )
    for column, name in zip(st.columns(3), TEXTS, strict=True):
        field(name, column.text_area, label=t(f"report.col.{name}"), height=72, max_chars=4000)
    going_back = base["previous_stage"] == Stage.COMPLETED.value and shown["stage"] != Stage.COMPLETED.value
    notes = (("justification", going_back), ("outlier_note", bool(base.get("previous_values"))))
    wanted = [name for name, needed in notes if needed or shown[name]]
    for column, name in zip(st.columns(2), wanted, strict=False):
        field(name, column.text_input, label=t(f"report.col.{name}"), help=t(f"report.col.{name}.help"),
              max_chars=4000)  # fmt: skip
    _indicators(form, base, measure, shown)


def _field_maker(form: Form, code: str, shown: dict):
    """A field of a card whose value lives in the session, starting from what the card shows."""

    def field(name: str, make, **options) -> None:
        key = _key(form, code, name)
        if _held(key) is _MISSING:
            st.session_state[key] = shown[name]
        make(key=key, **options)

    return field


def _indicators(form: Form, base: dict, measure, shown: dict) -> None:
    if not measure.indicators:
        return
    columns = st.columns(3)  # a lone indicator keeps a third of the width, like the fields above
    for n, indicator in enumerate(measure.indicators):
        previous = base.get("previous_values", {}).get(indicator.code)
        unit = unit_label(indicator.unit)
        label = indicator.name.in_(language()) + (f" ({unit})" if unit else "")
        was = "—" if previous is None else f"{previous:g}"
        key = _key(form, base["measure"], f"i.{indicator.code}")
        if _held(key) is _MISSING:
            st.session_state[key] = shown["indicators"].get(indicator.code)
        columns[n % len(columns)].number_input(
            label, key=key, value=None, step=1.0, format="%g",
            help=t("report.indicator.help", code=indicator.code, previous=was),
        )  # fmt: skip


def _facts(form: Form, base: dict, measure) -> str:
    status = (
        t("report.status.draft")
        if base["draft"]
        else t("report.status.reported")
        if base["reported"]
        else t("report.status.carried")
        if base["carried"]
        else t("report.status.new")
    )
    when = (
        t("deadline.continuous")
        if measure.continuous
        else f"{t('col.deadline')}: {date_text(measure.deadline)}"
    )
    lead = f"{t('col.lead_body')}: {form.bodies.get(measure.lead_body, measure.lead_body)}"
    return f"{status} · {lead} · {when}"


def _escape(text: str) -> str:
    """Plan text shown as it is written, not read as Markdown."""
    for char in "\\`*_[]<>#|:$~":
        text = text.replace(char, "\\" + char)
    return text


def _keep_draft(form: Form, base: dict, shown: dict) -> None:
    """Save the card on the server when it differs from what was loaded (a reload loses nothing)."""
    payload = _draft(_submission(base, shown))
    original = _draft(_submission(base, _shown(base)))
    saved = st.session_state.setdefault(f"drafts|{form.prefix}", {})
    code = base["measure"]
    if payload == original or saved.get(code) == payload:
        return
    try:
        with session_scope(db()) as session:
            save_draft(session, actor=form.actor, month=form.month, measure=code, payload=payload,
                       plan_code=form.plan_code)  # fmt: skip
    except DATABASE_DOWN:
        st.warning(t("report.draft_not_saved"))
        return
    except ReportRejected as error:
        st.warning(refusal_text(error))
        return
    saved[code] = payload


def _draft(row: dict) -> dict:
    payload = {k: row[k] for k in REPORT_FIELDS} | {"indicators": row["indicators"]}
    payload["evidence"] = str(row["evidence"]).split()
    return payload


def _submit(form: Form, action) -> None:
    try:
        with session_scope(db()) as session:
            result = action(session)
    except ReportRejected as error:
        with result_box(uuid4()):
            st.error(refusal_text(error))
        return
    except DATABASE_DOWN:
        # Nothing was written (the transaction rolled back); the edits stay in the form.
        with result_box(uuid4()):
            st.error(t("error.database_unavailable"))
        return
    st.session_state[f"result|{form.prefix}"] = result
    st.session_state[f"refused|{form.prefix}"] = {r.measure: (r.key, r.params) for r in result.rejected}
    _forget_form(form, keep={r.measure for r in result.rejected})
    st.rerun()


def _forget_form(form: Form, keep: set[str]) -> None:
    """After a submit the month is loaded again, showing what was stored; refused rows keep the
    person's edits (they are drafts on the server too)."""
    fields = f"f|{form.prefix}|"
    for key in list(st.session_state):
        name = str(key)
        if name in (f"base|{form.prefix}", f"values|{form.prefix}", f"drafts|{form.prefix}"):
            del st.session_state[key]
        elif name.startswith(fields) and name.removeprefix(fields).split("|")[0] not in keep:
            del st.session_state[key]


def _show_last_result(form: Form) -> None:
    """The last submission's outcome, at the top, until the next one."""
    result = st.session_state.get(f"result|{form.prefix}")
    if result is None:
        return
    with result_box(id(result)):  # focus moves here and a screen reader reads it, once per submission
        submit_outcome(result)


show()
