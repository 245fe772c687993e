"""The action server's client against the real backend: answers become values."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from actions.claim_draft import ClaimDraft
from actions.claims_backend import BackendUnavailable, ClaimsBackend, FiledClaim, Order, Rejected
from tests.actions.support import SENDER, confirmed_claim
from tests.recent_marketplace import (
    DANA,
    DELIVERED,
    HEATER,
    MULTI_ITEM_ORDER,
    SAM,
    SINGLE_ITEM_ORDER,
    TODAY,
)


async def test_an_order_comes_back_with_its_items(backend: ClaimsBackend) -> None:
    order = await backend.get_order(SINGLE_ITEM_ORDER)
    assert isinstance(order, Order)
    assert order.id == SINGLE_ITEM_ORDER
    assert order.delivered_on == DELIVERED
    assert [(item.sku, item.title, item.price) for item in order.items] == [
        (HEATER["sku"], HEATER["title"], Decimal("89.99"))
    ]


async def test_the_customer_email_is_checked_against_the_order(backend: ClaimsBackend) -> None:
    assert isinstance(await backend.get_order(MULTI_ITEM_ORDER, customer_email=SAM), Order)
    mismatch = await backend.get_order(MULTI_ITEM_ORDER, customer_email=DANA)
    assert isinstance(mismatch, Rejected)
    assert mismatch.has("customer_mismatch")


async def test_an_unknown_order_is_a_rejection_with_its_code(backend: ClaimsBackend) -> None:
    missing = await backend.get_order("999-9999999-9999999")
    assert isinstance(missing, Rejected)
    assert missing.status == 404
    assert missing.codes == ("order_not_found",)


async def test_a_malformed_order_id_is_invalid(backend: ClaimsBackend) -> None:
    malformed = await backend.get_order("12-34")
    assert isinstance(malformed, Rejected)
    assert malformed.has("invalid_value")


async def test_a_backend_that_is_not_there_is_unavailable(down_backend: ClaimsBackend) -> None:
    assert isinstance(await down_backend.get_order(SINGLE_ITEM_ORDER), BackendUnavailable)
    body = ClaimDraft.from_tracker(confirmed_claim()).request_body("rest", SENDER)
    assert isinstance(await down_backend.file_claim(body, "key"), BackendUnavailable)


async def test_a_wrong_service_token_is_unavailable_not_the_customers_fault(
    backend: ClaimsBackend,
) -> None:
    wrong = ClaimsBackend(
        type(backend.settings)(base_url=backend.settings.base_url, service_token="not-the-token")
    )
    assert isinstance(await wrong.get_order(SINGLE_ITEM_ORDER), BackendUnavailable)


async def test_the_same_idempotency_key_never_files_twice(backend: ClaimsBackend) -> None:
    body = ClaimDraft.from_tracker(confirmed_claim()).request_body("rest", SENDER)
    first = await backend.file_claim(body, "test-conversation:run-1")
    again = await backend.file_claim(body, "test-conversation:run-1")
    assert isinstance(first, FiledClaim) and isinstance(again, FiledClaim)
    assert again.reference == first.reference


async def test_a_refused_claim_names_the_field(backend: ClaimsBackend) -> None:
    early = (DELIVERED - timedelta(days=1)).isoformat()
    body = ClaimDraft.from_tracker(confirmed_claim(incident_date=early)).request_body(
        "rest", SENDER
    )
    refused = await backend.file_claim(body, "test-conversation:run-2")
    assert isinstance(refused, Rejected)
    assert refused.has("incident_before_delivery")
    assert TODAY > DELIVERED
