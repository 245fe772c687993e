"""Migrations: they build exactly the models' schema, on SQLite and PostgreSQL, and go back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.db import make_engine
from backend.migrations import alembic_config, upgrade_database
from backend.models import Base

REPO_ROOT = Path(__file__).resolve().parents[2]


def schema_drift(database_url: str) -> list:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def table_names(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_migrated_schema_is_the_models_schema(migrated_url):
    assert schema_drift(migrated_url) == []


def test_migrations_go_down_and_up_again(migrated_url):
    command.downgrade(alembic_config(migrated_url), "base")
    assert table_names(migrated_url) <= {"alembic_version"}

    upgrade_database(migrated_url)
    assert schema_drift(migrated_url) == []


def test_upgrading_twice_is_harmless(migrated_url):
    upgrade_database(migrated_url)

    assert schema_drift(migrated_url) == []


def test_the_migrate_command_migrates_the_database_the_environment_names(database_url):
    environment = {**os.environ, "CLAIMS_DATABASE_URL": database_url}

    result = subprocess.run(
        [sys.executable, "-m", "backend", "migrate"],
        check=False,
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "claims" in table_names(database_url)
    assert schema_drift(database_url) == []
