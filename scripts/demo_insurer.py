"""A demo partner insurer for `make run`: quotes sellers through the partner quote API.

It plays two insurers on one port (`POST /quotes/demo-mutual`, `POST /quotes/harbor-demo`), so
a seller sees offers side by side. Quotes are deterministic: the premium is the seller's sales,
annualised from the monthly sales it is told, times a rate per $1,000 weighted by the seller's
category mix, times the insurer's factor; never below a minimum premium. Nothing is bound: this
is for trying the product, not insurance.

    python scripts/demo_insurer.py --port 8091
"""

from __future__ import annotations

import argparse
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aiohttp import web

# Yearly premium per $1,000 of sales, by product category (made up, but heaters cost more).
RATE_PER_THOUSAND = {
    "space_heaters": Decimal("9.00"),
    "kitchen_appliances": Decimal("6.50"),
    "lighting": Decimal("4.00"),
    "toys": Decimal("7.50"),
    "ebike_batteries": Decimal("12.00"),
    "electronics_accessories": Decimal("5.50"),
}
DEFAULT_RATE = Decimal("5.00")
QUOTE_DAYS = 30
CENT = Decimal("0.01")


@dataclass(frozen=True)
class DemoInsurer:
    """One of the insurers this server plays."""

    id: str
    name: str
    factor: Decimal
    minimum_premium: Decimal
    aggregate_multiple: int
    deductible: Decimal


DEMO_INSURERS = {
    insurer.id: insurer
    for insurer in (
        DemoInsurer(
            "demo-mutual", "Demo Mutual", Decimal("1.00"), Decimal("450.00"), 2, Decimal("1000.00")
        ),
        DemoInsurer(
            "harbor-demo",
            "Harbor Demo Insurance",
            Decimal("0.85"),
            Decimal("600.00"),
            3,
            Decimal("2500.00"),
        ),
    )
}


def insurers_setting(base_url: str) -> str:
    """`CLAIMS_INSURERS` naming the demo insurers served at ``base_url``."""
    return json.dumps(
        [
            {"id": insurer.id, "name": insurer.name, "quote_url": f"{base_url}/quotes/{insurer.id}"}
            for insurer in DEMO_INSURERS.values()
        ]
    )


def demo_quote(insurer: DemoInsurer, request: dict[str, Any], terms_url: str) -> dict[str, Any]:
    """The insurer's quote for a `PartnerQuoteRequest`."""
    sales = [Decimal(month["amount"]) for month in request["monthly_sales"]]
    annual_sales = sum(sales, Decimal(0)) * 12 / len(sales) if sales else Decimal(0)
    mix = request["category_mix"] or [{"category": "uncategorized", "share": "1.0000"}]
    rate = sum(
        (
            RATE_PER_THOUSAND.get(part["category"], DEFAULT_RATE) * Decimal(part["share"])
            for part in mix
        ),
        Decimal(0),
    )
    premium = max(insurer.minimum_premium, annual_sales / 1000 * rate * insurer.factor)
    limit = Decimal(request["coverage"]["per_occurrence_limit"])
    requested_at = datetime.fromisoformat(request["requested_at"].replace("Z", "+00:00"))
    return {
        # A fresh id each time: an insurer never reuses one (the premium is what is deterministic).
        "quote_id": f"DQ-{uuid.uuid4().hex[:16].upper()}",
        "premium_annual": str(premium.quantize(CENT, ROUND_HALF_UP)),
        "currency": "USD",
        "per_occurrence_limit": str(limit.quantize(CENT)),
        "aggregate_limit": str((limit * insurer.aggregate_multiple).quantize(CENT)),
        "deductible": str(insurer.deductible),
        "valid_until": (requested_at + timedelta(days=QUOTE_DAYS))
        .astimezone(timezone.utc)
        .strftime("%Y-%m-%dT%H:%M:%SZ"),
        "terms_url": terms_url,
    }


async def post_quote(request: web.Request) -> web.Response:
    insurer = DEMO_INSURERS.get(request.match_info["insurer_id"])
    if insurer is None:
        raise web.HTTPNotFound()
    try:
        asked = await request.json()
        terms_url = f"{request.scheme}://{request.host}/terms/{insurer.id}"
        return web.json_response(demo_quote(insurer, asked, terms_url))
    except (ValueError, KeyError, TypeError, ArithmeticError):
        raise web.HTTPBadRequest(text="not a partner quote request") from None


async def get_terms(request: web.Request) -> web.Response:
    insurer = DEMO_INSURERS.get(request.match_info["insurer_id"])
    if insurer is None:
        raise web.HTTPNotFound()
    return web.Response(
        text=f"{insurer.name}: demo product liability terms. Not real insurance; nothing is bound.\n"
    )


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def make_app() -> web.Application:
    """The demo insurer's web application."""
    app = web.Application(client_max_size=64 * 1024)
    app.add_routes(
        [
            web.post("/quotes/{insurer_id}", post_quote),
            web.get("/terms/{insurer_id}", get_terms),
            web.get("/health", health),
        ]
    )
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8091)
    arguments = parser.parse_args()
    web.run_app(make_app(), host=arguments.host, port=arguments.port, print=None)


if __name__ == "__main__":
    main()
