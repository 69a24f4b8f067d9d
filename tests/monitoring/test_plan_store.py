"""Storing plans: versions, history kept across versions, one transaction, schema by Alembic."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select
from sqlmodel import SQLModel

from monitoring.db import schema_is_current, table_names
from monitoring.plan_store import (
    current_version,
    load_plan,
    plan_versions,
    prepare_database,
    stored_plan,
)
from monitoring.settings import Settings
from monitoring.tables import BodyRow, IndicatorRow, MeasureBody, MeasureRow, PlanVersion
from plan.model import Text
from tests.factories import make_plan


def count(session, table) -> int:
    return session.scalar(select(func.count()).select_from(table))


def rename_body(plan, code: str, pt: str, en: str):
    bodies = tuple(
        b.model_copy(update={"name": Text(pt=pt, en=en)}) if b.code == code else b for b in plan.bodies
    )
    return plan.model_copy(update={"bodies": bodies})


def test_upgrade_creates_every_table_and_reaches_head(engine):
    assert {
        "plan_version",
        "body",
        "axis",
        "objective",
        "measure",
        "measure_body",
        "indicator",
        "app_user",
        "alembic_version",
    } <= set(table_names(engine))
    assert schema_is_current(engine)


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_first_load_stores_version_1_with_every_record(session):
    plan = make_plan(measures=5)
    result = load_plan(session, plan, source_name="test.yaml")
    session.commit()
    assert (result.stored, result.version.version) == (True, 1)
    assert count(session, MeasureRow) == 5
    assert count(session, IndicatorRow) == 5
    assert count(session, MeasureBody) == 10  # a lead and one co-body each
    assert stored_plan(current_version(session, "TEST")) == plan


def test_loading_the_same_plan_again_stores_nothing(session):
    load_plan(session, make_plan())
    again = load_plan(session, make_plan())
    assert again.stored is False and again.changes.is_empty
    assert count(session, PlanVersion) == 1


def test_renamed_body_is_a_new_version_and_the_old_one_is_kept(session):
    old = make_plan()
    load_plan(session, old)
    new = rename_body(
        old,
        "SEF",
        "Agência para a Integração, Migrações e Asilo",
        "Agency for Integration, Migration and Asylum",
    )
    result = load_plan(session, new)
    session.commit()
    assert result.version.version == 2
    assert [c.code for c in result.changes.changed] == ["SEF"]
    first, second = plan_versions(session, "TEST")
    assert stored_plan(first) == old and stored_plan(second) == new
    names = session.execute(
        select(BodyRow.plan_version_id, BodyRow.name_pt).where(BodyRow.code == "SEF").order_by(BodyRow.id)
    ).all()
    assert [n for _, n in names] == [
        "Serviço de Estrangeiros e Fronteiras",
        "Agência para a Integração, Migrações e Asilo",
    ]


def test_two_plans_keep_separate_version_numbers(session):
    load_plan(session, make_plan(code="PT"))
    load_plan(session, make_plan(code="CV"))
    assert current_version(session, "CV").version == 1
    assert current_version(session).plan_code == "CV"


def test_prepare_database_loads_the_default_plan_once(engine, tmp_path):
    from plan import write_plan_file

    path = tmp_path / "default.yaml"
    write_plan_file(make_plan(measures=2), path)
    settings = Settings(default_plan_file=path)
    assert prepare_database(engine, settings).version == 1
    assert prepare_database(engine, settings).version == 1


def test_prepare_database_without_default_plan_leaves_it_empty(engine, tmp_path):
    settings = Settings(default_plan_file=tmp_path / "x.yaml", load_default_plan=False)
    assert prepare_database(engine, settings) is None


def test_a_failed_load_leaves_nothing_behind(engine):
    from monitoring.db import session_scope

    plan = make_plan(measures=3)
    try:
        with session_scope(engine) as session:
            load_plan(session, plan)
            raise RuntimeError("the connection dropped")
    except RuntimeError:
        pass
    with session_scope(engine) as session:
        assert count(session, PlanVersion) == 0 and count(session, MeasureRow) == 0


def test_the_xxii_government_reorganisation_is_the_pnipgm_s_second_version(session):
    from pathlib import Path

    from plan import read_plan_file

    data = Path(__file__).resolve().parents[2] / "data"
    first = load_plan(session, read_plan_file(data / "pnipgm.yaml")).version
    second = load_plan(session, read_plan_file(data / "pnipgm-xxii-government.yaml"))
    assert (first.version, second.version.version, second.stored) == (1, 2, True)
    names = dict(
        session.execute(select(BodyRow.plan_version_id, BodyRow.name_pt).where(BodyRow.code == "PRES")).all()
    )
    assert names == {first.id: "Presidência e Modernização Administrativa", second.version.id: "Presidência"}
    assert {c.code for c in second.changes.added} == {"MCT"}
