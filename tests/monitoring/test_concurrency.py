"""Many people reporting at the same moment: every revision kept, none lost, each body's
month opened once, and the later of two simultaneous saves of a measure told of the other.

Each thread has its own Session from the same engine, as the app's browser sessions do.
The 40-person run needs PostgreSQL (TEST_DATABASE_URL): SQLite has a single writer, so its
threads queue up rather than meet; a smaller run checks that SQLite queues them safely.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from monitoring.audit_chain import verify_chain, wait_for_linker
from monitoring.auth import Actor, Role, actor_for, create_user
from monitoring.completeness import body_completeness, measure_completeness
from monitoring.plan_store import load_plan
from monitoring.reporting import RowResult, SubmitResult, submit_reports
from monitoring.tables import BodyMonthEvent, StatusRevision
from plan import Plan
from plan.model import Body, BodyKind, Text
from tests.factories import make_measure, make_plan

MONTH = "2020-03"
NOW = dt.datetime(2020, 4, 5, 12, tzinfo=dt.UTC)  # within the month's reporting window
NEEDS_POSTGRES = "40 writers at once need PostgreSQL (set TEST_DATABASE_URL); SQLite has a single writer"


def at_once(engine: Engine, jobs: list[Callable[[Session], SubmitResult]]) -> list[SubmitResult]:
    """Run each job in its own thread and session, all released together; each commits its own work."""
    barrier = threading.Barrier(len(jobs))
    results: list[SubmitResult | BaseException | None] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                barrier.wait(timeout=30)
                results[index] = jobs[index](session)
                session.commit()
        except BaseException as error:  # re-raised below, in the test's own thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a submission hung (deadlock?)"
    for outcome in results:
        if isinstance(outcome, BaseException):
            raise outcome
    return results  # type: ignore[return-value]


def report(measure: int, done: str = "Trabalho do mês", based_on: int | None = None) -> dict:
    return {
        "measure": f"M{measure:03d}",
        "stage": "in_progress",
        "done": done,
        "indicators": {f"I{measure:03d}": measure},
        "based_on": based_on,
    }


def submit(actor: Actor, rows: list[dict]) -> Callable[[Session], SubmitResult]:
    return lambda session: submit_reports(session, actor=actor, month=MONTH, rows=rows, now=NOW)


def plan_of_bodies(count: int):
    """`count` bodies, each leading one measure alone."""
    bodies = tuple(
        Body(
            code=f"B{n:02d}", name=Text(pt=f"Entidade {n}", en=f"Body {n}"), kind=BodyKind.AREA_OF_GOVERNMENT
        )
        for n in range(1, count + 1)
    )
    measures = tuple(
        make_measure(n, "O01" if n % 2 else "O05", lead_body=f"B{n:02d}", co_bodies=())
        for n in range(1, count + 1)
    )
    return Plan.model_validate(make_plan().model_dump() | {"bodies": bodies, "measures": measures})


def focal_points(session: Session, bodies: list[str]) -> list[Actor]:
    actors = []
    for number, body in enumerate(bodies, start=1):
        user = create_user(session, email=f"fp{number}@example.pt", name=f"Focal point {number}",
                           role=Role.FOCAL_POINT, password="correct horse battery", bodies=(body,))  # fmt: skip
        actors.append(actor_for(session, user))
    session.commit()
    return actors


def submitted_events(session: Session) -> list[str]:
    query = select(BodyMonthEvent.body_code).where(BodyMonthEvent.event == "submitted")
    return sorted(session.scalars(query))


@pytest.mark.parametrize("people", [8, 40])
def test_focal_points_of_many_bodies_submitting_at_once_lose_nothing(session, engine, database_url, people):
    if people > 8 and not database_url.startswith("postgresql"):
        pytest.skip(NEEDS_POSTGRES)
    load_plan(session, plan_of_bodies(people))
    actors = focal_points(session, [f"B{n:02d}" for n in range(1, people + 1)])
    results = at_once(engine, [submit(actor, [report(n)]) for n, actor in enumerate(actors, start=1)])
    assert all(len(r.saved) == 1 and r.ok for r in results)
    session.expire_all()
    revisions = session.scalars(select(StatusRevision)).all()
    assert sorted(r.measure_code for r in revisions) == [f"M{n:03d}" for n in range(1, people + 1)]
    assert {r.id for r in revisions} == {r.saved[0].revision_id for r in results}
    assert submitted_events(session) == [f"B{n:02d}" for n in range(1, people + 1)]
    assert measure_completeness(session, month=MONTH)["reported"].sum() == people
    bodies = body_completeness(session, month=MONTH, today=NOW.date())
    assert (bodies["status"] == "complete").sum() == people
    assert wait_for_linker()
    chain = verify_chain(session, "TEST")  # every revision linked soon after the submissions committed
    assert (chain.checked, chain.linked, chain.waiting, chain.problems) == (people, people, 0, [])


def test_focal_points_of_one_body_submitting_at_once_open_its_month_once(session, engine):
    load_plan(session, make_plan(measures=16))  # M001, M003 ... M015 are led by MAI
    actors = focal_points(session, ["MAI"] * 8)
    results = at_once(engine, [submit(a, [report(2 * n + 1)]) for n, a in enumerate(actors)])
    assert all(len(r.saved) == 1 for r in results)
    session.expire_all()
    assert len(session.scalars(select(StatusRevision)).all()) == 8
    assert submitted_events(session) == ["MAI"]


def later_and_earlier(results: list[SubmitResult]) -> tuple[RowResult, RowResult]:
    saved = sorted((r.saved[0] for r in results), key=lambda row: row.revision_id)
    return saved[1], saved[0]


@pytest.mark.parametrize("round_", range(5))
def test_two_saves_of_one_measure_at_once_are_both_kept_and_the_later_author_is_told(session, engine, round_):
    load_plan(session, make_plan(measures=2))
    first, second = focal_points(session, ["MAI", "MAI"])
    results = at_once(
        engine, [submit(first, [report(1, "Versão A")]), submit(second, [report(1, "Versão B")])]
    )
    later, earlier = later_and_earlier(results)
    session.expire_all()
    revisions = session.scalars(select(StatusRevision).order_by(StatusRevision.id)).all()
    assert [r.id for r in revisions] == [earlier.revision_id, later.revision_id]
    assert later.notice == "changed_meanwhile"  # both started from nothing: the later overwrote the earlier
    assert earlier.notice == ""
    author = {first.id: first.name, second.id: second.name}[revisions[0].author_id]
    assert later.notice_params == {"author": author}


@pytest.mark.parametrize("round_", range(3))
def test_focal_points_of_two_bodies_saving_one_shared_measure_at_once_are_told(session, engine, round_):
    """Their bodies' months differ, the measure's month is the same: the later author hears of
    the other revision."""
    shared = make_measure(1, lead_body="SEF", co_bodies=("IEFP",))
    load_plan(session, make_plan(measures=2).model_copy(update={"measures": (shared, make_measure(2))}))
    sef, iefp = focal_points(session, ["SEF", "IEFP"])
    results = at_once(engine, [submit(sef, [report(1, "Do SEF")]), submit(iefp, [report(1, "Do IEFP")])])
    later, earlier = later_and_earlier(results)
    assert (later.notice, earlier.notice) == ("changed_meanwhile", "")
    assert sorted(submitted_events(session)) == ["IEFP", "SEF"]


def test_a_save_based_on_the_current_revision_is_not_flagged(session, engine):
    load_plan(session, make_plan(measures=2))
    first, second = focal_points(session, ["MAI", "MAI"])
    (done,) = at_once(engine, [submit(first, [report(1, "Versão A")])])
    current = done.saved[0].revision_id
    (again,) = at_once(engine, [submit(second, [report(1, "Versão B", based_on=current)])])
    assert again.saved[0].notice == ""


def test_the_linker_after_commit_needs_no_second_connection(session, database_url, monkeypatch):
    """The submission's connection is back in the pool before the linker asks for one, so a pool
    of one connection is enough."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import QueuePool

    load_plan(session, make_plan(measures=2))
    [actor] = focal_points(session, ["MAI"])
    small = create_engine(database_url, poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=2)
    try:
        with Session(small, expire_on_commit=False) as own:
            result = submit_reports(own, actor=actor, month=MONTH, rows=[report(1)], now=NOW)
            own.commit()
        assert wait_for_linker()
        assert result.ok and verify_chain(session, "TEST").linked == 1
    finally:
        small.dispose()
