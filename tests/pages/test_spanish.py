"""A Spanish plan and the Spanish interface: the app starts in the plan's first language, and a
Spanish-speaking secretariat can go through every page with no text left as a key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitoring.i18n import CATALOGUE
from plan import read_plan_file

SPANISH = Path(__file__).resolve().parents[1] / "plans" / "plan_es_en.yaml"
PAGES = [
    "plan", "measure", "bodies", "public", "dashboard", "trends", "indicators", "brief", "report",
    "report_excel", "validate", "balance", "completeness", "audit", "users", "load_plan", "account",
]  # fmt: skip
KEY_LIKE = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b")


def everything_shown(at) -> str:
    kinds = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [str(getattr(e, "label", "")) for kind in ("button", "selectbox", "multiselect", "radio", "toggle")
              for e in getattr(at, kind)]  # fmt: skip
    parts += [" ".join(map(str, frame.value.columns)) for frame in at.dataframe]
    return "\n".join(parts)


def keys_left(at) -> set[str]:
    return {k for k in KEY_LIKE.findall(everything_shown(at)) if k in CATALOGUE}


def test_the_app_starts_in_the_spanish_plan_s_language(start_app):
    at = start_app(read_plan_file(SPANISH)).run()
    assert not at.exception
    assert at.title[0].value == "Plan de prueba de aplicación del Pacto Mundial para la Migración"
    switch = at.sidebar.radio[0]
    assert switch.value == "es" and switch.options[:2] == ["Español", "English"]
    assert "Medidas" in [m.label for m in at.metric]


@pytest.mark.parametrize("page", PAGES)
def test_a_spanish_speaking_secretariat_runs_every_page(app_as, world, page):
    at = app_as("secretariat", lang="es").switch_page(f"pages/{page}.py").run()
    assert not at.exception
    assert not keys_left(at), f"untranslated keys on {page}: {keys_left(at)}"
    assert at.session_state["lang"] == "es"
