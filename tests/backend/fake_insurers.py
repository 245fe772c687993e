"""Partner insurers for the tests: aiohttp apps on loopback answering the partner quote API, well
or badly, and the sellers that ask them for quotes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from backend.partner_quotes import PartnerInsurer


def quote(quote_id: str, premium: str, **changes: Any) -> dict[str, Any]:
    """A well-formed quote for the $1M cover, valid till November; ``changes`` override fields."""
    return {
        "quote_id": quote_id,
        "premium_annual": premium,
        "currency": "USD",
        "per_occurrence_limit": "1000000.00",
        "aggregate_limit": "2000000.00",
        "deductible": "1000.00",
        "valid_until": "2026-11-09T12:00:00Z",
        "terms_url": f"https://insurer.example/terms/{quote_id}",
        **changes,
    }


@dataclass
class FakeInsurer:
    """One partner insurer: answers every quote request with ``answer`` and keeps the requests."""

    id: str
    name: str
    answer: Callable[[dict[str, Any]], Any]
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def app(self) -> web.Application:
        async def post_quote(request: web.Request) -> web.StreamResponse:
            body = await request.json()
            self.requests.append(
                {"body": body, "authorization": request.headers.get("Authorization")}
            )
            answer = self.answer(body)
            if asyncio.iscoroutine(answer):
                answer = await answer
            if isinstance(answer, web.StreamResponse):
                return answer
            return web.json_response(answer)

        app = web.Application()
        app.router.add_post("/quote", post_quote)
        return app

    def partner(self, token: str | None = None) -> PartnerInsurer:
        return PartnerInsurer(self.id, self.name, self.url, token)


def offering(quote_id: str, premium: str, **changes: Any) -> Callable[[dict[str, Any]], Any]:
    """An insurer that quotes ``premium`` each time, a new quote id per request."""
    count = iter(range(1, 1000))
    return lambda body: quote(f"{quote_id}-{next(count)}", premium, **changes)


def failing(status: int = 503) -> Callable[[dict[str, Any]], Any]:
    return lambda body: web.Response(status=status, text="down for maintenance")


def slow(seconds: float) -> Callable[[dict[str, Any]], Any]:
    async def answer(body: dict[str, Any]) -> Any:
        await asyncio.sleep(seconds)
        return quote("SLOW-1", "10.00")

    return answer


def raw(body: bytes | str, content_type: str = "application/json") -> Callable[..., Any]:
    """An insurer answering ``body`` as it is (malformed, hostile)."""
    data = body.encode() if isinstance(body, str) else body
    return lambda request: web.Response(body=data, content_type=content_type)


async def serve(aiohttp_server, insurer: FakeInsurer) -> FakeInsurer:
    server = await aiohttp_server(insurer.app())
    insurer.url = str(server.make_url("/quote"))
    return insurer


# Sellers for the quote tests: required (a $12,000 September, no policy), near the threshold
# ($8,000.00 once), just below it ($7,999.99), each with its own API key.
REQUIRED = {"Authorization": "Bearer sk-req-0001-0000000000000000"}
NEAR = {"Authorization": "Bearer sk-near-0002-000000000000000"}
LOW = {"Authorization": "Bearer sk-low-0003-0000000000000000"}


def quote_sellers() -> dict[str, Any]:
    """Marketplace data: the sellers above, and an order of the required seller's products."""

    def seller(seller_id: str, key: dict[str, str], amount: str) -> dict[str, Any]:
        return {
            "id": seller_id,
            "name": f"Seller {seller_id}",
            "email": f"{seller_id.lower()}@sellers.example",
            "api_key": key["Authorization"].split()[1],
            "monthly_sales": [
                {"month": "2026-08", "amount": "3000.00"},
                {"month": "2026-09", "amount": amount},
            ],
        }

    item = {"seller_id": "S-REQ", "quantity": 1}
    return {
        "sellers": [
            seller("S-REQ", REQUIRED, "12000.00"),
            seller("S-NEAR", NEAR, "8000.00"),
            seller("S-LOW", LOW, "7999.99"),
        ],
        "orders": [
            {
                "id": "300-0000000-0000001",
                "customer": {"id": "C-Q", "name": "Quinn", "email": "quinn@example.com"},
                "placed_at": "2026-09-20T10:00:00Z",
                "delivered_at": "2026-09-22T10:00:00Z",
                "items": [
                    {
                        **item,
                        "sku": "Q-HEATER",
                        "title": "Heater",
                        "price": "300.00",
                        "category": "space_heaters",
                    },
                    {
                        **item,
                        "sku": "Q-HEATER-2",
                        "title": "Heater",
                        "price": "150.00",
                        "quantity": 2,
                        "category": "space_heaters",
                    },
                    {
                        **item,
                        "sku": "Q-RATTLE",
                        "title": "Rattle",
                        "price": "200.00",
                        "category": "toys",
                    },
                    {**item, "sku": "Q-THING", "title": "Thing", "price": "200.00"},
                ],
            }
        ],
    }
