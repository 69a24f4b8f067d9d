"""The public balance page: open without signing in, and nothing internal reaches it."""

from __future__ import annotations

import datetime as dt

import pytest

from monitoring.reporting import submit_reports

SECRET = "INTERNAL: minister not yet informed; call +351 912 345 678 or ana.costa@sef.example.pt"


def everything_shown(at) -> str:
    parts = [
        str(e.value)
        for kind in ("title", "caption", "markdown", "metric", "info", "warning")
        for e in getattr(at, kind)
    ]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for chart in at.get("plotly_chart"):
        parts.append(str(chart.proto.spec))
    return "\n".join(parts)


def test_anonymous_visitors_see_the_balance_but_nothing_internal(start_app, world, session):
    submit_reports(
        session,
        actor=world["fp_sef"],
        month="2020-03",
        now=dt.datetime(2020, 4, 2, tzinfo=dt.UTC),
        rows=[
            {
                "measure": "M001",
                "stage": "completed",
                "done": SECRET,
                "obstacles": SECRET,
                "evidence": "https://example.org/internal-memo",
            }
        ],
    )
    session.commit()
    at = start_app().run()
    at.switch_page("pages/public.py").run()
    assert not at.exception
    shown = everything_shown(at)
    assert "Balanço público" in shown
    assert "M001" in shown and "Concluída" in shown
    for internal in (SECRET, "@example.pt", "Fp Sef", "internal-memo", "912 345 678", "ana.costa"):
        assert internal not in shown


def test_public_page_can_be_switched_off(start_app, world, monkeypatch):
    monkeypatch.setenv("MONITORING_PUBLIC_PAGE", "false")
    at = start_app().run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/public.py")
