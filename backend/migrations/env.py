"""Alembic environment: migrates the database named by the caller, or by CLAIMS_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from backend.db import make_engine
from backend.models import Base
from backend.settings import Settings

config = context.config
database_url = config.attributes.get("database_url") or Settings.from_env().database_url


def run_migrations_offline() -> None:
    """Write the migration SQL instead of running it (``alembic upgrade --sql``)."""
    context.configure(
        url=database_url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=database_url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations against the database."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
