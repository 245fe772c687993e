"""Fixtures for the action tests: the real claims backend on a local port (no mocks of our own
backend), a client pointing at a port where nothing listens, and the domain."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from rasa_sdk.executor import CollectingDispatcher

from actions.claims_backend import ClaimsBackend
from actions.settings import BackendSettings
from tests.actions.support import ADMIN_TOKEN, SERVICE_TOKEN, load_domain
from tests.recent_marketplace import marketplace


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningBackend:
    """The backend app served from its own thread and event loop, like a separate process."""

    def __init__(self, app: web.Application) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._app = app
        self._loop = asyncio.new_event_loop()
        self._runner = web.AppRunner(app)
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> None:
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        self._loop.run_until_complete(site.start())
        self._thread.start()

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """An admin call, made from the test thread."""
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()


@pytest.fixture
def running_backend(tmp_path: Path) -> Iterator[RunningBackend]:
    """The real claims backend on a free local port: a fresh migrated database per test (claims
    filed by one test must not be duplicates in the next), with the test marketplace."""
    from backend.api.app import create_app
    from backend.migrations import upgrade_database
    from backend.settings import Settings

    workdir = tmp_path
    database_url = f"sqlite:///{workdir / 'claims.db'}"
    upgrade_database(database_url)
    settings = Settings(
        database_url=database_url,
        admin_token=ADMIN_TOKEN,
        service_token=SERVICE_TOKEN,
        agent_token="actions-test-agent-token",
        evidence_dir=workdir / "evidence",
    )
    running = RunningBackend(create_app(settings))
    running.start()
    status, body = running.call("POST", "/api/admin/marketplace", marketplace())
    assert status == 200, body
    yield running
    running.stop()


@pytest.fixture
def backend(running_backend: RunningBackend) -> ClaimsBackend:
    """The action server's client, talking to the running backend."""
    return ClaimsBackend(
        BackendSettings(
            base_url=running_backend.url, service_token=SERVICE_TOKEN, timeout_seconds=10
        )
    )


@pytest.fixture
def down_backend() -> ClaimsBackend:
    """A client for a backend that is not there (nothing listens on its port)."""
    return ClaimsBackend(
        BackendSettings(
            base_url=f"http://127.0.0.1:{free_port()}",
            service_token=SERVICE_TOKEN,
            timeout_seconds=2,
        )
    )


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """domain.yml as the action server receives it."""
    return load_domain()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
