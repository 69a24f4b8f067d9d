"""The report history's keyed chain: a row changed, inserted or removed outside the app is found
and named; the linker never adopts a row the app did not write; a published anchor certifies
the history up to it, even against someone who holds the key."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, text, update
from sqlmodel import Session

from monitoring import audit_chain
from monitoring.audit_chain import (
    GENESIS,
    Anchor,
    AuditKeyError,
    audit_keys,
    chain_anchor,
    ensure_audit_key,
    key_id,
    link,
    link_pending,
    row_mac,
    verify_chain,
    wait_for_linker,
)
from monitoring.cli import main
from monitoring.reporting import submit_reports
from monitoring.settings import Settings, get_settings
from monitoring.tables import AuditHead, AuditPending, IndicatorValue, StatusRevision
from tests.conftest import TEST_AUDIT_KEY

NOW = dt.datetime(2020, 4, 3, tzinfo=dt.UTC)
OTHER_KEY = "a1" * 32


def submit(session, world, month: str, stage: str = "in_progress", measures=("M001", "M003")) -> list[int]:
    rows = [{"measure": m, "stage": stage, "indicators": {f"I{m[1:]}": 10} if m == "M001" else {}}
            for m in measures]  # fmt: skip
    result = submit_reports(session, actor=world["secretariat"], month=month, rows=rows, now=NOW)
    session.commit()
    assert wait_for_linker()  # PostgreSQL links in the process's linker thread, soon after commit
    return [r.revision_id for r in result.saved]


@pytest.fixture
def history(session, world):
    for month, stage in (("2020-01", "not_started"), ("2020-02", "in_progress"), ("2020-03", "in_progress")):
        submit(session, world, month, stage)
    return session


def problems(session, anchor: Anchor | None = None) -> list[tuple]:
    session.expire_all()
    return [(p.what, p.revision_id, p.params.get("detail") or p.params.get("first"))
            for p in verify_chain(session, "TEST", anchor).problems]  # fmt: skip


def forge(session, *, like: int = 6, **changes) -> int:
    """A revision inserted straight into the table, as someone with database access would."""
    row = session.execute(select(StatusRevision.__table__).where(StatusRevision.id == like)).mappings().one()
    values = {k: v for k, v in row.items() if k != "id"} | {"row_mac": None, "key_id": None, "chain_seq": None,
                                                             "chain_hash": None, "done": "forged"} | changes  # fmt: skip
    new_id = session.execute(insert(StatusRevision).returning(StatusRevision.id), [values]).scalar_one()
    session.commit()
    return new_id


def test_an_untouched_history_verifies(history):
    report = verify_chain(history, "TEST")
    assert (report.checked, report.linked, report.waiting, report.problems) == (6, 6, 0, [])
    assert chain_anchor(history, "TEST").revision_id == 6


def test_each_revision_names_the_key_that_signed_it(history):
    keys = set(history.scalars(select(StatusRevision.key_id)))
    assert keys == {key_id(bytes.fromhex(TEST_AUDIT_KEY))}
    assert history.scalar(select(func.count()).select_from(AuditPending)) == 0  # nothing left waiting


def test_a_changed_stage_is_a_changed_row(history):
    history.execute(text("UPDATE status_revision SET stage = 'completed' WHERE id = 3"))
    assert problems(history) == [("changed", 3, "content")]


def test_a_changed_indicator_value_is_a_changed_row(history):
    history.execute(text("UPDATE indicator_value SET value = 99 WHERE revision_id = 1"))
    assert problems(history) == [("changed", 1, "content")]


def test_an_indicator_value_added_afterwards_is_a_changed_row(history):
    history.execute(insert(IndicatorValue).values(revision_id=4, indicator_code="I003", value=5))
    assert problems(history) == [("changed", 4, "content")]


def test_a_removed_revision_is_a_missing_row_at_its_position(history):
    history.execute(text("DELETE FROM status_revision WHERE id = 4"))
    [found] = verify_chain(history, "TEST").problems
    assert (found.what, found.revision_id, found.params) == (
        "missing",
        5,
        {"first": 4, "last": 4, "after": 3},
    )


def test_removing_the_newest_revisions_is_found_from_the_head(history):
    history.execute(text("DELETE FROM indicator_value WHERE revision_id = 5"))
    history.execute(text("DELETE FROM status_revision WHERE id IN (5, 6)"))
    [found] = verify_chain(history, "TEST").problems
    assert (found.what, found.params) == ("missing", {"first": 5, "last": 6, "after": 4})


def test_a_changed_link_is_a_changed_row(history):
    history.execute(text("UPDATE status_revision SET chain_hash = :h WHERE id = 2"), {"h": "f" * 64})
    assert problems(history) == [("changed", 2, "link"), ("changed", 3, "link")]


def test_a_row_inserted_directly_is_never_adopted_by_later_submissions(history, world):
    forged = forge(history, month="2020-03")
    later = submit(history, world, "2020-04", "in_progress")  # an ordinary submission links its own rows
    history.expire_all()
    assert history.get(StatusRevision, forged).chain_seq is None  # not adopted
    assert all(history.get(StatusRevision, i).chain_seq is not None for i in later)
    assert problems(history) == [("not_written", forged, None)]


def test_a_row_listed_for_the_linker_by_hand_is_refused(history, world):
    forged = forge(history)
    history.execute(insert(AuditPending).values(revision_id=forged, plan_code="TEST", row_mac="0" * 64,
                                                key_id=audit_keys().current_id))  # fmt: skip
    history.commit()
    assert link_pending(history, "TEST").refused == [forged]
    history.commit()
    submit(history, world, "2020-04")
    assert problems(history) == [("not_written", forged, None)]


def test_a_row_forged_into_the_chain_with_a_made_up_link_is_not_written_by_the_app(history):
    forged = forge(
        history, chain_seq=7, row_mac="1" * 64, key_id=audit_keys().current_id, chain_hash="2" * 64
    )
    history.execute(update(AuditHead).values(last_seq=7, last_revision_id=forged, last_hash="2" * 64))
    found = problems(history)
    assert ("not_written", forged, None) in found and ("head_mismatch", forged, None) in found


def test_a_chain_recomputed_without_the_key_is_found(history):
    """Someone with database access rebuilds every signature and link with a key of their own."""
    their_key = bytes.fromhex(OTHER_KEY)
    rows = history.execute(select(StatusRevision.__table__).order_by(StatusRevision.id)).mappings().all()
    history.execute(text("UPDATE status_revision SET stage = 'completed' WHERE id = 2"))
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        fresh = history.execute(select(StatusRevision.__table__).where(StatusRevision.id == row["id"]))
        fresh = fresh.mappings().one()
        values = dict(history.execute(select(IndicatorValue.indicator_code, IndicatorValue.value)
                                      .where(IndicatorValue.revision_id == row["id"])).all())  # fmt: skip
        mac = row_mac(their_key, fresh, values)
        previous = link(their_key, previous, seq, row["id"], mac)
        history.execute(update(StatusRevision).where(StatusRevision.id == row["id"])
                        .values(row_mac=mac, chain_hash=previous))  # fmt: skip
    history.execute(update(AuditHead).values(last_hash=previous))
    history.commit()
    found = problems(history)
    assert [(w, i) for w, i, _ in found if w == "not_written"] == [("not_written", n) for n in range(1, 7)]
    assert main(["verify-audit"]) == 1


def test_the_keys_own_name_does_not_forge_a_row(history):
    """Another key id on a row only makes it unverifiable, and that is reported."""
    history.execute(text("UPDATE status_revision SET key_id = 'ffffffffffffffff' WHERE id = 2"))
    assert ("unknown_key", 2, None) in problems(history)


def test_history_changed_before_a_published_anchor_is_found_even_with_the_key(history, world):
    """An insider with the key changes an old row and links the whole chain again: the chain is
    consistent, but the anchor printed on an earlier balance no longer matches."""
    published = chain_anchor(history, "TEST")
    submit(history, world, "2020-04")
    history.execute(text("UPDATE status_revision SET done = 'rewritten' WHERE id = 2"))
    relink_everything(history)
    assert problems(history) == []  # without the anchor, nothing shows
    assert problems(history, published) == [("anchor_mismatch", published.revision_id, None)]
    assert problems(history, chain_anchor(history, "TEST")) == []  # the new head certifies the new history


def test_a_changed_row_before_the_anchor_is_counted_against_it(history, world):
    published = chain_anchor(history, "TEST")
    submit(history, world, "2020-04")
    history.execute(text("UPDATE status_revision SET stage = 'completed' WHERE id = 2"))
    found = problems(history, published)
    assert ("changed", 2, "content") in found and ("before_anchor", published.revision_id, None) in found
    assert problems(history, Anchor(8, chain_anchor(history, "TEST").chain_hash))[:1] == [
        ("changed", 2, "content")
    ]


def relink_everything(session: Session) -> None:
    keys = audit_keys()
    rows = session.execute(select(StatusRevision.__table__).order_by(StatusRevision.id)).mappings().all()
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        values = dict(session.execute(select(IndicatorValue.indicator_code, IndicatorValue.value)
                                      .where(IndicatorValue.revision_id == row["id"])).all())  # fmt: skip
        mac = row_mac(keys.current, row, values)
        previous = link(keys.current, previous, seq, row["id"], mac)
        session.execute(update(StatusRevision).where(StatusRevision.id == row["id"])
                        .values(row_mac=mac, chain_seq=seq, chain_hash=previous))  # fmt: skip
    session.execute(
        update(AuditHead).values(last_seq=len(rows), last_revision_id=rows[-1]["id"], last_hash=previous)
    )
    session.commit()


def test_verify_audit_names_each_problem_and_exits_non_zero(history, database_url, capsys):
    assert main(["verify-audit"]) == 0
    assert (
        "TEST: revisions checked 6, linked 6, waiting to be linked 0; problems found: 0."
        in capsys.readouterr().out
    )
    history.execute(text("UPDATE status_revision SET done = 'rewritten' WHERE id = 2"))
    history.execute(text("DELETE FROM status_revision WHERE id = 4"))
    history.commit()
    forged = forge(history)
    assert main(["verify-audit"]) == 1
    out = capsys.readouterr().out
    assert (
        "revision 2: changed row: its content (or an indicator value) no longer matches its signature" in out
    )
    assert "revision 5: missing from the chain: positions 4 to 4 (after revision 3)" in out
    assert f"revision {forged}: row not written by the app (no valid signature; never linked)" in out
    assert main(["verify-audit", "--lang", "pt"]) == 1
    assert "linha não escrita pela aplicação" in capsys.readouterr().out


def test_verify_audit_checks_an_anchor(history, database_url, capsys):
    anchor = str(chain_anchor(history, "TEST"))
    assert main(["verify-audit", "--anchor", anchor]) == 0
    assert "Anchor: the history up to revision 6 is unchanged." in capsys.readouterr().out
    history.execute(text("DELETE FROM status_revision WHERE id = 6"))
    history.commit()
    assert main(["verify-audit", "--anchor", anchor]) == 1
    assert "Anchor: revision 6 is no longer in the database." in capsys.readouterr().out
    assert main(["verify-audit", "--anchor", "6:abc"]) == 1
    assert "Invalid anchor: 6:abc" in capsys.readouterr().err


def test_verify_audit_links_what_the_app_listed_before_checking(history, database_url, capsys):
    """A revision signed and listed but not linked yet (the linker did not run) is linked by the
    next reader, not reported and not left behind."""
    new_id = forge(history, done="signed by the app")
    row = (
        history.execute(select(StatusRevision.__table__).where(StatusRevision.id == new_id)).mappings().one()
    )
    keys = audit_keys()
    history.execute(insert(AuditPending).values(revision_id=new_id, plan_code="TEST", key_id=keys.current_id,
                                                row_mac=row_mac(keys.current, row, {})))  # fmt: skip
    history.commit()
    assert verify_chain(history, "TEST").waiting == 1 and problems(history) == []
    assert main(["verify-audit"]) == 0
    history.expire_all()
    assert history.get(StatusRevision, new_id).chain_seq == 7


def test_a_rolled_back_submission_leaves_nothing_listed(session, world):
    submit_reports(session, actor=world["secretariat"], month="2020-01",
                   rows=[{"measure": "M001", "stage": "in_progress"}], now=NOW)  # fmt: skip
    session.rollback()
    assert session.scalar(select(func.count()).select_from(AuditPending)) == 0
    assert session.scalar(select(func.count()).select_from(StatusRevision)) == 0


def test_on_a_server_database_the_linker_runs_after_commit(session, world, database_url):
    """PostgreSQL: a submission only signs and lists its rows; the process's linker thread chains
    them after the commit, in a transaction of its own. SQLite links inside the submission."""
    submit_reports(session, actor=world["secretariat"], month="2020-01",
                   rows=[{"measure": "M001", "stage": "in_progress"}], now=NOW)  # fmt: skip
    listed = session.scalar(select(func.count()).select_from(AuditPending))
    assert listed == (1 if database_url.startswith("postgresql") else 0)
    session.commit()
    assert wait_for_linker()
    assert session.scalar(select(func.count()).select_from(AuditPending)) == 0
    assert verify_chain(session, "TEST").linked == 1


def test_a_burst_of_submissions_is_linked_in_few_linker_runs(session, world, database_url, monkeypatch):
    """Requests that arrive while the linker works wait for its next pass: one pass can link
    several submissions, and every one of them is linked in the end."""
    runs = []
    original = audit_chain.link_pending
    monkeypatch.setattr(audit_chain, "link_pending", lambda *a: runs.append(1) or original(*a))
    for month in ("2020-01", "2020-02", "2020-03", "2020-04"):
        submit(session, world, month)
    assert wait_for_linker()
    session.expire_all()
    report = verify_chain(session, "TEST")
    assert (report.linked, report.waiting, report.problems) == (8, 0, [])
    assert len(runs) <= (4 if database_url.startswith("postgresql") else 0)


def test_rotated_keys_verify_old_rows_and_sign_new_ones(history, world, monkeypatch, tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text(TEST_AUDIT_KEY + "\n")
    monkeypatch.delenv("MONITORING_AUDIT_KEY")
    monkeypatch.setenv("MONITORING_AUDIT_KEY_FILE", str(key_file))
    get_settings.cache_clear()
    assert main(["audit-key", "--rotate", str(key_file)]) == 0
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    new, old = key_file.read_text().split()
    assert old == TEST_AUDIT_KEY and audit_keys().current_id == key_id(bytes.fromhex(new))
    [revision] = submit(history, world, "2020-04", measures=("M001",))
    history.expire_all()
    assert history.get(StatusRevision, revision).key_id == key_id(bytes.fromhex(new))
    assert problems(history) == []
    key_file.write_text(new + "\n")  # the retired key dropped: its rows can no longer be checked
    audit_chain.forget_keys()
    assert problems(history)[0][0] == "unknown_key"


def test_audit_key_prints_a_fresh_key(capsys):
    assert main(["audit-key"]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["audit-key"]) == 0
    assert len(first) == 64 and bytes.fromhex(first) and first != capsys.readouterr().out.strip()


def test_the_embedded_database_gets_a_key_file_on_first_start(session, monkeypatch, tmp_path):
    monkeypatch.delenv("MONITORING_AUDIT_KEY")
    monkeypatch.setenv("MONITORING_DATA_DIR", str(tmp_path / "data"))
    settings = Settings(database_url=None)
    keys = ensure_audit_key(session, settings)
    path = tmp_path / "data" / "audit.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert ensure_audit_key(session, settings) == keys  # kept, not replaced


def test_two_first_starts_at_once_agree_on_one_key(session, monkeypatch, tmp_path):
    import threading

    monkeypatch.delenv("MONITORING_AUDIT_KEY")
    settings = Settings(database_url=None, data_dir=tmp_path / "data")
    barrier, found = threading.Barrier(4), []

    def start() -> None:
        barrier.wait()
        found.append(audit_chain._write_new_key(tmp_path / "data" / "audit.key") or audit_keys(settings))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({keys.current_id for keys in found}) == 1
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["audit.key"]  # no half-written leftovers


def test_a_key_file_lost_after_signing_is_not_silently_replaced(history, monkeypatch, tmp_path):
    monkeypatch.delenv("MONITORING_AUDIT_KEY")
    settings = Settings(database_url=None, data_dir=tmp_path / "empty")
    with pytest.raises(AuditKeyError) as refused:
        ensure_audit_key(history, settings)
    assert refused.value.key == "audit_key_file_missing"
    assert not (tmp_path / "empty" / "audit.key").exists()


def test_a_server_database_without_a_key_is_refused(monkeypatch):
    monkeypatch.delenv("MONITORING_AUDIT_KEY")
    settings = Settings(database_url="postgresql://somewhere/gcm")
    with pytest.raises(AuditKeyError) as refused:
        audit_keys(settings)
    assert refused.value.key == "audit_key_missing"


@pytest.mark.parametrize("secret", ["secret", "ab" * 16, "zz" * 40, ", ,"])
def test_a_weak_or_malformed_key_is_refused(secret):
    with pytest.raises(AuditKeyError) as refused:
        audit_keys(Settings(audit_key=secret))
    assert refused.value.key == "audit_key_invalid"


def test_a_key_does_not_reveal_itself_through_its_id():
    key = bytes.fromhex(TEST_AUDIT_KEY)
    assert key_id(key) not in (TEST_AUDIT_KEY, hashlib.sha256(key).hexdigest()[:16])


# ---- any tampering, found and named (property) -----------------------------------------

CHANGES = {
    "stage": "'completed'", "percent": "77", "done": "done || ' (edited)'", "obstacles": "'none at all'",
    "evidence": "'[\"https://forged.example\"]'", "month": "'2019-12'", "body_code": "'IEFP'",
    "channel": "'excel'", "late": "NOT late", "plan_version_id": "plan_version_id",
}  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=st.sampled_from(["change", "delete", "insert", "value"]), target=st.integers(1, 6),
       column=st.sampled_from(sorted(CHANGES)))  # fmt: skip
def test_any_tampering_outside_the_app_is_found_and_named(history, how, target, column):
    """Whatever is changed, removed or added by hand, verify-audit names the row (and only
    the hand-made change is reported); undoing it makes the history verify again."""
    if how == "change" and column == "plan_version_id":
        column = "author_id"  # a real change: another author
    start = time.perf_counter()
    try:
        if how == "change":
            value = CHANGES.get(column, "CASE WHEN author_id = 4 THEN 1 ELSE 4 END")
            history.execute(
                text(f"UPDATE status_revision SET {column} = {value} WHERE id = :id"), {"id": target}
            )
            expected = [("changed", target, "content")]
        elif how == "value":
            target = target - (target + 1) % 2  # revisions 1, 3 and 5 carry an indicator value
            history.execute(
                text("UPDATE indicator_value SET value = value + 1 WHERE revision_id = :id"), {"id": target}
            )
            expected = [("changed", target, "content")]
        elif how == "delete":
            history.execute(text("DELETE FROM indicator_value WHERE revision_id = :id"), {"id": target})
            history.execute(text("DELETE FROM status_revision WHERE id = :id"), {"id": target})
            expected = [("missing", target + 1 if target < 6 else None, target)]
        else:
            row = (
                history.execute(select(StatusRevision.__table__).where(StatusRevision.id == target))
                .mappings()
                .one()
            )
            values = {k: v for k, v in row.items() if k not in ("id", *audit_chain.CHAIN)}
            new_id = history.execute(
                insert(StatusRevision).returning(StatusRevision.id), [values]
            ).scalar_one()
            expected = [("not_written", new_id, None)]
        assert problems(history) == expected
        assert time.perf_counter() - start < 10
    finally:
        history.rollback()
    assert problems(history) == []
