"""The operator's command line: check, load, export; a refused plan changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from monitoring.cli import main
from monitoring.db import engine_for
from monitoring.tables import BodyRow, IndicatorRow, MeasureRow, PlanVersion
from plan import read_plan_file, write_plan_file
from plan.model import Text
from tests.factories import make_plan


def row_counts(url: str) -> dict[str, int]:
    with Session(engine_for(url)) as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t))
            for t in (PlanVersion, BodyRow, MeasureRow, IndicatorRow)
        }


def plan_file(tmp_path, name="plan.yaml", **kwargs):
    path = tmp_path / name
    write_plan_file(make_plan(**kwargs), path)
    return path


def test_check_plan_accepts_a_valid_file(tmp_path, capsys):
    assert main(["check-plan", str(plan_file(tmp_path))]) == 0
    assert "valid" in capsys.readouterr().out


def test_check_plan_lists_every_problem_and_exits_non_zero(tmp_path, capsys):
    path = plan_file(tmp_path)
    text = path.read_text(encoding="utf-8").replace("lead_body: MAI", "lead_body: NOPE")
    path.write_text(text, encoding="utf-8")
    assert main(["check-plan", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Plan refused: 2 problems." in err
    assert "plan.yaml › measures[1] M001 › lead_body: unknown body: NOPE" in err


def test_check_plan_speaks_portuguese_when_asked(tmp_path, capsys):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    assert main(["check-plan", str(path), "--lang", "pt"]) == 1
    assert "o ficheiro está vazio" in capsys.readouterr().err


def test_load_plan_stores_a_version_and_shows_changes(database_url, tmp_path, capsys):
    assert main(["load-plan", str(plan_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "+ measure M001" in out and "Stored as version 1 of TEST." in out
    assert row_counts(database_url)["measure"] == 3


def test_load_plan_dry_run_stores_nothing(database_url, tmp_path, capsys):
    assert main(["init"]) == 0
    assert main(["load-plan", "--dry-run", str(plan_file(tmp_path))]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert row_counts(database_url)["plan_version"] == 0


def test_refused_plan_leaves_the_database_unchanged(database_url, tmp_path, capsys):
    main(["load-plan", str(plan_file(tmp_path))])
    before = row_counts(database_url)
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        plan_file(tmp_path).read_text(encoding="utf-8").replace("gcm_number: 5", "gcm_number: 40"),
        encoding="utf-8",
    )
    assert main(["load-plan", str(broken)]) == 1
    assert "gcm_number" in capsys.readouterr().err
    assert row_counts(database_url) == before


def test_reloading_a_changed_plan_makes_version_2(database_url, tmp_path, capsys):
    main(["load-plan", str(plan_file(tmp_path))])
    plan = make_plan()
    renamed = plan.model_copy(
        update={"plan": plan.plan.model_copy(update={"title": Text(pt="Novo", en="New")})}
    )
    path = tmp_path / "v2.yaml"
    write_plan_file(renamed, path)
    assert main(["load-plan", str(path)]) == 0
    assert "Stored as version 2" in capsys.readouterr().out
    assert main(["versions"]) == 0
    assert "TEST v2" in capsys.readouterr().out


def test_export_plan_writes_what_was_loaded(database_url, tmp_path):
    main(["load-plan", str(plan_file(tmp_path, measures=4))])
    for suffix in ("yaml", "xlsx"):
        out = tmp_path / f"exported.{suffix}"
        assert main(["export-plan", "--out", str(out)]) == 0
        assert read_plan_file(out) == make_plan(measures=4)


def test_export_of_an_unknown_plan_fails_clearly(database_url, tmp_path, capsys):
    assert main(["export-plan", "--plan", "NONE", "--out", str(tmp_path / "x.yaml")]) == 1
    assert "No plan is loaded." in capsys.readouterr().err
    main(["load-plan", str(plan_file(tmp_path))])
    assert main(["export-plan", "--plan", "NONE", "--out", str(tmp_path / "x.yaml")]) == 1
    assert "There is no plan with code «NONE». Stored plans: TEST." in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_plan_schema_is_printed(capsys):
    assert main(["plan-schema"]) == 0
    assert '"title": "National implementation plan' in capsys.readouterr().out


def test_create_user_reads_the_password_from_stdin_and_never_stores_it_clear(
    database_url, monkeypatch, capsys
):
    import io

    from monitoring.tables import User

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    args = [
        "create-user",
        "--email",
        "Ana@Example.pt",
        "--name",
        "Ana",
        "--role",
        "focal_point",
        "--body",
        "SEF",
        "--password-stdin",
    ]
    assert main(args) == 0
    with Session(engine_for(database_url)) as session:
        user = session.scalars(select(User)).one()
    assert user.email == "ana@example.pt" and "a long enough secret" not in user.password_hash
    assert main(["list-users"]) == 0
    assert "ana@example.pt" in capsys.readouterr().out


def test_create_user_refuses_a_short_password(database_url, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    args = ["create-user", "--email", "a@b.pt", "--name", "A", "--role", "committee", "--password-stdin"]
    assert main(args) == 1
    assert "at least 10 characters" in capsys.readouterr().err


def test_reset_password_for_an_unknown_account_fails(database_url, capsys):
    assert main(["reset-password", "--email", "nobody@example.pt", "--password-stdin"]) == 1
    assert "No account" in capsys.readouterr().err


def two_plans(tmp_path) -> None:
    assert main(["load-plan", str(plan_file(tmp_path))]) == 0
    assert main(["load-plan", str(plan_file(tmp_path, name="ptcv.yaml", code="PTCV"))]) == 0


def test_plans_lists_each_plan_with_its_state(database_url, tmp_path, capsys):
    two_plans(tmp_path)
    assert main(["plan-status", "TEST", "ended"]) == 0
    capsys.readouterr()
    assert main(["plans"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["TEST", "ended"], ["PTCV", "active"]]


@pytest.mark.parametrize(
    "command",
    [
        ["export-balance", "--as-of", "2020-06", "--out", "{tmp}/b.xlsx"],
        ["export-plan", "--out", "{tmp}/p.yaml"],
        ["seed-demo", "--allow-server-database"],
        ["verify-audit"],
    ],
)
def test_an_unknown_plan_code_exits_non_zero_listing_the_plans(database_url, tmp_path, capsys, command):
    two_plans(tmp_path)
    capsys.readouterr()
    args = [part.format(tmp=tmp_path) for part in command] + ["--plan", "NOPE"]
    assert main(args) == 1
    assert "There is no plan with code «NOPE». Stored plans: TEST, PTCV." in capsys.readouterr().err
    assert not list(tmp_path.glob("*.xlsx")) and not (tmp_path / "p.yaml").exists()


def test_with_two_active_plans_a_command_asks_which(database_url, tmp_path, capsys):
    two_plans(tmp_path)
    out = tmp_path / "b.xlsx"
    assert main(["export-balance", "--as-of", "2020-06", "--out", str(out)]) == 1
    assert "More than one plan is active (TEST, PTCV): name one (--plan CODE)." in capsys.readouterr().err
    assert main(["plan-status", "PTCV", "ended"]) == 0
    assert main(["export-balance", "--as-of", "2020-06", "--out", str(out)]) == 0  # the only active one
    assert (
        main(["export-balance", "--as-of", "2020-06", "--out", str(out), "--plan", "PTCV"]) == 0
    )  # ended: readable
    assert "PTCV" in capsys.readouterr().out


def test_plan_status_refuses_an_unknown_plan(database_url, tmp_path, capsys):
    two_plans(tmp_path)
    assert main(["plan-status", "NOPE", "archived", "--lang", "pt"]) == 1
    assert "Não há nenhum plano com o código «NOPE». Planos guardados: TEST, PTCV." in capsys.readouterr().err
