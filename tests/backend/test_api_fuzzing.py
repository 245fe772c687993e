"""Property-based API tests (schemathesis): whatever a client sends, the backend answers with a
documented status and a documented body, and never with a server error."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import threading
from collections.abc import Iterator

import pytest
import requests
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from backend.api.app import create_app
from backend.openapi import openapi_document
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.fake_rasa import FakeRasa
from tests.backend.marketplace_data import marketplace

schema = schemathesis.openapi.from_dict(openapi_document())
SERVICE_ONLY = {"/api/evidence", "/api/customer-tokens/current"}
# Valid requests and invalid ones: refusals must be documented too, never a server error.
schema.config.generation.update(modes=list(schemathesis.GenerationMode))


@pytest.fixture
def live_backend(settings) -> Iterator[str]:
    """The backend served on a real port from a background thread, marketplace loaded, with a
    fake Rasa that accepts everything (the agent desk's requests get through)."""
    loop = asyncio.new_event_loop()
    rasa = web.AppRunner(FakeRasa().app())
    loop.run_until_complete(rasa.setup())
    loop.run_until_complete(web.TCPSite(rasa, "127.0.0.1", 0).start())
    rasa_url = f"http://127.0.0.1:{rasa.addresses[0][1]}"
    runner = web.AppRunner(create_app(dataclasses.replace(settings, rasa_url=rasa_url)))
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    loaded = requests.post(f"{base_url}/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    assert loaded.status_code == 200
    try:
        yield base_url
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.run_until_complete(runner.cleanup())
        loop.run_until_complete(rasa.cleanup())
        loop.close()


@schema.parametrize()
@hypothesis_settings(
    max_examples=int(os.environ.get("CLAIMS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    # Reproducible in CI; set CLAIMS_FUZZ_EXAMPLES high to search harder locally.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case, live_backend):
    # The admin token may do almost anything; these belong to the assistant alone.
    headers = SERVICE if case.path in SERVICE_ONLY else ADMIN
    case.call_and_validate(
        base_url=live_backend,
        headers=headers,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
