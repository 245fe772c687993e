"""The demo insurer `make run` starts: it answers the partner quote API as the backend expects,
the same request always gets the same premium, and riskier categories cost more."""

from __future__ import annotations

import dataclasses

from demo_insurer import insurers_setting, make_app

from backend.api.app import create_app
from backend.partner_quotes import parse_insurers
from tests.backend.conftest import ADMIN
from tests.backend.fake_insurers import REQUIRED, quote_sellers

QUOTES = "/api/seller/insurance/quotes"


async def test_the_backend_takes_the_demo_insurers_quotes(aiohttp_client, aiohttp_server, settings):
    insurer = await aiohttp_server(make_app())
    configured = dataclasses.replace(
        settings, insurers=parse_insurers(insurers_setting(str(insurer.make_url("")).rstrip("/")))
    )
    client = await aiohttp_client(create_app(configured))
    await client.post("/api/admin/marketplace", json=quote_sellers(), headers=ADMIN)

    first = await (await client.post(QUOTES, headers=REQUIRED)).json()
    second = await (await client.post(QUOTES, headers=REQUIRED)).json()

    assert first["unavailable"] == []
    # S-REQ: $15,000 over two months (annualised $90,000), 60 % heaters, 20 % toys, 20 % other.
    # Rate per $1,000: 9.00 x 0.6 + 7.50 x 0.2 + 5.00 x 0.2 = 7.90; Harbor charges 85 % of it.
    assert [(o["insurer_id"], o["premium_annual"]) for o in first["offers"]] == [
        ("harbor-demo", "604.35"),
        ("demo-mutual", "711.00"),
    ]
    assert [o["premium_annual"] for o in second["offers"]] == ["604.35", "711.00"]
    terms = await (await client.session.get(first["offers"][0]["terms_url"])).text()
    assert "Harbor Demo Insurance" in terms
