"""Fixtures for the backend tests: a migrated database, a controllable clock, a test client.

Every database test runs twice: on a SQLite file, and on PostgreSQL in a schema of its own
(``CLAIMS_TEST_POSTGRES_URL``, default postgresql://postgres@127.0.0.1:5432/test), unless
``CLAIMS_TEST_POSTGRES=0``.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.schema import CreateSchema, DropSchema

from backend.api.app import create_app
from backend.db import make_engine, make_session_factory
from backend.migrations import upgrade_database
from backend.settings import Settings
from tests.backend.fake_rasa import RASA_TOKEN, FakeRasa
from tests.backend.marketplace_data import marketplace

POSTGRES_URL = os.environ.get(
    "CLAIMS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
ADMIN_TOKEN = "test-admin-token"
SERVICE_TOKEN = "test-service-token"
AGENT_TOKEN = "test-agent-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
AGENT = {"Authorization": f"Bearer {AGENT_TOKEN}"}
START = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)
NO_RASA_URL = "http://127.0.0.1:9"


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _postgres_schema_url(schema: str) -> str:
    """The test database URL with every connection's search_path set to ``schema``."""
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'claims.db'}"
        return
    if os.environ.get("CLAIMS_TEST_POSTGRES") == "0":
        pytest.skip("PostgreSQL tests disabled (CLAIMS_TEST_POSTGRES=0)")
    schema = f"claims_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES_URL, future=True)
    with server.begin() as connection:
        connection.execute(CreateSchema(schema))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with server.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))
        server.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """The database, migrated to the latest schema with Alembic (as production does it)."""
    upgrade_database(database_url)
    return database_url


@pytest.fixture
def db(migrated_url: str) -> Iterator[sessionmaker]:
    """Sessions for looking at what the backend stored."""
    engine = make_engine(migrated_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(migrated_url: str, tmp_path: Path, clock: FakeClock) -> Settings:
    return Settings(
        database_url=migrated_url,
        admin_token=ADMIN_TOKEN,
        service_token=SERVICE_TOKEN,
        agent_token=AGENT_TOKEN,
        evidence_dir=tmp_path / "evidence",
        evidence_max_bytes=256 * 1024,
        clock=clock,
        # Tests run the sweep and the dispatcher themselves; periodic ones would race them.
        sweep_interval_seconds=0,
        outbox_dispatch_seconds=0,
        # Nothing listens there: tests that need Rasa get the fake one (``rasa``), and no test
        # reaches a real Rasa that happens to run on this machine.
        rasa_url=NO_RASA_URL,
        rasa_token=RASA_TOKEN,
        signing_secret="test-signing-secret-of-at-least-32-bytes",
        # The sellers' endpoints of the tests listen on 127.0.0.1 (tests/backend/
        # test_webhook_targets.py turns this off to show inward addresses refused).
        webhook_allow_private=True,
    )


@pytest.fixture
async def client(aiohttp_client, settings: Settings) -> TestClient:
    """A client for the backend, on an empty (migrated) database."""
    return await aiohttp_client(create_app(settings))


@pytest.fixture
async def loaded(client: TestClient) -> TestClient:
    """A client for the backend with the test marketplace loaded."""
    response = await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    assert response.status == 200, await response.text()
    return client


@pytest.fixture
async def rasa(aiohttp_server) -> FakeRasa:
    """A fake Rasa HTTP API that records the backend's requests."""
    fake = FakeRasa()
    fake.server = await aiohttp_server(fake.app())
    return fake


@pytest.fixture
async def desk(aiohttp_client, settings: Settings, rasa: FakeRasa) -> TestClient:
    """A client for the backend talking to the fake Rasa, with the marketplace loaded."""
    connected = dataclasses.replace(settings, rasa_url=str(rasa.server.make_url("/")))
    client = await aiohttp_client(create_app(connected))
    response = await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    assert response.status == 200, await response.text()
    return client
