"""The whole product, started as `make run` starts it, on spare ports and a fresh database."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest
from stack import (
    DEFAULT_MODEL,
    ROOT,
    TOKEN_VARIABLES,
    Ports,
    Stack,
    ensure_tokens,
    run_backend_cli,
)

from tests.recent_marketplace import marketplace

from .chat import Chat
from .customer import SUMMARY


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The Rasa model, trained by the Makefile's rule only when its inputs changed."""
    subprocess.run(["make", "-s", "model"], cwd=ROOT, check=True)
    return DEFAULT_MODEL


@pytest.fixture(scope="session")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory):
    """Backend, action server and Rasa as separate processes talking real HTTP."""
    workdir = tmp_path_factory.mktemp("stack")
    env = dict(os.environ)
    for name in TOKEN_VARIABLES:
        env.pop(name, None)
    ensure_tokens(env)
    env["CLAIMS_DATABASE_URL"] = f"sqlite:///{workdir / 'claims.db'}"
    env["CLAIMS_EVIDENCE_DIR"] = str(workdir / "evidence")
    market_file = workdir / "marketplace.json"
    market_file.write_text(json.dumps(marketplace()))
    run_backend_cli(env, "migrate")
    run_backend_cli(env, "load-marketplace", str(market_file))

    running = Stack(
        env=env,
        ports=Ports(backend=free_port(), actions=free_port(), rasa=free_port()),
        log_dir=workdir / "log",
        model=trained_model,
    )
    running.start()
    yield running
    running.stop()


@pytest.fixture
def chat(stack: Stack, request: pytest.FixtureRequest) -> Chat:
    """A customer talking to the assistant over the REST channel."""
    # The sender id travels in URLs (a claim's conversation_id): no spaces or brackets.
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name).strip("-")
    return Chat(stack, sender=f"e2e-{name}-{os.getpid()}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The simulated customers' success rate and turns (tests/e2e/test_personas.py)."""
    summary = terminalreporter.config.stash.get(SUMMARY, None)
    if summary:
        terminalreporter.write_line(summary)
