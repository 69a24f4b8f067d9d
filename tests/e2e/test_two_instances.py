"""Two app instances behind a load balancer share one PostgreSQL database and agree: a browser
signed in through one is signed in on the other (no sticky sessions), and a report saved through
one is seen on the next rerun in the other (no per-process cache goes stale)."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from monitoring import formats
from monitoring.settings import normalise_url
from tests.e2e.conftest import ROOT, _cli, serve
from tests.e2e.ui import TIMEOUT, fill_sign_in, nav_link, settle, sign_in

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not PG_URL, reason="two instances share a PostgreSQL server: set TEST_DATABASE_URL"),
]
COMMITTEE = ("comissao@e2e.example.pt", "Comissão E2E", "committee", "committee password e2e")
FOCAL = ("sef@e2e.example.pt", "Ponto focal SEF", "focal_point", "focal point password e2e")


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory) -> Iterator[dict[str, str]]:
    """A database of its own on the test server, with the plan and two accounts; the env for both apps."""
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"gcm_two_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(PG_URL).rsplit("/", 1)[0] + f"/{name}"
    env = {**os.environ, "DATABASE_URL": url, "MONITORING_DATA_DIR": str(tmp_path_factory.mktemp("two"))}
    try:
        _cli(env, "load-plan", str(ROOT / "data" / "pnipgm.yaml"))
        for email, person, role, password in (COMMITTEE, FOCAL):
            bodies = ["--body", "SEF"] if role == "focal_point" else []
            _cli(
                env,
                "create-user",
                "--email",
                email,
                "--name",
                person,
                "--role",
                role,
                *bodies,
                "--password-stdin",
                stdin=password + "\n",
            )
        yield env
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def not_reported(page: Page) -> int:
    metric = page.get_by_test_id("stMetric").filter(has_text="Sem reporte")
    return int(metric.get_by_test_id("stMetricValue").inner_text())


def test_a_report_saved_through_one_instance_shows_in_the_other(shared_database, browser, tmp_path):
    month = dt.date.today().strftime("%Y-%m")
    with (
        serve(shared_database, tmp_path / "a.log") as first,
        serve(shared_database, tmp_path / "b.log") as second,
    ):
        committee = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        committee.goto(f"{second}/dashboard?as_of={month}")
        fill_sign_in(committee, COMMITTEE[0], COMMITTEE[3])
        expect(committee.get_by_role("heading", name="Visão geral")).to_be_visible(timeout=TIMEOUT)
        settle(committee)
        before = not_reported(committee)

        focal = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        sign_in(focal, first, FOCAL[0], FOCAL[3])
        # The same browser on the other instance, with no sticky session: signed in there too.
        elsewhere = focal.context.new_page()
        elsewhere.goto(f"{second}/report")
        settle(elsewhere)
        expect(nav_link(elsewhere, "A minha conta")).to_be_visible(timeout=TIMEOUT)
        expect(elsewhere.get_by_role("heading", name="Reporte mensal")).to_be_visible(timeout=TIMEOUT)
        elsewhere.close()
        nav_link(focal, "Reporte mensal").click()
        expect(focal.get_by_role("heading", name="Reporte mensal")).to_be_visible(timeout=TIMEOUT)
        settle(focal)
        # The plan has ended: the page opens on its last followed month; this month is chosen.
        picker = focal.get_by_test_id("stMain").get_by_test_id("stSelectbox")
        picker.filter(has=focal.get_by_text("Mês de reporte", exact=True)).click()
        shown = formats.month(month, "pt")  # months are written for people: "nov. 2026"
        focal.keyboard.type(shown, delay=20)
        expect(focal.get_by_role("option", name=shown, exact=True)).to_be_visible(timeout=TIMEOUT)
        focal.keyboard.press("Enter")
        settle(focal)
        focal.get_by_role("button", name="Sem alterações").click()
        expect(focal.get_by_text(re.compile(r"^Guardado: \d+ medida"))).to_be_visible(timeout=TIMEOUT)

        # The next rerun of the committee's page, as Streamlit's "R" key asks for one.
        committee.get_by_role("heading", name="Visão geral").click()
        committee.keyboard.press("r")
        expect(committee.get_by_test_id("stMetric").filter(has_text="Sem reporte")).not_to_contain_text(
            str(before), timeout=TIMEOUT
        )
        settle(committee)
        assert not_reported(committee) < before
