"""What is published is validated: stages and indicator values count from submission, but free
text people wrote reaches the balance workbook and the open data only from validated months (and
the open data only when the settings allow it); the public page shows none. Every output carries
the audit chain's anchor, which verify-audit accepts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest

from monitoring.cli import main
from monitoring.export import balance_tables, open_data_bytes, public_tables, workbook_bytes
from monitoring.progress import Basis
from monitoring.reporting import submit_reports, unlock_month, validate_month
from monitoring.settings import get_settings

AS_OF = "2020-03"
EMAIL = "maria.silva@sef.example.pt"
PHONE = "+351 912 345 678"
UNVALIDATED = f"Falar com {EMAIL} ou {PHONE} sobre o processo"
VALIDATED = "Protocolo assinado com as autarquias"


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2020, month, day, 12, tzinfo=dt.UTC)


@pytest.fixture
def reports(session, world):
    """SEF's March is validated with a clean narrative; IEFP's is only submitted, and its texts
    hold an e-mail address and a phone number."""
    sef = [{"measure": "M001", "stage": "in_progress", "done": VALIDATED, "indicators": {"I001": 5}}]
    iefp = [{"measure": "M002", "stage": "in_progress", "done": UNVALIDATED, "obstacles": UNVALIDATED,
             "next_steps": UNVALIDATED, "indicators": {"I002": 7}}]  # fmt: skip
    for actor, rows in ((world["fp_sef"], sef), (world["fp_iefp"], iefp)):
        assert submit_reports(session, actor=actor, month=AS_OF, rows=rows, now=at(4, 2)).ok
    validate_month(session, actor=world["validator_sef"], month=AS_OF, body="SEF", now=at(4, 3))
    session.commit()
    return world


def unzipped(data: bytes) -> list[str]:
    """Every part of a ZIP as text, a workbook inside it (the open data's tables.xlsx) opened too."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(n, archive.read(n)) for n in archive.namelist()]
    return [
        t
        for n, part in parts
        for t in (unzipped(part) if n.endswith(".xlsx") else [part.decode("utf-8", "replace")])
    ]


def published(session, *, open_data: str = "none", workbook: str = "validated", monkeypatch) -> dict:
    """Every public output as text: the workbook's XML parts, the open data's files, the public tables."""
    monkeypatch.setenv("MONITORING_NARRATIVES_IN_OPEN_DATA", open_data)
    monkeypatch.setenv("MONITORING_NARRATIVES_IN_WORKBOOK", workbook)
    get_settings.cache_clear()
    outputs = {}
    for language in ("pt", "en"):
        balance = balance_tables(session, as_of=AS_OF, language=language, today=dt.date(2020, 5, 1))
        for kind, data in (("workbook", workbook_bytes(balance)), ("open_data", open_data_bytes(balance))):
            outputs[f"{kind}.{language}"] = "\n".join(unzipped(data))
        outputs[f"public.{language}"] = "\n".join(t.to_csv() for t in public_tables(balance).values())
    return outputs


@pytest.mark.parametrize("open_data", ["none", "validated"])
def test_an_unvalidated_narrative_with_an_email_and_a_phone_is_in_no_public_output(
    session, reports, monkeypatch, open_data
):
    for name, text in published(session, open_data=open_data, monkeypatch=monkeypatch).items():
        for secret in (EMAIL, PHONE, "maria.silva", "912 345"):
            assert secret not in text, f"{secret!r} published in {name}"


def test_stages_and_values_of_a_submitted_month_are_published(session, reports):
    balance = balance_tables(session, as_of=AS_OF, language="en", today=dt.date(2020, 5, 1))
    measures = balance.tables["measures"].set_index("code")
    assert measures.loc["M002", "stage"] == "in_progress"  # submitted, not validated: counted
    indicators = balance.tables["indicators"].set_index("indicator")
    assert indicators.loc["I002", "latest"] == 7


def test_a_validated_narrative_is_in_the_workbook_with_its_month(session, reports, monkeypatch):
    outputs = published(session, monkeypatch=monkeypatch)
    assert VALIDATED in outputs["workbook.pt"] and VALIDATED not in outputs["public.pt"]
    assert VALIDATED not in outputs["open_data.pt"]  # none in open data unless the setting says so
    assert VALIDATED in published(session, open_data="validated", monkeypatch=monkeypatch)["open_data.en"]
    balance = balance_tables(session, as_of=AS_OF, language="en", today=dt.date(2020, 5, 1))
    row = balance.tables["measures"].set_index("code").loc["M001"]
    assert (row["last_narrative"], row["narrative_month"]) == (VALIDATED, AS_OF)


def test_a_month_validated_after_its_close_publishes_its_text_only_with_later_corrections(session, reports):
    validate_month(session, actor=reports["secretariat"], month=AS_OF, body="IEFP", now=at(4, 20))
    session.commit()
    today = dt.date(2020, 5, 1)
    record = balance_tables(session, as_of=AS_OF, language="en", today=today)
    corrected = balance_tables(session, as_of=AS_OF, language="en", today=today, basis=Basis.CORRECTED)
    on_record = record.tables["measures"].set_index("code").loc["M002"]
    later = corrected.tables["measures"].set_index("code").loc["M002"]
    # not validated at the close: no text on the record
    assert on_record["last_narrative"] == "" and pd.isna(on_record["narrative_month"])
    assert (later["last_narrative"], later["narrative_month"]) == (UNVALIDATED, AS_OF)


def test_no_narrative_at_all_when_the_workbook_setting_says_none(session, reports, monkeypatch):
    outputs = published(session, workbook="none", monkeypatch=monkeypatch)
    assert VALIDATED not in outputs["workbook.en"]
    assert "Latest validated narrative" not in outputs["workbook.en"]


def test_an_unlocked_month_is_no_longer_validated_text(session, reports, monkeypatch):
    unlock_month(
        session, actor=reports["secretariat"], month=AS_OF, body="SEF", reason="correção", now=at(4, 8)
    )
    session.commit()
    assert VALIDATED not in published(session, monkeypatch=monkeypatch)["workbook.pt"]


def test_the_method_says_what_counts_from_submission(session, reports, monkeypatch):
    outputs = published(session, monkeypatch=monkeypatch)
    assert "narratives (free text) are published only from validated months" in outputs["workbook.en"]
    assert "Narratives (free text) are not part of the open data." in outputs["open_data.en"]


def test_every_balance_carries_the_anchor_that_verify_audit_accepts(session, reports, database_url, capsys):
    balance = balance_tables(session, as_of=AS_OF, language="en", today=dt.date(2020, 5, 1))
    session.commit()
    revision, digest = balance.anchor.split(":")
    assert int(revision) == 2 and len(digest) == 64
    readme = zipfile.ZipFile(io.BytesIO(open_data_bytes(balance))).read("README.txt").decode()
    assert f"Audit chain anchor: {balance.anchor}." in readme
    assert main(["verify-audit", "--anchor", balance.anchor]) == 0
    cover = pd.read_excel(io.BytesIO(workbook_bytes(balance)), sheet_name=0, header=None)
    assert balance.anchor in cover.astype(str).to_numpy().ravel().tolist()
