"""The production profile (scripts/production.py) as `make run-production` starts it: two of each
of Rasa, the action server and the backend behind nginx, on this machine's PostgreSQL, Redis and
RabbitMQ, with databases, a lock prefix, a socket.io channel and an event queue of its own.

Skipped, saying which, when one of those services (or nginx) is missing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from production import (
    ProductionStack,
    create_stores,
    production_env,
    remove_stores,
    services_missing,
)
from sqlalchemy.engine import make_url
from stack import Ports

from tests.e2e.conftest import backend_environment, free_port, trained_model  # noqa: F401

POSTGRES = make_url(
    os.environ.get("CLAIMS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
)


@pytest.fixture(scope="session")
def production(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # noqa: F811
    """The production profile on spare ports, with its own databases, fresh every session."""
    suffix = uuid.uuid4().hex[:10]
    names = {
        "CLAIMS_DATABASE_URL": POSTGRES.set(database=f"claims_prod_{suffix}"),
        "RASA_TRACKER_URL": POSTGRES.set(database=f"rasa_prod_{suffix}"),
    }
    settings = production_env(
        {
            **{name: url.render_as_string(hide_password=False) for name, url in names.items()},
            "CLAIMS_REDIS_URL": os.environ.get("CLAIMS_REDIS_URL", ""),
            "CLAIMS_RABBITMQ_URL": os.environ.get("CLAIMS_RABBITMQ_URL", ""),
            "CLAIMS_RABBITMQ_QUEUE": f"rasa_events_{suffix}",
            "CLAIMS_REDIS_PREFIX": f"claimsprod{suffix}",
            "CLAIMS_SOCKETIO_CHANNEL": f"claims-socketio-{suffix}",
            # Two dispatchers that race every second (tests/production/test_profile.py).
            "CLAIMS_OUTBOX_DISPATCH_SECONDS": "1",
            "CLAIMS_WEBHOOK_ALLOW_PRIVATE": "1",
            "CLAIMS_INSTANCES": "2",
        }
    )
    missing = services_missing(settings)
    if missing:
        pytest.skip("the production profile needs " + ", ".join(missing))
    workdir = tmp_path_factory.mktemp("production")
    create_stores(settings)
    try:
        env = backend_environment(workdir, settings["CLAIMS_DATABASE_URL"])
        env.update(settings)
        front = Ports(backend=free_port(), actions=free_port(), rasa=free_port())
        env["CLAIMS_RASA_PUBLIC_URL"] = f"http://127.0.0.1:{front.rasa}"
        running = ProductionStack(
            env=env,
            ports=front,
            log_dir=workdir / "log",
            model=trained_model,
            mail_dir=workdir / "mail",
        )
        running.start()
        try:
            yield running
        finally:
            running.stop()
    finally:
        remove_stores(settings)
