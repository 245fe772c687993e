"""Asking the marketplace's partner insurers for quotes, over their quote API.

Partners are configured (``CLAIMS_INSURERS``, a JSON list of ``{"id", "name", "quote_url"}``,
optionally a ``token`` sent as ``Authorization: Bearer``). Each is POSTed the same
``PartnerQuoteRequest`` at once, with a time limit each; an insurer that fails, is slow,
redirects or answers anything but a well-formed ``PartnerQuote`` for the cover asked for is
skipped and reported, never trusted (openapi.yaml ``x-partner-quote-api`` documents the API).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import aiohttp

from backend.clock import parse_timestamp
from backend.money import parse_money
from backend.openapi import schema_problems

log = logging.getLogger(__name__)

# A quote is a few hundred bytes; an insurer sending more is not answering the API.
QUOTE_MAX_BYTES = 16 * 1024
_INSURER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_QUOTE_URL = re.compile(r"^https?://[^\s/?#]+\S*$")


@dataclass(frozen=True)
class PartnerInsurer:
    """An insurer the marketplace works with, and where its quote API listens."""

    id: str
    name: str
    quote_url: str
    token: str | None = field(default=None, repr=False)


def parse_insurers(text: str) -> tuple[PartnerInsurer, ...]:
    """The partner insurers from ``CLAIMS_INSURERS``'s JSON; ``ValueError`` saying what is wrong."""
    try:
        records = json.loads(text)
    except ValueError:
        records = None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise ValueError("CLAIMS_INSURERS must be a JSON list of insurers (objects)")
    insurers = []
    for index, record in enumerate(records):
        insurer_id, name, url = record.get("id"), record.get("name"), record.get("quote_url")
        token = record.get("token")
        if not isinstance(insurer_id, str) or not _INSURER_ID.match(insurer_id):
            raise ValueError(f"CLAIMS_INSURERS[{index}].id must be like acme-mutual (a-z, 0-9, -)")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ValueError(f"CLAIMS_INSURERS[{index}].name must be the insurer's name")
        if not isinstance(url, str) or not _QUOTE_URL.match(url):
            raise ValueError(f"CLAIMS_INSURERS[{index}].quote_url must be an http(s) URL")
        if token is not None and not isinstance(token, str):
            raise ValueError(f"CLAIMS_INSURERS[{index}].token must be a string")
        insurers.append(PartnerInsurer(insurer_id, name.strip(), url, token or None))
    if len({insurer.id for insurer in insurers}) != len(insurers):
        raise ValueError("CLAIMS_INSURERS names an insurer id twice")
    return tuple(insurers)


@dataclass(frozen=True)
class PartnerQuote:
    """An insurer's offer, checked: the cover asked for, in dollars, valid for a while."""

    insurer: PartnerInsurer
    quote_id: str
    premium_annual: Decimal
    currency: str
    per_occurrence_limit: Decimal
    aggregate_limit: Decimal
    deductible: Decimal
    valid_until: datetime
    terms_url: str


@dataclass(frozen=True)
class InsurerUnavailable:
    """An insurer that gave no usable quote this time, and why (for the operator's log)."""

    insurer_id: str
    problem: str


@dataclass(frozen=True)
class QuoteRound:
    """What one round of asking every partner brought: offers, and who could not quote."""

    offers: list[PartnerQuote]
    unavailable: list[InsurerUnavailable]


class QuoteRefused(Exception):
    """An insurer's answer that is no usable quote."""


async def ask_partners(
    http: aiohttp.ClientSession,
    insurers: tuple[PartnerInsurer, ...],
    request: dict[str, Any],
    required_limit: Decimal,
    now: datetime,
    timeout_seconds: float,
) -> QuoteRound:
    """Ask every insurer at once for a quote on ``request`` (a ``PartnerQuoteRequest``)."""
    answers = await asyncio.gather(
        *(
            _ask(http, insurer, request, required_limit, now, timeout_seconds)
            for insurer in insurers
        )
    )
    offers = [answer for answer in answers if isinstance(answer, PartnerQuote)]
    unavailable = [answer for answer in answers if isinstance(answer, InsurerUnavailable)]
    for missing in unavailable:
        log.warning("insurer %s gave no quote: %s", missing.insurer_id, missing.problem)
    return QuoteRound(offers, unavailable)


async def _ask(
    http: aiohttp.ClientSession,
    insurer: PartnerInsurer,
    request: dict[str, Any],
    required_limit: Decimal,
    now: datetime,
    timeout_seconds: float,
) -> PartnerQuote | InsurerUnavailable:
    headers = {"Authorization": f"Bearer {insurer.token}"} if insurer.token else {}
    try:
        async with http.post(
            insurer.quote_url,
            json=request,
            headers=headers,
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=timeout_seconds),
        ) as response:
            if response.status not in (200, 201):
                return InsurerUnavailable(insurer.id, f"answered HTTP {response.status}")
            body = await _read_at_most(response, QUOTE_MAX_BYTES + 1)
        return checked_quote(insurer, body, required_limit, now)
    except asyncio.TimeoutError:
        return InsurerUnavailable(insurer.id, f"no answer within {timeout_seconds:g} s")
    except aiohttp.ClientError as error:
        return InsurerUnavailable(insurer.id, f"unreachable: {error.__class__.__name__}")
    except QuoteRefused as refused:
        return InsurerUnavailable(insurer.id, f"refused quote: {refused}")
    except Exception:
        # One insurer's surprise must not cost the seller the other insurers' offers.
        log.exception("insurer %s: unexpected error while asking for a quote", insurer.id)
        return InsurerUnavailable(insurer.id, "unexpected error")


async def _read_at_most(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The body, or its first ``limit`` bytes: a hostile insurer cannot make us hold more."""
    body = b""
    while len(body) < limit:
        chunk = await response.content.read(limit - len(body))
        if not chunk:
            break
        body += chunk
    return body


def checked_quote(
    insurer: PartnerInsurer, body: bytes, required_limit: Decimal, now: datetime
) -> PartnerQuote:
    """The quote in ``body`` if it is one the seller may be shown; ``QuoteRefused`` otherwise."""
    if len(body) > QUOTE_MAX_BYTES:
        raise QuoteRefused(f"more than {QUOTE_MAX_BYTES} bytes")
    try:
        quote = json.loads(body)
    except (ValueError, RecursionError):
        raise QuoteRefused("not JSON") from None
    problems = schema_problems("PartnerQuote", quote)
    if problems:
        raise QuoteRefused("; ".join(problem.message for problem in problems[:3]))
    offer = PartnerQuote(
        insurer=insurer,
        quote_id=quote["quote_id"],
        premium_annual=parse_money(quote["premium_annual"]),
        currency=quote["currency"],
        per_occurrence_limit=parse_money(quote["per_occurrence_limit"]),
        aggregate_limit=parse_money(quote["aggregate_limit"]),
        deductible=parse_money(quote["deductible"]),
        valid_until=parse_timestamp(quote["valid_until"]),
        terms_url=quote["terms_url"],
    )
    if offer.premium_annual <= 0:
        raise QuoteRefused("no premium")
    if offer.per_occurrence_limit < required_limit:
        raise QuoteRefused(f"covers less than {required_limit} per occurrence")
    if offer.aggregate_limit < offer.per_occurrence_limit:
        raise QuoteRefused("aggregate limit under the per-occurrence limit")
    if offer.deductible >= offer.per_occurrence_limit:
        raise QuoteRefused("deductible as large as the cover")
    if offer.valid_until <= now:
        raise QuoteRefused("already expired")
    return offer
