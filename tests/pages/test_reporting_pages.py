"""Signing in, the monthly report, validation, completeness, audit and users, through AppTest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

from monitoring.db import engine_for
from monitoring.sessions import EndReason, SessionState, end_user_sessions, resolve_session, token_hash
from monitoring.tables import ReportDraft, StatusRevision, User, UserSession, utc_now


def count(database_url, table) -> int:
    with Session(engine_for(database_url)) as session:
        return session.scalar(select(func.count()).select_from(table))


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def edit(at, key_prefix: str, rows: dict) -> None:
    """What a person's edits in a data editor leave in the session state."""
    key = next(d.key for d in at.dataframe if str(d.key).startswith(key_prefix))
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_anonymous_visitors_see_the_plan_and_a_sign_in_page_only(start_app, world):
    at = start_app().run()
    for page in ("pages/report.py", "pages/load_plan.py", "pages/audit.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_sign_in_with_a_wrong_password_says_nothing_more(start_app, world):
    # serve.py's route sends a refused sign-in back to the form with `signin=failed`.
    at = start_app(signin="failed").run()
    at.switch_page("pages/login.py").run()
    assert "Não foi possível entrar" in at.error[0].value
    assert "signin" not in at.query_params  # said once; a reload does not repeat it


def test_the_sign_in_form_posts_to_the_sign_in_route_and_comes_back_here(start_app, world):
    at = start_app(axis="E2").run()
    at.switch_page("pages/login.py").run()
    form = next(h.proto.body for h in at.get("html") if "<form" in h.proto.body)
    assert 'action="/auth/signin"' in form and 'method="post"' in form
    assert 'name="next" value="/?axis=E2"' in form or 'name="next" value="/login?axis=E2"' in form
    assert 'type="password"' in form and 'autocomplete="current-password"' in form


def test_a_signed_in_session_opens_the_work_pages(start_app, sign_in_as, world):
    at = start_app()
    sign_in_as("fp_sef")
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    assert at.title[0].value == "Reporte mensal"


def test_an_idle_session_expires(start_app, sign_in_as, session, monkeypatch):
    monkeypatch.setenv("MONITORING_SESSION_TIMEOUT_MINUTES", "5")
    at = start_app()
    token = sign_in_as("fp_sef")
    session.execute(
        update(UserSession)
        .where(UserSession.token_hash == token_hash(token))
        .values(last_seen_at=utc_now() - dt.timedelta(hours=1))
    )
    session.commit()
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/report.py")
    at.switch_page("pages/login.py").run()
    assert "expirou" in at.info[0].value


def test_a_session_ended_elsewhere_signs_this_browser_out(start_app, sign_in_as, session, world):
    at = start_app()
    sign_in_as("fp_sef")
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    end_user_sessions(session, world["fp_sef"].id, EndReason.SIGNED_OUT)
    session.commit()
    at.run()
    assert not at.dataframe and not at.title  # nothing of the report for a browser signed out elsewhere


def test_focal_point_reports_the_month_in_one_table(app_as, database_url):
    at = app_as("fp_sef").run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["measure"].tolist() == ["M001", "M003", "M005"]
    edit(
        at,
        "editor-",
        {
            0: {"stage": "Em execução", "done": "Protocolo assinado"},
            2: {"stage": "Em execução", "pace": "Com atraso"},
        },
    )
    at.run()
    at.button[0].click().run()
    assert "Guardado: 3 medida(s)" in texts(at.success)
    assert count(database_url, StatusRevision) == 3


def test_a_refused_row_is_explained_and_its_edit_kept_as_draft(app_as, database_url):
    at = app_as("fp_sef").run()
    at.switch_page("pages/report.py").run()
    edit(at, "editor-", {0: {"stage": "Concluída"}})
    at.run()
    at.button[0].click().run()
    assert "1 medida(s) recusada(s)" in texts(at.error)
    reasons = at.dataframe[0].value
    assert "ligação de evidência" in reasons.iloc[0, 1]
    assert count(database_url, StatusRevision) == 2
    assert count(database_url, ReportDraft) == 1


def test_no_change_reports_everything_in_one_click(app_as, database_url):
    at = app_as("fp_sef").run()
    at.switch_page("pages/report.py").run()
    at.button[1].click().run()
    assert "Guardado: 3 medida(s)" in texts(at.success)
    assert count(database_url, StatusRevision) == 3


def test_validator_validates_a_submitted_month(app_as, world, database_url):
    at = app_as("fp_sef").run()
    at.switch_page("pages/report.py").run()
    at.button[1].click().run()
    validator = app_as("validator_sef").run()
    validator.switch_page("pages/validate.py").run()
    assert "submetido" in texts(validator.markdown)
    validator.button[0].click().run()
    assert "Mês validado e bloqueado." in texts(validator.success)


def test_completeness_lists_who_has_not_reported(app_as):
    at = app_as("secretariat").run()
    at.switch_page("pages/completeness.py").run()
    assert not at.exception
    assert at.metric[0].value == "0 / 4"
    assert "fp_iefp@example.pt" in texts(at.caption)


def test_audit_page_is_for_the_secretariat(app_as):
    at = app_as("secretariat").run()
    at.switch_page("pages/audit.py").run()
    assert not at.exception and at.title[0].value == "Auditoria"


def test_secretariat_creates_an_account(app_as, database_url):
    at = app_as("secretariat").run()
    at.switch_page("pages/users.py").run()
    at.text_input[0].input("nova@example.pt")
    at.text_input[1].input("Nova Pessoa")
    at.selectbox[0].set_value("committee")
    at.text_input[2].input("uma palavra-passe longa")
    at.button[0].click().run()
    assert "Conta criada: nova@example.pt" in texts(at.success)
    assert count(database_url, User) == 6


def test_secretariat_ends_a_persons_sessions_and_deactivates_the_account(
    app_as, sign_in_as, session, world, browser_cookie
):
    focal_token = sign_in_as("fp_sef")  # the focal point is signed in somewhere
    at = app_as("secretariat").run()
    at.switch_page("pages/users.py").run()
    assert at.dataframe[0].value["Sessões abertas"].tolist() == [
        0,
        0,
        1,
        1,
        0,
    ]  # by e-mail: fp_sef and the secretariat
    at.selectbox[-1].set_value(world["fp_sef"].id).run()
    next(b for b in at.button if b.label == "Terminar as sessões").click().run()
    assert "Sessões terminadas: 1" in texts(at.success)
    assert resolve_session(session, focal_token).state is SessionState.ENDED
    at.selectbox[-1].set_value(world["fp_sef"].id).run()
    next(b for b in at.button if b.label == "Desativar a conta").click().run()
    assert "Conta desativada: fp_sef@example.pt" in texts(at.success)
    session.expire_all()
    assert session.get(User, world["fp_sef"].id).is_active is False


def test_load_plan_page_is_not_for_focal_points(app_as):
    at = app_as("fp_sef").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/load_plan.py")
