"""Alembic runs migrations on the engine that `monitoring.db.upgrade` hands it."""

from alembic import context
from sqlmodel import SQLModel

import monitoring.tables  # noqa: F401  (registers the tables on the metadata)
from monitoring.db import engine_for

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    engine = config.attributes.get("engine") or engine_for(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run()
