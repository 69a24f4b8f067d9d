"""Pages through AppTest as a signed-in person: AppTest sends no cookies, so the pages' one
reading of the session cookie is pointed at a real session made in the database."""

from __future__ import annotations

from sqlalchemy import Engine

from monitoring.db import session_scope
from monitoring.sessions import start_session
from monitoring.tables import User


def sign_in_pages(engine: Engine, user_id: int) -> None:
    import pages._widgets as widgets

    with session_scope(engine) as session:
        token = start_session(session, user=session.get(User, user_id), user_agent="benchmark")
    widgets.session_cookie = lambda: token
