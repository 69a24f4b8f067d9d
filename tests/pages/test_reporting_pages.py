"""Signing in, the monthly report, validation, completeness, audit and users, through AppTest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

from monitoring import formats
from monitoring.db import engine_for
from monitoring.months import oldest_open_month
from monitoring.sessions import EndReason, SessionState, end_user_sessions, resolve_session, token_hash
from monitoring.tables import ReportDraft, StatusRevision, User, UserSession, utc_now


def count(database_url, table) -> int:
    with Session(engine_for(database_url)) as session:
        return session.scalar(select(func.count()).select_from(table))


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


OPEN = oldest_open_month(dt.date.today(), 10)  # the month focal points report now


def open_report(app_as, who: str, month: str = OPEN, **query):
    at = app_as(who, month=month, **query).run()
    return at.switch_page("pages/report.py").run()


def field(at, code: str, name: str, month: str = OPEN):
    """A field of a measure's card, found by its key: f|person|plan|month|measure|field."""
    key = f"|TEST|{month}|{code}|{name}"
    for kind in ("selectbox", "text_area", "text_input", "number_input"):
        found = [w for w in getattr(at, kind) if (w.key or "").startswith("f|") and w.key.endswith(key)]
        if found:
            return found[0]
    raise LookupError(key)


def set_field(at, code: str, name: str, value) -> None:
    widget = field(at, code, name)
    widget.input(value) if hasattr(widget, "input") and isinstance(value, str) else widget.set_value(value)


def cards(at) -> list[str]:
    """The measures whose cards are on the page, in their order."""
    return [key.split("-")[2] for key in card_keys(at)]  # card-<state>-<code>-<month>


def card_states(at) -> dict[str, str]:
    return {key.split("-")[2]: key.split("-")[1] for key in card_keys(at)}  # card-<state>-<code>-<month>


def card_keys(at) -> list[str]:
    keys = []

    def walk(node) -> None:
        element = getattr(getattr(node, "proto", None), "id", "") or ""  # "$$ID-<hash>-<key>"
        key = element.split("-", 2)[-1]
        if key.startswith("card-"):
            keys.append(key)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return keys


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


def test_focal_point_reports_the_month_on_one_page(app_as, database_url):
    at = open_report(app_as, "fp_sef")
    assert not at.exception
    assert cards(at) == ["M001", "M003", "M005"]  # the plan's order
    assert "**M001** · Measure 1 (pt)" in texts(at.markdown)  # the full title, not cut
    assert "Serviço de Estrangeiros e Fronteiras**: por submeter" in texts(at.markdown)  # a name, not SEF
    field(at, "M001", "stage").set_value("in_progress")
    field(at, "M001", "done").input("Protocolo assinado")
    field(at, "M005", "stage").set_value("in_progress")
    field(at, "M005", "pace").set_value("delayed")
    at.run()
    assert not at.warning
    at.button[0].click().run()
    assert "Guardado: 3 medidas reportadas para o mês." in texts(at.success)
    assert count(database_url, StatusRevision) == 3
    assert "Serviço de Estrangeiros e Fronteiras**: submetido" in texts(at.markdown)  # the new state at once


@pytest.mark.parametrize(
    ("code", "changes", "message"),
    [
        ("M001", {"stage": "completed", "percent": 100}, "pelo menos uma ligação de evidência"),
        ("M001", {"percent": 150}, "entre 0 e 100 (recebido 150)"),
        ("M005", {"stage": "in_progress"}, "dentro do previsto ou com atraso"),
        ("M001", {"evidence": "not-a-link"}, "Ligação inválida"),
    ],
)
def test_a_rule_is_told_on_the_row_as_it_is_edited(app_as, database_url, code, changes, message):
    at = open_report(app_as, "fp_sef")
    for name, value in changes.items():
        set_field(at, code, name, value)
    at.run()
    assert [w.value for w in at.warning if message in w.value]  # on the card, before any submit
    assert card_states(at)[code] == "problem"
    assert count(database_url, StatusRevision) == 0  # nothing was submitted to learn it


def test_a_fixed_row_is_accepted(app_as, database_url):
    at = open_report(app_as, "fp_sef")
    field(at, "M001", "stage").set_value("completed")
    at.run()
    assert "ligação de evidência" in texts(at.warning)
    field(at, "M001", "evidence").input("https://www.portugal.gov.pt/relatorio")
    field(at, "M001", "percent").set_value(100)
    at.run()
    assert not at.warning
    at.button[0].click().run()
    assert "Guardado: 3 medidas" in texts(at.success)


def test_a_refused_row_stands_out_and_keeps_its_edit_as_a_draft(app_as, database_url):
    at = open_report(app_as, "fp_sef")
    field(at, "M001", "stage").set_value("completed")
    at.run()
    at.button[0].click().run()
    assert "1 medida recusada (M001, a vermelho abaixo)" in texts(at.error)
    assert "Recusada na última submissão: Para marcar como concluída" in texts(at.error)
    assert card_states(at) == {"M001": "refused", "M003": "ok", "M005": "ok"}
    assert field(at, "M001", "stage").value == "completed"  # the edit is still there
    assert count(database_url, StatusRevision) == 2
    assert count(database_url, ReportDraft) == 1


def test_the_filter_shows_the_rows_with_a_problem(app_as):
    at = open_report(app_as, "fp_sef")
    field(at, "M003", "percent").set_value(-5)
    at.run()
    at.get("button_group")[0].set_value("problems").run()
    assert cards(at) == ["M003"]
    at.get("button_group")[0].set_value("all").run()
    assert field(at, "M003", "percent").value == -5  # a hidden card kept its value


def test_no_change_reports_everything_in_one_click(app_as, database_url):
    at = open_report(app_as, "fp_sef")
    at.button[1].click().run()
    assert "Guardado: 3 medidas" in texts(at.success)
    assert count(database_url, StatusRevision) == 3


def test_the_secretariat_reports_for_one_body_at_a_time(app_as, database_url):
    at = open_report(app_as, "secretariat")
    assert not at.exception
    assert at.selectbox(key="report-body").value == "MAI"  # the first body that leads a measure
    assert cards(at) == ["M001", "M003", "M005"]  # MAI's measures only, not the whole plan
    assert "**Administração Interna**: por submeter" in texts(at.markdown)  # the chosen body's month
    field(at, "M001", "done").input("Protocolo assinado")
    at.run()
    at.selectbox(key="report-body").set_value("MTSSS").run()
    assert cards(at) == ["M002", "M004", "M006"]
    at.selectbox(key="report-body").set_value("MAI").run()
    assert field(at, "M001", "done").value == "Protocolo assinado"  # the other body kept its edit
    at.selectbox(key="report-body").set_value("MTSSS").run()
    at.button[1].click().run()  # "no change", for MTSSS's measures only
    assert "Guardado: 3 medidas" in texts(at.success)
    with Session(engine_for(database_url)) as session:
        stored = set(session.scalars(select(StatusRevision.measure_code)))
    assert stored == {"M002", "M004", "M006"}


def test_the_body_is_kept_in_the_address_and_only_staff_choose_one(app_as):
    at = open_report(app_as, "secretariat", body="MTSSS")
    assert cards(at) == ["M002", "M004", "M006"]
    unknown = open_report(app_as, "secretariat", body="NOPE")
    assert cards(unknown) == ["M001", "M003", "M005"]  # an unknown body: the first one
    unknown.query_params["body"] = "NOPE"  # a link followed on the page itself (one run), and why
    unknown.run()
    assert "Nenhuma entidade responsável por medidas tem o código «NOPE»" in texts(unknown.warning)
    assert cards(unknown) == ["M001", "M003", "M005"]
    focal = open_report(app_as, "fp_sef", body="MTSSS")
    assert not [w for w in focal.selectbox if w.key == "report-body"]
    assert cards(focal) == ["M001", "M003", "M005"]  # their own measures, whatever the address says


def test_the_report_page_defaults_to_a_month_within_the_plan_and_its_follow_up(app_as):
    at = app_as("fp_sef").run()
    at.switch_page("pages/report.py").run()
    assert at.selectbox(key="month").value == "2023-06"  # the plan ended 2022-12; six months follow
    assert "2026-11" not in at.selectbox(key="month").value
    assert formats.month(OPEN, "pt") in at.selectbox(key="month").options  # a later month can still be chosen


def test_validator_validates_and_sees_the_validated_state_at_once(app_as, world, database_url):
    at = open_report(app_as, "fp_sef")
    at.button[1].click().run()
    validator = app_as("validator_sef", month=OPEN).run()
    validator.switch_page("pages/validate.py").run()
    assert "submetido" in texts(validator.markdown)
    validator.button[0].click().run()
    assert validator.success[0].value == "Mês validado e bloqueado."
    assert "validado (bloqueado)" in texts(validator.markdown)
    assert "Validar o mês" not in [b.label for b in validator.button]  # nothing left to validate
    assert not validator.exception


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
