"""The whole product, started as `make run` starts it, on spare ports and a fresh database."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from stack import DEFAULT_MODEL, ROOT, Ports, Stack, isolated_environment, staff_account

from tests.fakes import telegram as fake_telegram_api
from tests.fakes import twilio as fake_twilio_api
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.recent_marketplace import marketplace

from .browser import browser, chat_page, new_page, site  # noqa: F401 (fixtures)
from .chat import AGENT, AGENT_PASSWORD, Chat
from .desk import DESK_STAFF


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
def fake_telegram():
    """The Telegram Bot API, run locally; the stack's Telegram channel talks to it."""
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fake_twilio():
    """Twilio's REST API, run locally; the stack's SMS/WhatsApp channel talks to it."""
    server = FakeTwilio().start()
    yield server
    server.stop()


def messaging_environment(
    rasa_port: int, telegram: FakeTelegram, twilio: FakeTwilio
) -> dict[str, str]:
    """TELEGRAM_* and TWILIO_* as an operator sets them, pointing at the local fakes."""
    webhooks = f"http://127.0.0.1:{rasa_port}/webhooks"
    return {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_BOT_NAME": fake_telegram_api.BOT_NAME,
        "TELEGRAM_WEBHOOK_URL": f"{webhooks}/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": secrets.token_urlsafe(24),
        "TELEGRAM_API_URL": telegram.url,
        "TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWILIO_NUMBER": fake_twilio_api.SMS_NUMBER,
        "TWILIO_WHATSAPP_NUMBER": fake_twilio_api.WHATSAPP_NUMBER,
        "TWILIO_WEBHOOK_URL": f"{webhooks}/twilio/webhook",
        "TWILIO_API_URL": twilio.url,
    }


def backend_environment(workdir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a fresh backend in `workdir` (``isolated_environment``, with the test
    marketplace, on `database_url` when it names an empty database) with the agent's account."""
    env = isolated_environment(workdir, marketplace(), database_url)
    staff_account(env, AGENT, "agent", AGENT_PASSWORD)
    return env


@pytest.fixture(scope="session")
def stack(
    trained_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    fake_telegram: FakeTelegram,
    fake_twilio: FakeTwilio,
):
    """Backend, action server and Rasa as separate processes talking real HTTP."""
    workdir = tmp_path_factory.mktemp("stack")
    env = backend_environment(workdir)
    ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port())
    # Never a real provider: every messaging variable comes from the fakes.
    env.update(messaging_environment(ports.rasa, fake_telegram, fake_twilio))
    # The chat page dials Rasa's socket.io on the page's host at port 5005 unless told otherwise.
    env["CLAIMS_RASA_PUBLIC_URL"] = f"http://127.0.0.1:{ports.rasa}"

    running = Stack(
        env=env,
        ports=ports,
        log_dir=workdir / "log",
        model=trained_model,
        mail_dir=workdir / "mail",
    )
    running.start()
    yield running
    running.stop()


@dataclass
class BackendOnly(Stack):
    """The backend alone: the desk's pages need neither Rasa nor the action server."""

    def commands(self, endpoints: Path, credentials: Path) -> dict[str, list[str]]:
        return {"backend": super().commands(endpoints, credentials)["backend"]}

    def health_urls(self) -> dict[str, str]:
        return {"backend": super().health_urls()["backend"]}


@pytest.fixture(scope="session")
def backend_only(tmp_path_factory: pytest.TempPathFactory):
    """A backend with its own fresh database and a staff account per desk role."""
    workdir = tmp_path_factory.mktemp("backend")
    env = backend_environment(workdir)
    for username, role, password in DESK_STAFF:
        staff_account(env, username, role, password)
    running = BackendOnly(env=env, ports=Ports(backend=free_port()), log_dir=workdir / "log")
    running.start()
    yield running
    running.stop()


@pytest.fixture
def chat(stack: Stack, request: pytest.FixtureRequest) -> Chat:
    """A customer talking to the assistant over the REST channel."""
    # The sender id travels in URLs (a claim's conversation_id): no spaces or brackets.
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name).strip("-")
    return Chat(stack, sender=f"e2e-{name}-{os.getpid()}")
