"""The whole product, started as `make run` starts it, on spare ports and a fresh database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from stack import DEFAULT_MODEL, ROOT, Ports, Stack, ensure_tokens, run_backend_cli

from .chat import Chat


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def marketplace(now: datetime) -> dict:
    """Sellers and orders delivered recently, so any day's run is inside the filing window."""
    delivered = now - timedelta(days=30)
    insured = {
        "policy_number": "PL-E2E", "insurer": "Example Mutual",
        "per_occurrence_limit": "1000000.00", "additional_insured": True,
        "valid_from": (now - timedelta(days=365)).date().isoformat(),
        "valid_to": (now + timedelta(days=365)).date().isoformat(),
    }
    month = now.strftime("%Y-%m")
    return {
        "sellers": [
            {"id": "S-INS", "name": "Insured Home", "email": "claims@insured.example",
             "api_key": "sk-insured-e2e", "monthly_sales": [{"month": month, "amount": "12500.00"}],
             "insurance": insured},
            {"id": "S-UNI", "name": "Uninsured Gadgets", "email": "help@uninsured.example",
             "api_key": "sk-uninsured-e2e", "monthly_sales": [{"month": month, "amount": "4000.00"}],
             "insurance": None},
        ],
        "orders": [
            {"id": "112-1234567-1234567",
             "customer": {"id": "C-1", "name": "Dana Reyes", "email": "dana@example.com",
                          "postal_code": "97201"},
             "placed_at": iso(delivered - timedelta(days=3)), "delivered_at": iso(delivered),
             "items": [{"sku": "B0HEATER01", "title": "Oil-filled space heater 1500W",
                        "seller_id": "S-INS", "price": "89.99", "quantity": 1}]},
            {"id": "113-2345678-2345678",
             "customer": {"id": "C-2", "name": "Sam Okafor", "email": "sam@example.com",
                          "postal_code": "60614"},
             "placed_at": iso(delivered - timedelta(days=2)), "delivered_at": iso(delivered),
             "items": [
                 {"sku": "B0KETTLE22", "title": "Electric kettle 1.7L", "seller_id": "S-INS",
                  "price": "34.50", "quantity": 1},
                 {"sku": "B0CHRGR65W", "title": "65W USB-C fast charger", "seller_id": "S-UNI",
                  "price": "29.99", "quantity": 2},
             ]},
        ],
    }


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
    for name in ("CLAIMS_ADMIN_TOKEN", "CLAIMS_SERVICE_TOKEN", "CLAIMS_AGENT_TOKEN", "RASA_TOKEN"):
        env.pop(name, None)
    ensure_tokens(env)
    env["CLAIMS_DATABASE_URL"] = f"sqlite:///{workdir / 'claims.db'}"
    env["CLAIMS_EVIDENCE_DIR"] = str(workdir / "evidence")
    market_file = workdir / "marketplace.json"
    market_file.write_text(json.dumps(marketplace(datetime.now(timezone.utc))))
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
    return Chat(stack, sender=f"e2e-{request.node.name}-{os.getpid()}")
