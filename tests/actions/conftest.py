"""Fixtures for the action tests: the real claims backend on a local port (no mocks of our own
backend), a client pointing at a port where nothing listens, and the domain."""

from __future__ import annotations

import json
import os
import shutil
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from stack import TOKEN_VARIABLES, Ports, Stack, ensure_tokens, run_backend_cli

from actions.claims_backend import ClaimsBackend
from actions.settings import BackendSettings
from tests.actions.support import ADMIN_TOKEN, SERVICE_TOKEN, load_domain
from tests.recent_marketplace import marketplace


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningBackend:
    """The backend, a process of its own from its own environment, as `make run` starts it."""

    url: str

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """An admin call."""
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


@pytest.fixture(scope="session")
def marketplace_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated and loaded with the test marketplace by the backend's command line,
    once; each test's backend gets a copy."""
    workdir = tmp_path_factory.mktemp("marketplace")
    market_file = workdir / "marketplace.json"
    market_file.write_text(json.dumps(marketplace()))
    env = dict(os.environ, CLAIMS_DATABASE_URL=f"sqlite:///{workdir / 'claims.db'}")
    run_backend_cli(env, "migrate")
    run_backend_cli(env, "load-marketplace", str(market_file))
    return workdir / "claims.db"


@pytest.fixture
def running_backend(marketplace_database: Path, tmp_path: Path) -> Iterator[RunningBackend]:
    """The real claims backend on a free local port, with a fresh database per test (claims
    filed by one test must not be duplicates in the next) holding the test marketplace. Rasa,
    the action server, the mailbox and the insurers are not there: their ports are spare."""
    shutil.copy(marketplace_database, tmp_path / "claims.db")
    env = {name: value for name, value in os.environ.items() if name not in TOKEN_VARIABLES}
    env.update(
        CLAIMS_ADMIN_TOKEN=ADMIN_TOKEN,
        CLAIMS_SERVICE_TOKEN=SERVICE_TOKEN,
        CLAIMS_DATABASE_URL=f"sqlite:///{tmp_path / 'claims.db'}",
        CLAIMS_EVIDENCE_DIR=str(tmp_path / "evidence"),
    )
    ensure_tokens(env)
    ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port())
    backend = Stack(env=env, ports=ports, log_dir=tmp_path / "log")
    backend.start(["backend"])
    yield RunningBackend(f"http://127.0.0.1:{ports.backend}")
    backend.stop()


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
