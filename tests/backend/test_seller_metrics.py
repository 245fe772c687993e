"""Seller metrics: orders, claims and the order defect rate, where concessions never count."""

from __future__ import annotations

import pytest

from backend.openapi import schema_problems
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import HEATER
from tests.backend.seller_side import (
    ACME,
    BARE,
    NARRATIVES,
    UNKNOWN_KEY,
    add_buyers,
    concession_claim,
    routed_claim,
)


async def metrics(client, seller_id="S-ACME", query="", headers=ADMIN):
    response = await client.get(f"/api/admin/sellers/{seller_id}/metrics{query}", headers=headers)
    return response.status, await response.json()


async def accept(client, reference, headers=ACME):
    response = await client.post(
        f"/api/seller/claims/{reference}/response", json={"action": "accept"}, headers=headers
    )
    assert response.status == 200, await response.text()


async def test_a_seller_without_claims_has_a_zero_defect_rate(loaded):
    status, body = await metrics(loaded)

    assert status == 200
    assert schema_problems("SellerMetrics", body) == []
    assert body["seller_id"] == "S-ACME"
    assert body["days"] == 90  # the default window
    assert (body["from"], body["to"]) == ("2026-07-12T12:00:00Z", "2026-10-10T12:00:00Z")
    assert (body["orders"], body["claims"], body["odr_claims"], body["concessions"]) == (2, 0, 0, 0)
    assert body["order_defect_rate"] == "0.0000"


async def test_a_concession_is_a_claim_but_never_a_defect(loaded):
    await concession_claim(loaded, sku=HEATER)

    _, body = await metrics(loaded)

    assert (body["claims"], body["concessions"], body["odr_claims"]) == (1, 1, 0)
    assert body["order_defect_rate"] == "0.0000"


async def test_an_accepted_claim_counts_against_the_seller(loaded):
    buyers = await add_buyers(loaded, 2)  # ACME now has 4 orders in the window
    claim = await routed_claim(loaded)
    await concession_claim(
        loaded, sku=HEATER, order_id=buyers[0][0], email=buyers[0][1], narrative=NARRATIVES[1]
    )
    before = (await metrics(loaded))[1]
    await accept(loaded, claim["reference"])

    _, after = await metrics(loaded)

    assert (before["claims"], before["odr_claims"]) == (2, 0)  # routed: nothing decided yet
    assert (after["orders"], after["claims"], after["odr_claims"], after["concessions"]) == (
        4,
        2,
        1,
        1,
    )
    assert after["order_defect_rate"] == "0.2500"


async def test_the_window_leaves_out_older_orders_and_claims(loaded, clock):
    await concession_claim(loaded, sku=HEATER)
    clock.advance(days=31)

    _, narrow = await metrics(loaded, query="?days=30")
    _, wide = await metrics(loaded, query="?days=365")

    assert (narrow["orders"], narrow["claims"], narrow["order_defect_rate"]) == (0, 0, None)
    assert (wide["orders"], wide["claims"]) == (2, 1)


async def test_a_seller_reads_its_own_metrics_and_nobody_elses(loaded):
    claim = await routed_claim(loaded)
    await accept(loaded, claim["reference"])

    own = await loaded.get("/api/seller/metrics", headers=ACME)
    other = await loaded.get("/api/seller/metrics", headers=BARE)

    assert own.status == other.status == 200
    acme, bare = await own.json(), await other.json()
    assert (acme["seller_id"], acme["odr_claims"]) == ("S-ACME", 1)
    assert (bare["seller_id"], bare["claims"], bare["odr_claims"]) == ("S-BARE", 0, 0)
    # A seller's key opens no desk endpoint, so it cannot name another seller either.
    assert (await metrics(loaded, "S-ACME", headers=BARE))[0] == 401


async def test_an_unknown_seller_has_no_metrics(loaded):
    status, body = await metrics(loaded, "S-NOBODY")

    assert status == 404
    assert body["errors"][0]["code"] == "seller_not_found"


@pytest.mark.parametrize("days", ["0", "731", "-5", "ninety", "1.5"])
async def test_a_bad_window_is_refused(loaded, days):
    for status, body in (
        await metrics(loaded, query=f"?days={days}"),
        await _own(loaded, f"?days={days}"),
    ):
        assert status == 422
        assert (body["errors"][0]["code"], body["errors"][0]["field"]) == ("invalid_value", "days")


async def _own(client, query=""):
    response = await client.get(f"/api/seller/metrics{query}", headers=ACME)
    return response.status, await response.json()


@pytest.mark.parametrize(
    "headers, expected",
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), (SERVICE, 403), (AGENT, 403)],
)
async def test_the_desks_metrics_are_for_admins(loaded, headers, expected):
    status, body = await metrics(loaded, headers=headers)

    assert status == expected
    assert "orders" not in body


@pytest.mark.parametrize(
    "headers, expected",
    [({}, 401), (UNKNOWN_KEY, 401), (ADMIN, 403), (SERVICE, 403), (AGENT, 403)],
)
async def test_a_sellers_own_metrics_need_its_own_key(loaded, headers, expected):
    response = await loaded.get("/api/seller/metrics", headers=headers)

    assert response.status == expected
    assert "orders" not in await response.json()
