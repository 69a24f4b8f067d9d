"""What every page shares: the language, the database, the loaded plan, small widgets."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit
from uuid import uuid4

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.pages_manager import PagesManager

from monitoring import catalog, dashboard, formats, progress, provenance, snapshots
from monitoring.auth import Actor, actor_signed_in
from monitoring.catalog import MeasureFilter
from monitoring.db import DATABASE_DOWN, engine_for, session_scope
from monitoring.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate, translate_plural
from monitoring.months import as_utc, month_of, months_between, plan_zone, today_in
from monitoring.page_language import interface_languages, plan_languages, plan_text_tag
from monitoring.palette import STAGE_COLOURS, STAGE_ORDER, TEXT_COLOUR, label_colour
from monitoring.plan_store import (
    PlanEntry,
    plan_entries,
    plans_for,
    prepare_database,
    stored_plan,
    why_not_offered,
)
from monitoring.rules import ReportRejected
from monitoring.sessions import COOKIE_NAME, SessionState, resolve_session
from monitoring.settings import get_settings
from monitoring.tables import PlanVersion
from pages._frame import focus_result, text_in
from plan import Plan


def _leave_pages_folder_mode() -> None:
    """Streamlit reads a `pages/` folder beside app.py as its old automatic page list until app.py
    has called st.navigation. The server clears that flag before its first request (serve.py);
    AppTest sets it again for every run, so a page run directly, without app.py's navigation and
    sign-in rules, is sent back through app.py."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_pages_folder_mode()


def language() -> str:
    """The chosen language: the URL's `lang`, kept in the session; by default the loaded plan's
    first language when the interface speaks it, else Portuguese."""
    if "lang" not in st.session_state:
        chosen = st.query_params.get("lang") or _plan_languages()[0]
        st.session_state["lang"] = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
    return st.session_state["lang"]


def plan_text(plan: Plan):
    """Where a plan's own texts are drawn: marked with their language when the plan is not
    written in the page's (see monitoring.page_language)."""
    return text_in(plan_text_tag(language(), plan_languages(plan)))


def _plan_languages() -> list[str]:
    """The interface languages, the shown plan's own first (in its order)."""
    try:
        shown = _shown_plan_languages()
    except DATABASE_DOWN:
        shown = []
    return interface_languages(shown, list(LANGUAGES))


def _shown_plan_languages() -> list[str]:
    """The languages of the plan the page is about to show: the one the link names or the one
    chosen earlier in the session, else the first plan offered (as `require_plan` picks it)."""
    asked = st.query_params.get("plan") or st.session_state.get("plan")
    with session_scope(db()) as session:
        entries = plans_for(session, None)
        entry = next((e for e in entries if e.code == asked), entries[0] if entries else None)
        return list(stored_plan(entry.version).languages) if entry else []


def t(key: str, **params: object) -> str:
    return translate(key, language(), **params)


def tn(key: str, count: float, **params: object) -> str:
    """A text naming a count, in the plural form the language's rules give it."""
    return translate_plural(key, count, language(), **params)


def language_switch() -> None:
    # The address keeps a chosen language other than the default, so that a reload, a new tab
    # or a reconnection starts in it too (a navigation clears the address's parameters).
    if language() != DEFAULT_LANGUAGE and st.query_params.get("lang") != language():
        st.query_params["lang"] = language()
    frame_texts()
    options = _plan_languages()
    # The switch has a key of its own, and starts at the chosen language (`index`), rather than
    # being the chosen language's own state: when the first two runs of a page load follow
    # each other closely, the browser may draw only the second, which does not resend a value
    # set through the session state, and the switch would fall back to its first option and
    # send that back at the next click, changing the language nobody chose.
    st.sidebar.radio(
        translate("app.language", language()),
        options=options,
        index=options.index(language()) if language() in options else 0,
        format_func=LANGUAGES.get,
        key="lang_switch",
        horizontal=True,
        on_change=_remember_language,
    )


def _remember_language() -> None:
    st.session_state["lang"] = st.session_state["lang_switch"]
    st.query_params["lang"] = st.session_state["lang"]


# Streamlit draws a few words of its own in English; each is replaced by the catalogue's word.
FRAME_CSS = """<style>
[data-testid="stStatusWidget"] label, [data-testid="stStatusWidget"] button,
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stStatusWidget"] label::after { content: "%(running)s"; font-size: 0.875rem; }
[data-testid="stStatusWidget"] button::after { content: "%(stop)s"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "%(drop)s"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }
[data-testid="stFileUploaderDropzone"] button::after {
  content: "%(browse)s"; font-size: 0.875rem; margin-left: 0.4rem; }
[data-testid="InputInstructions"] { display: none; }
</style>"""


def frame_texts() -> None:
    """Streamlit's own few words (the running indicator, its stop button, the file drop zone) in
    the page's language, and its English typing hints left out: one language per page."""
    words = {key: t(f"frame.{key}").replace('"', "'") for key in ("running", "stop", "drop", "browse")}
    st.html(FRAME_CSS % words)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    # One engine per process; the schema is upgraded and the default plan loaded once.
    engine = engine_for(url)
    prepare_database(engine, get_settings())
    return engine


def db() -> Engine:
    return _engine(get_settings().resolved_database_url())


@st.cache_data(show_spinner=False, max_entries=16)
def measures(version_id: int, _plan: Plan, lang: str) -> pd.DataFrame:
    return catalog.measures_frame(_plan, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def bodies(version_id: int, _plan: Plan, lang: str) -> pd.DataFrame:
    return catalog.bodies_frame(_plan, lang)


def require_plan(actor: Actor | None = None, *, reporting: bool = False) -> tuple[PlanVersion, Plan]:
    """The plan the page shows: the one named by `?plan=CODE`, else the one chosen earlier in the
    session, else the first the person may open; a picker in the sidebar when there is a choice.
    A code that is unknown, archived or not the person's gets a message and the plan list, and
    the page stops: it never shows another plan's data instead. `reporting` offers active plans only.
    """
    with session_scope(db()) as session:  # small queries, so a new load or state shows at once
        offered = plans_for(session, actor, reporting=reporting)
        asked = st.query_params.get("plan")
        refusal = why_not_offered(session, actor, asked, reporting=reporting) if asked else None
        stored = bool(offered) or bool(plan_entries(session))
        codes = [e.code for e in offered]
        # nothing to report on: the person's plans exist but none is active, or they have none
        none_active = not offered and reporting and bool(plans_for(session, actor))
        if asked and asked not in codes:
            st.error(t(f"plan.refused.{refusal}", code=asked[:40]), icon=":material/block:")
            if offered:
                plan_list(offered)
            else:
                no_plan_message(actor, stored=stored, none_active=none_active)
            st.stop()
        if not offered:
            no_plan_message(actor, stored=stored, none_active=none_active)
            st.stop()
        remembered = st.session_state.get("plan")
        chosen = asked or (remembered if remembered in codes else codes[0])
        if len(offered) > 1:
            labels = {e.code: plan_label(e) for e in offered}
            chosen = st.sidebar.selectbox(
                t("plan.pick"), codes, index=codes.index(chosen), format_func=labels.get
            )
            st.query_params["plan"] = chosen
        st.session_state["plan"] = chosen
        version = next(e for e in offered if e.code == chosen).version
        return version, stored_plan(version)  # parsed once per process, by monitoring.plan_store


def plan_label(entry: PlanEntry) -> str:
    label = f"{entry.code} · {entry.title(language())}"
    return label if entry.active else f"{label} ({t('plan.status.' + entry.status.value)})"


def plan_list(entries: list[PlanEntry]) -> None:
    """The plans a person may open, each a button that opens this page on it."""
    st.markdown(t("plan.available"))
    for entry in entries:
        period = f"{date_text(entry.version.start)} – {date_text(entry.version.end)}"
        st.button(
            f"{plan_label(entry)} · {period}",
            key=f"open-plan-{entry.code}",
            on_click=_open_plan,
            args=(entry.code,),
            icon=":material/arrow_forward:",
        )


def _open_plan(code: str) -> None:
    st.query_params["plan"] = code
    st.session_state["plan"] = code


def no_plan_message(actor: Actor | None, *, stored: bool, none_active: bool) -> None:
    """Why no plan is offered: none stored, none active (to report on), or none with the
    person's bodies."""
    if not stored:
        st.info(t("plan.no_plan") + (" " + t("plan.no_plan.staff") if actor and actor.manages else ""))
    elif none_active:
        st.info(t("plan.none_active"))
    else:
        st.info(t("plan.none_for_you"))


def flash(text: str, kind: str = "success") -> None:
    """A message for the top of the page after the rerun that shows the new state."""
    st.session_state["page_message"] = (kind, text, uuid4().hex)


def show_flash() -> None:
    """The message `flash` left, where focus moves and a screen reader reads it out."""
    kind, text, token = st.session_state.pop("page_message", (None, None, None))
    if text:
        with result_box(token):
            {"success": st.success, "error": st.error, "info": st.info, "warning": st.warning}[kind](text)


def deadline_text(deadline, continuous: bool) -> str:
    return t("deadline.continuous") if continuous else date_text(deadline)


def date_text(day) -> str:
    """A date in the chosen language (31/12/2021, 31 Dec 2021)."""
    return "" if day is None or pd.isna(day) else formats.date(day, language())


def month_text(month: str) -> str:
    """A month kept as YYYY-MM, as people name it (out. 2026, Oct 2026)."""
    return formats.month(month, language())


def month_names(*, empty: str = "") -> Callable[[str], str]:
    """A month picker's labels (out. 2026; `empty` for the "" choice), in this run's language fixed
    once: AppTest calls a widget's format_func again after the run, when it replays a choice."""
    lang = language()
    return lambda month: formats.month(month, lang) if month else empty


def moment_text(moment) -> str:
    """A stored moment (kept in UTC) by the plan's clock, in the chosen language: 05/04/2020 11:31,
    5 Apr 2020, 11:31."""
    return moment_texts()(moment)


def moment_texts() -> Callable[[object], str]:
    """`moment_text` for a whole column: the plan's clock and the language are looked up once,
    not once per row (each lookup reads the session and the plan)."""
    _, plan = require_plan()
    zone, lang = plan_zone(plan), language()

    def text(moment) -> str:
        if moment is None or pd.isna(moment):
            return ""
        return formats.moment(as_utc(moment).astimezone(zone), lang)

    return text


def field_label(field: str) -> str:
    """A report's field in words (Stage, % complete, Indicator I001)."""
    if not field:
        return ""
    for prefix in ("indicators.", "indicator "):  # as the Excel preview and the audit name them
        if field.startswith(prefix):
            return t("report_excel.field.indicator", code=field.removeprefix(prefix))
    return t(f"template.col.{field}")


def field_value(field: str, value: object) -> str:
    """A report's value as people read it: stage and pace in words, numbers with the language's
    separators (1 500,5), texts as written."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if field in LABELLED_FIELDS:
        return t(f"{field}.{value}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, language())
    return str(value)


LABELLED_FIELDS = ("stage", "pace")  # fields whose values are codes, shown as their words


def measure_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns people read in a list of measures, with translated headers."""
    table = pd.DataFrame(
        {
            t("col.code"): frame["code"],
            t("col.title"): frame["title"],
            t("col.lead_body"): frame["lead_body_name"],
            t("col.co_bodies"): frame["co_body_names"].map(", ".join),
            t("col.deadline"): [
                deadline_text(d, c) for d, c in zip(frame["deadline"], frame["continuous"], strict=True)
            ],
            t("col.indicators"): frame["indicators"],
        }
    )
    return table.reset_index(drop=True)


def show_measures(frame: pd.DataFrame, *, extra: dict[str, list] | None = None, first: bool = False) -> None:
    """A list of measures that fits the page: the title gets the room, codes and dates little.
    `extra` columns follow the title, or come first with `first`."""
    table = measure_table(frame)
    for position, (name, values) in enumerate((extra or {}).items(), start=0 if first else 2):
        table.insert(position, name, values)
    config = {
        t("col.code"): st.column_config.TextColumn(width="small"),
        t("col.title"): st.column_config.TextColumn(width="large"),
        t("col.lead_body"): st.column_config.TextColumn(width="medium"),
        t("col.co_bodies"): st.column_config.TextColumn(width="medium"),
        t("col.deadline"): st.column_config.TextColumn(width="small"),
        t("col.indicators"): st.column_config.NumberColumn(width="small"),
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)


def plain(text: str) -> str:
    """A text shown through Markdown as written: the marks * and † are not formatting."""
    return text.replace("*", "\\*")


def reconstruction_notice(plan: Plan) -> None:
    """One line, while the loaded plan is a reconstruction, linking to where it comes from."""
    if not plan.plan.reconstruction:
        return
    with st.container(border=True):
        left, right = st.columns([2, 1], vertical_alignment="center")  # room for the link in every language
        left.markdown(f":material/info: {plain(t('reconstruction.notice'))}")
        with right:
            st.page_link(
                "pages/plan.py",
                label=t("reconstruction.link"),
                icon=":material/arrow_forward:",
                query_params={"provenance": "1", "lang": language(), **plan_param()},
            )


def basis_column(frame: pd.DataFrame) -> list[str]:
    """The bases of an indicator table's figures in words, for a column beside them."""
    return [
        provenance.basis_words(b, g, language())
        for b, g in zip(frame["baseline_basis"].fillna(""), frame["target_basis"].fillna(""), strict=True)
    ]


def measure_link(code: str, label: str) -> None:
    st.page_link(
        "pages/measure.py",
        label=label,
        icon=":material/open_in_new:",
        query_params={"code": code, "lang": language(), **plan_param()},
    )


def plan_param() -> dict[str, str]:
    """The chosen plan, for links to another page (which then opens on the same plan)."""
    chosen = st.session_state.get("plan")
    return {"plan": chosen} if chosen else {}


# ---- who is signed in --------------------------------------------------------------------
# A sign-in is a session on the server, named by an HttpOnly cookie that serve.py's routes set
# and clear; pages only read the cookie.


def session_cookie() -> str | None:
    """The session cookie the browser sent when it opened this page."""
    return _cookie(COOKIE_NAME)


def _cookie(name: str) -> str | None:
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else None


def session_user() -> Actor | None:
    """The person this browser is signed in as, checked against the database on every run:
    a session ended elsewhere (another tab signed out, a password changed, an account
    deactivated) or expired shows the sign-in form at the next click."""
    try:
        with db().connect() as connection:
            check = resolve_session(connection, session_cookie())
            connection.commit()
    except DATABASE_DOWN:
        st.error(t("error.database_unavailable"))
        st.stop()
    if check.state is SessionState.EXPIRED:
        st.session_state.setdefault("flash", t("login.expired"))
    elif check.state is SessionState.ENDED:
        st.session_state.setdefault("flash", t("login.ended"))
    return actor_signed_in(check.person) if check.person else None


def oidc_configured() -> bool:
    """Sign-in through an OpenID Connect provider, when `[auth]` is set in secrets.toml."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # noqa: BLE001  (a malformed secrets file must not stop the app)
        return False


def refusal_text(error: ReportRejected) -> str:
    return error_text(error.key, error.params)


def error_text(key: str, params: dict) -> str:
    """A refusal's reason in the chosen language, with its months, dates and numbers written for it."""
    return t(f"error.{key}", **formats.message_params(params, language()))


# ---- months ------------------------------------------------------------------------------


def month_picker(plan: Plan, *, label_key: str = "report.month", key: str = "month") -> str:
    """Months from the plan's start to now, newest first (a late measure can be reported after the
    plan's end); the default is the oldest month still open for reporting (by the plan's clock),
    but never past the plan's end plus its follow-up period."""
    months = months_between(month_of(plan.plan.start), dashboard.current_month(plan))[::-1]
    default = dashboard.default_report_month(plan)
    asked = st.query_params.get("month", default)
    index = months.index(asked) if asked in months else months.index(default) if default in months else 0
    month = st.selectbox(t(label_key), months, index=index, key=key, format_func=month_names())
    st.query_params["month"] = month
    return month


# ---- filters kept in the URL -------------------------------------------------------------


def plan_filters(plan: Plan) -> MeasureFilter:
    """Filters start from the URL, and every change is written back to it."""
    lang, params = language(), st.query_params
    axes = {a.code: f"{a.code} · {a.title.in_(lang)}" for a in plan.axes}
    goals = {o.gcm_number: f"{o.gcm_number}. {o.title.in_(lang)}" for o in plan.objectives}  # plan order
    bodies = body_options(plan, lang)
    kinds = {
        "all": t("filter.continuous.all"),
        "yes": t("filter.continuous.yes"),
        "no": t("filter.continuous.no"),
    }
    with st.container(border=True):
        top = st.columns([3, 3, 3])
        axis = top[0].multiselect(
            t("filter.axis"),
            list(axes),
            placeholder=t("filter.choose"),
            format_func=axes.get,
            default=[a for a in params.get_all("axis") if a in axes],
        )
        gcm = top[1].multiselect(
            t("filter.objective"),
            list(goals),
            placeholder=t("filter.choose"),
            format_func=goals.get,
            default=[int(g) for g in params.get_all("gcm") if g.isdigit() and int(g) in goals],
        )
        ministry = top[2].multiselect(
            t("filter.ministry"),
            list(bodies),
            placeholder=t("filter.choose"),
            format_func=bodies.get,
            default=[b for b in params.get_all("body") if b in bodies],
        )
        bottom = st.columns([3, 5])
        kind = (
            bottom[0].segmented_control(
                t("filter.continuous"),
                list(kinds),
                format_func=kinds.get,
                default=params.get("kind") if params.get("kind") in kinds else "all",
            )
            or "all"
        )
        text = bottom[1].text_input(
            t("filter.text"), value=params.get("q", ""), placeholder=t("filter.text.help")
        )
    remember_in_url(
        axis=axis,
        gcm=[str(g) for g in gcm],
        body=ministry,
        kind=[] if kind == "all" else [kind],
        q=[text] if text else [],
    )
    continuous = {"all": None, "yes": True, "no": False}[kind]
    return MeasureFilter(tuple(axis), tuple(gcm), tuple(ministry), continuous, text)


def body_options(plan, lang: str) -> dict[str, str]:
    """Areas of government first, each followed by its public bodies and their units."""
    return {
        body.code: ("   " * depth + "└ " if depth else "") + body.name.in_(lang)
        for body, depth in catalog.body_tree(plan)
    }


def remember_in_url(**values: list[str]) -> None:
    for key, chosen in values.items():
        if chosen != st.query_params.get_all(key):
            if chosen:
                st.query_params[key] = chosen
            else:
                st.query_params.pop(key, None)


# ---- the dashboards' shared pieces --------------------------------------------------------


def data_key(plan_code: str) -> tuple[int, int]:
    """Changes with every new report or month event: what the cached results below depend on,
    so a new report shows on the next rerun in every app instance."""
    with session_scope(db()) as session:
        return dashboard.data_stamp(session, plan_code)


@st.cache_data(show_spinner=False, max_entries=64)
def _snapshot(stamp: tuple, key: tuple, version_id: int, _version, _plan: Plan) -> progress.Snapshot:
    view = dashboard.View(*key)
    with session_scope(db()) as session:
        return snapshots.snapshot_as_of(
            session, _version, _plan, as_of=view.as_of, basis=view.basis, validated_only=view.validated_only
        )


def snapshot_of(version: PlanVersion, plan: Plan, view: dashboard.View) -> progress.Snapshot:
    """The view's snapshot: a closed month's record read from the table, anything else computed,
    once per state of the data (and per plan version)."""
    return _snapshot(data_key(version.plan_code), _key(view), version.id, version, plan)


def headline_of(version: PlanVersion, plan: Plan, view: dashboard.View, codes: set[str]) -> pd.DataFrame:
    """The headline counts of the view, a month and a quarter before, on the same basis."""
    months = dashboard.headline_months(view.as_of)
    snaps = {
        label: snapshot_of(version, plan, dashboard.View(month, view.basis, view.validated_only))
        for label, month in months.items()
    }
    return dashboard.headline(snaps, codes=codes)


@st.cache_data(show_spinner=False, max_entries=16)
def _reports(stamp: tuple, key: tuple, _plan: Plan) -> pd.DataFrame:
    view = dashboard.View(*key)
    moment = progress.basis_moment(_plan, view.as_of, view.basis)
    with session_scope(db()) as session:
        return progress.counted_reports(
            session, _plan.plan.code, as_of=view.as_of, moment=moment, validated_only=view.validated_only
        )


def reports_of(plan: Plan, view: dashboard.View) -> pd.DataFrame:
    """The counted reports of the view, one per measure and month (for the grids over time)."""
    return _reports(data_key(plan.plan.code), _key(view), plan)


@st.cache_data(show_spinner=False, max_entries=16)
def _series(stamp: tuple, key: tuple, _plan: Plan) -> pd.DataFrame:
    view = dashboard.View(*key)
    with session_scope(db()) as session:
        return progress.indicator_series(
            session, _plan, as_of=view.as_of, basis=view.basis, validated_only=view.validated_only
        )


def indicator_series_of(plan: Plan, view: dashboard.View) -> pd.DataFrame:
    """Each indicator's values per month as the view knows them."""
    return _series(data_key(plan.plan.code), _key(view), plan)


@st.cache_data(show_spinner=False, max_entries=16)
def _ends(stamp: tuple, key: tuple, _plan: Plan) -> pd.DataFrame:
    view = dashboard.View(*key)
    with session_scope(db()) as session:
        return progress.indicator_ends(
            session, _plan, as_of=view.as_of, basis=view.basis, validated_only=view.validated_only
        )


def indicator_ends_of(plan: Plan, view: dashboard.View) -> pd.DataFrame:
    """Each indicator's first and latest value as the view knows them (what its status needs)."""
    return _ends(data_key(plan.plan.code), _key(view), plan)


@st.cache_data(show_spinner=False, max_entries=16)
def _reporting(stamp: tuple, key: tuple, _plan: Plan) -> pd.DataFrame:
    view = dashboard.View(*key)
    moment = progress.basis_moment(_plan, view.as_of, view.basis)
    with session_scope(db()) as session:
        revisions = progress.counted_revisions(
            session, _plan.plan.code, months=dashboard.reporting_window(view.as_of), moment=moment,
            validated_only=view.validated_only,
        )  # fmt: skip
    return dashboard.reporting_summary(dashboard.body_reporting(_plan, revisions, as_of=view.as_of))


def reporting_of(plan: Plan, view: dashboard.View) -> pd.DataFrame:
    """Per body: completeness and timeliness over the view's last 12 months."""
    return _reporting(data_key(plan.plan.code), _key(view), plan)


def _key(view: dashboard.View) -> tuple:
    """A view as plain values, for Streamlit's cache."""
    return view.as_of, view.basis.value, view.validated_only


def as_of_controls(plan: Plan) -> dashboard.View:
    """The as-of month (default: the last closed one), the basis (default: the record) and
    validated-only, kept in the URL."""
    months = months_between(month_of(plan.plan.start), dashboard.current_month(plan))[::-1]
    default = dashboard.last_closed(plan)
    asked = st.query_params.get("as_of", default)
    bases = {b.value: t(f"dash.basis.{b.value}") for b in progress.Basis}
    left, middle, right = st.columns([2, 3, 2], vertical_alignment="bottom")
    index = months.index(asked) if asked in months else 0
    as_of = left.selectbox(t("dash.as_of"), months, index=index, format_func=month_names())
    chosen = st.query_params.get("basis", progress.Basis.RECORD.value)
    basis = middle.segmented_control(
        t("dash.basis"), list(bases), format_func=bases.get, key="dash_basis",
        default=chosen if chosen in bases else progress.Basis.RECORD.value,
    ) or progress.Basis.RECORD.value  # fmt: skip
    validated = right.toggle(t("dash.validated_only"), value=st.query_params.get("validated") == "1")
    remember_in_url(
        as_of=[as_of], validated=["1"] if validated else [], basis=[] if basis == "record" else [basis]
    )
    return dashboard.View(as_of, progress.Basis(basis), validated)


def basis_text(plan: Plan, view: dashboard.View) -> str:
    """What the figures read up to, in one sentence (under the controls, and in a printed header)."""
    if view.basis is progress.Basis.CORRECTED:
        return t("dash.basis.corrected_note")
    zone = plan_zone(plan)
    moment = progress.as_of_moment(plan, view.as_of)
    local = formats.moment(moment.astimezone(zone) - dt.timedelta(seconds=1), language(), seconds=True)
    key = "dash.basis.record_note" if snapshots.settled(moment) else "dash.basis.open_note"
    return t(key, moment=local, zone=zone.key)


def basis_note(plan: Plan, view: dashboard.View) -> None:
    """One line under the controls: what the figures read up to."""
    st.caption(basis_text(plan, view))


def stage_filters(plan: Plan) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The dashboards' own filters: stage and deadline year, also kept in the URL."""
    params = st.query_params
    stages = {s: t(f"stage.{s}") for s in STAGE_ORDER}
    years = list(range(2019, today_in(plan_zone(plan)).year + 1))
    left, right = st.columns(2)
    chosen = left.multiselect(
        t("dash.filter.stage"),
        list(stages),
        format_func=stages.get,
        default=[s for s in params.get_all("stage") if s in stages],
        placeholder=t("filter.choose"),
    )
    picked = right.multiselect(
        t("dash.filter.year"),
        years,
        placeholder=t("filter.choose"),
        default=[int(y) for y in params.get_all("year") if y.isdigit() and int(y) in years],
    )
    remember_in_url(stage=chosen, year=[str(y) for y in picked])
    return tuple(chosen), tuple(picked)


def stage_label(stage: str) -> str:
    return t("stage.continuous") if stage == "continuous" else t(f"stage.{stage}")


def stage_colours() -> dict[str, str]:
    """Chart colours keyed by the translated label, so legends read as words."""
    return {stage_label(s): colour for s, colour in STAGE_COLOURS.items()}


def legend(stages) -> None:
    """Colour swatches with their words, for charts whose colours carry the stage."""
    items = "".join(
        f'<span style="margin-right:1.2em"><span style="display:inline-block;width:0.9em;height:0.9em;'
        f'background:{STAGE_COLOURS[s]};margin-right:0.35em;vertical-align:-0.1em"></span>'
        f"{html.escape(stage_label(s))}</span>"
        for s in stages
    )
    st.html(f'<div style="font-size:0.9rem">{items}</div>')


# ---- charts that everyone can read -------------------------------------------------------


def chart(figure, *, alt: str, table: pd.DataFrame, key: str | None = None) -> None:
    """A chart with a text alternative saying what it shows, and the same numbers beside it as a
    table (WCAG 1.1.1), its texts in colours that read at 4.5:1 or more. The table is drawn only
    once its expander is opened: a closed one costs the browser nothing."""
    st.plotly_chart(readable(figure), width="stretch", alt=alt, key=key)
    _chart_table(figure, table)


# A chart on paper: nothing to hover or click.
STATIC_CHART = {"staticPlot": True, "displayModeBar": False}


def printed_chart(figure, *, alt: str, table: pd.DataFrame | None = None) -> None:
    """A chart of a printed document (the meeting brief): static, at its own size, with its text
    alternative; its numbers as a table on screen unless a table of the document already has them."""
    st.plotly_chart(readable(figure), config=STATIC_CHART, width="content", alt=alt)
    if table is not None:
        _chart_table(figure, table)


def _chart_table(figure, table: pd.DataFrame) -> None:
    opened = st.expander(
        t("chart.table"), icon=":material/table:", key=_table_key(figure, table), on_change="rerun"
    )
    if opened.open:
        with opened:
            st.dataframe(table, hide_index=True, width="stretch", placeholder="—")


def _table_key(figure, table: pd.DataFrame) -> str:
    """The key of a chart's table expander: from the chart's title (else the table's columns), so
    it stays the same across reruns and another chart on the page has another."""
    name = figure.layout.title.text or "|".join(map(str, table.columns))
    return "chart-table-" + hashlib.sha1(name.encode()).hexdigest()[:12]


def readable(figure):
    """Axis, legend and title text in the page's text colour, and each label drawn on a bar or
    a sector in black or white, whichever reads on that colour."""
    text = {"color": TEXT_COLOUR}
    figure.update_layout(font=text, title_font=text, legend_font=text, legend_title_font=text)
    figure.update_xaxes(tickfont=text, title_font=text)
    figure.update_yaxes(tickfont=text, title_font=text)
    figure.update_annotations(font=text)
    for trace in figure.data:
        if trace.type == "bar" and isinstance(trace.marker.color, str):
            trace.insidetextfont = {"color": label_colour(trace.marker.color)}
            trace.outsidetextfont = text
        elif trace.type in ("sunburst", "treemap") and trace.marker.colors is not None:
            if trace.type == "sunburst":
                trace.leaf = {"opacity": 1}  # plotly lightens the outer ring, and white would not read on it
            trace.insidetextfont = {"color": [label_colour(c) for c in trace.marker.colors]}
    return figure


def stage_summary(counts: dict[str, int]) -> str:
    """ "Não iniciada: 40; Em execução: 30", for a chart's text alternative."""
    return "; ".join(f"{label}: {int(count)}" for label, count in counts.items())


def login_form() -> None:
    """Sign in: a plain HTML form posted to serve.py's `/auth/signin`, which sets the session
    cookie and comes back to this very address, filters included. One generic message on
    failure, whatever the reason."""
    st.title(t("login.title"), anchor=False)
    notice = _sign_in_notice()
    if notice:
        kind, text = notice
        (st.error if kind == "error" else st.info)(text)
    st.html(
        FORM_STYLE
        + SIGN_IN_FORM.format(
            action=_route("/auth/signin"),
            next=html.escape(_after_sign_in(), quote=True),
            back=html.escape(_this_address(), quote=True),
            xsrf=html.escape(_cookie(XSRF_COOKIE) or "", quote=True),
            email=html.escape(t("login.email")),
            password=html.escape(t("login.password")),
            submit=html.escape(t("login.submit")),
        )
    )
    if oidc_configured():
        st.divider()
        st.button(t("login.oidc"), on_click=st.login, icon=":material/key:")


def sign_out_button() -> None:
    """Sign out: a form posted to serve.py's `/auth/signout`, which ends the session and comes
    back to the sign-in page."""
    st.html(
        FORM_STYLE
        + SIGN_OUT_FORM.format(
            action=_route("/auth/signout"),
            next=html.escape(_sign_in_page(), quote=True),
            xsrf=html.escape(_cookie(XSRF_COOKIE) or "", quote=True),
            label=html.escape(t("account.sign_out")),
        )
    )


def _sign_in_notice() -> tuple[str, str] | None:
    """What the last sign-in attempt or session end has to say, once."""
    outcome = st.query_params.get("signin")
    if outcome is not None:
        st.query_params.pop("signin", None)
        key = outcome if outcome in SIGN_IN_OUTCOMES else "failed"
        return "error", t(f"login.{key}")
    if st.query_params.get("signed_out") == "1":
        st.query_params.pop("signed_out", None)
        return "info", t("login.signed_out")
    if message := st.session_state.pop("flash", ""):
        return "info", message
    return None


def _this_address() -> str:
    """This page's path and query: where a refused sign-in comes back to. The chosen language
    goes along (a sign-in loads the page anew, which would otherwise start in Portuguese)."""
    path = urlsplit(st.context.url or "/").path or "/"
    query = [
        (k, v) for k in st.query_params for v in st.query_params.get_all(k) if k not in ("signin", "lang")
    ]
    if language() != DEFAULT_LANGUAGE:
        query.append(("lang", language()))
    return f"{path}?{urlencode(query)}" if query else path


def _after_sign_in() -> str:
    """Where a sign-in leads: this very page, filters kept; from the sign-in page itself, the
    front door."""
    address = _this_address()
    path, _, query = address.partition("?")
    if path.rstrip("/").endswith("/login"):
        path = path[: -len("login")].rstrip("/") or "/"
    return f"{path}?{query}" if query else path


def _sign_in_page() -> str:
    return f"/login?{urlencode({'lang': language()})}" if language() != DEFAULT_LANGUAGE else "/login"


def _route(path: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{path}" if base else path


SIGN_IN_OUTCOMES = {"failed", "unavailable", "oidc_failed", "oidc_no_account", "oidc_inactive"}
XSRF_COOKIE = "_streamlit_xsrf"
FORM_STYLE = """<style>
.gcm-form label{display:block;font-size:0.875rem;margin:0.9rem 0 0.3rem;color:#31333f}
.gcm-form input[type=email],.gcm-form input[type=password]{display:block;box-sizing:border-box;width:100%;
 max-width:26rem;padding:0.55rem 0.75rem;border:1px solid #6b6e76;border-radius:0.5rem;font:inherit;
 background:#f0f2f6;color:#1f2430}
.gcm-form button{display:block;margin-top:1.1rem;padding:0.45rem 1.1rem;border-radius:0.5rem;
 border:1px solid #1F4E79;background:#1F4E79;color:#fff;font:inherit;cursor:pointer}
.gcm-form button.secondary{background:#fff;color:#1F4E79;margin-top:0.5rem}
.gcm-form button:hover{filter:brightness(1.15)}
.gcm-form :focus-visible{outline:3px solid #1F4E79;outline-offset:2px}
</style>"""
SIGN_IN_FORM = """<form class="gcm-form" method="post" action="{action}">
<input type="hidden" name="next" value="{next}"><input type="hidden" name="back" value="{back}">
<input type="hidden" name="xsrf" value="{xsrf}">
<label for="gcm-email">{email}</label>
<input id="gcm-email" name="email" type="email" autocomplete="username" required maxlength="255">
<label for="gcm-password">{password}</label>
<input id="gcm-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{submit}</button></form>"""
SIGN_OUT_FORM = """<form class="gcm-form" method="post" action="{action}">
<input type="hidden" name="next" value="{next}"><input type="hidden" name="xsrf" value="{xsrf}">
<button type="submit" class="secondary">{label}</button></form>"""


def submit_outcome(result, *, rejected_key: str = "report.rejected") -> None:
    """What a submission saved, a notice on a saved measure, and which measures it refused."""
    if result.saved or result.unchanged:
        st.success(saved_text(result))
    for row in result.saved:
        if row.notice:
            st.warning(t(f"report.notice.{row.notice}", measure=row.measure, **row.notice_params))
    if result.rejected:
        codes = ", ".join(r.measure for r in result.rejected)
        st.error(tn(rejected_key, len(result.rejected), codes=codes))


def saved_text(result) -> str:
    """ "Saved: 3 measures reported for the month." and, if any, how many were already so."""
    text = tn("report.saved", len(result.saved))
    return text + (" " + tn("report.unchanged", len(result.unchanged)) if result.unchanged else "")


def unit_label(unit) -> str:
    """An indicator's unit in the chosen language (see `formats.unit`)."""
    return formats.unit(unit, language())


@contextmanager
def result_box(token: object):
    """Where an action's outcome is shown: focus moves there and a screen reader reads it out,
    once for each `token` (one per submission), not at every rerun of the page."""
    with st.container(key=RESULT_KEY):
        yield
    focus_result(RESULT_KEY, str(token))


RESULT_KEY = "gcm-result"


def show_submit_result(result, *, stored: bool = True) -> None:
    """A submission's outcome: what was saved, who saved a measure meanwhile, and each refused
    row with its reason (`stored=False` when all-or-nothing refused the whole lot)."""
    with result_box(id(result)):  # the result object is new with each submission
        _submit_result(result, stored)


def _submit_result(result, stored: bool) -> None:
    if not stored:
        st.error(tn("report_excel.nothing_stored", len(result.rejected)))
    else:
        submit_outcome(result, rejected_key="report.rejected_listed")
    if result.rejected:
        reasons = {
            t("col.code"): [r.measure for r in result.rejected],
            t("report.col.reason"): [error_text(r.key, r.params) for r in result.rejected],
        }
        st.dataframe(pd.DataFrame(reasons), hide_index=True, width="stretch", placeholder="—")
