"""What every page shares: the language, the database, the loaded plan, small widgets."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from monitoring import catalog
from monitoring.auth import Actor, actor_for, user_by_email
from monitoring.db import engine_for, session_scope
from monitoring.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from monitoring.months import add_months, closes_on, month_of, months_between
from monitoring.plan_store import current_version, prepare_database, stored_plan
from monitoring.rules import ReportRejected
from monitoring.settings import get_settings
from monitoring.tables import PlanVersion, User
from plan import Plan


def language() -> str:
    """The chosen language: the URL's `lang`, kept in the session, Portuguese by default."""
    if "lang" not in st.session_state:
        chosen = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state["lang"] = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
    return st.session_state["lang"]


def t(key: str, **params: object) -> str:
    return translate(key, language(), **params)


def language_switch() -> None:
    language()
    st.sidebar.radio(
        translate("app.language", language()),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
        on_change=_remember_language,
    )


def _remember_language() -> None:
    st.query_params["lang"] = st.session_state["lang"]


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    # One engine per process; the schema is upgraded and the default plan loaded once.
    engine = engine_for(url)
    prepare_database(engine, get_settings())
    return engine


def db() -> Engine:
    return _engine(get_settings().resolved_database_url())


def loaded_version() -> PlanVersion | None:
    """The newest loaded plan version (one small query, so a new load shows at once)."""
    with session_scope(db()) as session:
        return current_version(session)


@st.cache_data(show_spinner=False, max_entries=8)
def _plan(version_id: int, document: str) -> Plan:
    return Plan.model_validate_json(document)


def plan_of(version: PlanVersion) -> Plan:
    return _plan(version.id, version.document) if version.id else stored_plan(version)


@st.cache_data(show_spinner=False, max_entries=16)
def measures(version_id: int, _plan: Plan, lang: str) -> pd.DataFrame:
    return catalog.measures_frame(_plan, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def bodies(version_id: int, _plan: Plan, lang: str) -> pd.DataFrame:
    return catalog.bodies_frame(_plan, lang)


def require_plan() -> tuple[PlanVersion, Plan]:
    """The loaded plan, or a clear message and a stop when none is loaded."""
    version = loaded_version()
    if version is None:
        st.info(t("plan.no_plan"))
        st.stop()
    return version, plan_of(version)


def deadline_text(deadline, continuous: bool) -> str:
    return t("deadline.continuous") if continuous else date_text(deadline)


def date_text(day) -> str:
    """Dates as people in Portugal write them (and the English pages keep one format)."""
    return "" if day is None or pd.isna(day) else f"{day:%d/%m/%Y}"


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


def show_measures(frame: pd.DataFrame, *, extra: dict[str, list] | None = None) -> None:
    """A list of measures that fits the page: the title gets the room, codes and dates little."""
    table = measure_table(frame)
    for position, (name, values) in enumerate((extra or {}).items(), start=2):
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


def measure_link(code: str, label: str) -> None:
    st.page_link(
        "pages/measure.py",
        label=label,
        icon=":material/open_in_new:",
        query_params={"code": code, "lang": language()},
    )


# ---- who is signed in --------------------------------------------------------------------


def session_user() -> Actor | None:
    """The signed-in person, or None. An idle session expires; an account made inactive or
    removed since sign-in is signed out at its next click."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return _oidc_user()
    timeout = get_settings().session_timeout_minutes * 60
    if time.time() - st.session_state.get("last_seen", 0) > timeout:
        sign_out(t("login.expired"))
        return None
    st.session_state["last_seen"] = time.time()
    with session_scope(db()) as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            sign_out()
            return None
        return actor_for(session, user)


def sign_in(user: User) -> None:
    st.session_state["user_id"] = user.id
    st.session_state["last_seen"] = time.time()


def sign_out(message: str = "") -> None:
    for key in ("user_id", "last_seen"):
        st.session_state.pop(key, None)
    if message:
        st.session_state["flash"] = message


def oidc_configured() -> bool:
    """Sign-in through an OpenID Connect provider, when `[auth]` is set in secrets.toml."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # noqa: BLE001  (a malformed secrets file must not stop the app)
        return False


def _oidc_user() -> Actor | None:
    """A person signed in with the provider is matched to an account by e-mail."""
    if not oidc_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    with session_scope(db()) as session:
        user = user_by_email(session, str(st.user.get("email", "")))
        if user is None or not user.is_active:
            return None
        sign_in(user)
        return actor_for(session, user)


def refusal_text(error: ReportRejected) -> str:
    return t(f"error.{error.key}", **error.params)


# ---- months ------------------------------------------------------------------------------


def month_picker(plan_start: dt.date, *, label_key: str = "report.month", key: str = "month") -> str:
    """Months from the plan's start to now, newest first; the default is the oldest month
    still open for reporting, which is the one people usually need."""
    today = dt.date.today()
    months = months_between(month_of(plan_start), month_of(today))[::-1]
    previous = add_months(month_of(today), -1)
    default = previous if today <= closes_on(previous, get_settings().closing_day) else month_of(today)
    asked = st.query_params.get("month", default)
    index = months.index(asked) if asked in months else 0
    month = st.selectbox(t(label_key), months, index=index, key=key)
    st.query_params["month"] = month
    return month
