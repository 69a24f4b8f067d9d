"""What every page shares: the language, the database, the loaded plan, small widgets."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from monitoring import catalog
from monitoring.db import engine_for, session_scope
from monitoring.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from monitoring.plan_store import current_version, prepare_database, stored_plan
from monitoring.settings import get_settings
from monitoring.tables import PlanVersion
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
    return t("deadline.continuous") if continuous else deadline.isoformat()


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


def measure_link(code: str, label: str) -> None:
    st.page_link(
        "pages/measure.py", label=label, icon=":material/open_in_new:",
        query_params={"code": code, "lang": language()},
    )  # fmt: skip
