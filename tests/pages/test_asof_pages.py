"""Dashboards, the brief and the public page show the record and offer the later corrections.

SEF reports M001 completed for June 2020 on 3 July; on 1 August, after the month closed, its
validator sends the month back: the record as of June keeps M001 completed, the corrections
do not.
"""

from __future__ import annotations

import datetime as dt

import pytest

from monitoring.reporting import send_back, submit_reports

AS_OF = "2020-06"


@pytest.fixture
def sent_back_later(session, world):
    row = {"measure": "M001", "stage": "completed", "evidence": "https://example.org/m001"}
    submit_reports(
        session, actor=world["fp_sef"], month=AS_OF, rows=[row], now=dt.datetime(2020, 7, 3, tzinfo=dt.UTC)
    )
    send_back(session, actor=world["validator_sef"], month=AS_OF, body="SEF", comment="Evidence?",
              now=dt.datetime(2020, 8, 1, tzinfo=dt.UTC))  # fmt: skip
    session.commit()
    return session


def completed(at) -> int:
    return next(int(m.value) for m in at.metric if m.label in ("Concluídas", "Concluída"))


@pytest.mark.parametrize(("basis", "expected"), [(None, 1), ("corrected", 0)])
def test_the_overview_shows_the_record_unless_asked_for_corrections(app_as, sent_back_later, basis, expected):
    query = {"as_of": AS_OF} | ({"basis": basis} if basis else {})
    at = app_as("committee", **query).run()
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    assert completed(at) == expected
    captions = " ".join(c.value for c in at.caption)
    assert ("Registo" in captions) is (basis is None) and ("correções posteriores" in captions) is bool(basis)


def test_the_brief_says_which_basis_it_shows(app_as, sent_back_later):
    at = app_as("committee", as_of=AS_OF).run()
    at.switch_page("pages/brief.py").run()
    assert not at.exception
    header = " ".join(e.proto.body for e in at.get("html"))  # the printed header, not a caption
    assert "hora de Europe/Lisbon" in header


def test_the_public_page_shows_the_record_and_offers_the_corrections(start_app, sent_back_later):
    at = start_app().run()
    at.switch_page("pages/public.py").run()
    at.selectbox[0].select(AS_OF).run()
    assert not at.exception
    assert completed(at) == 1 and "Registo" in " ".join(c.value for c in at.caption)
    at.button_group[0].set_value("corrected").run()
    assert completed(at) == 0
