"""The one client the action server uses to talk to the claims backend's HTTP API.

Actions never build URLs or read HTTP responses themselves. Every call returns a value the
action can talk about: the data, a `Rejected` answer (the backend refused the request and said
why, with error codes), or `BackendUnavailable` (we could not get an answer at all).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import aiohttp

from actions.backend_session import backend_session, close_when_the_action_server_stops
from actions.settings import BackendSettings

logger = logging.getLogger(__name__)
close_when_the_action_server_stops()

# The one 403 that is about the customer (the email is not the order's), not about us.
CUSTOMER_MISMATCH = "customer_mismatch"
# The one 401 that is about the customer (a signed-in token that is bad or expired), not about us.
INVALID_CUSTOMER_TOKEN = "invalid_customer_token"
CUSTOMER_TOKEN_HEADER = "X-Customer-Token"
# 403s about the customer's claim, not about our service token: told to the customer.
OTHER_CONVERSATION = "other_conversation"
CUSTOMERS_REFUSALS = frozenset({CUSTOMER_MISMATCH, OTHER_CONVERSATION})


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    sku: str
    title: str
    seller_id: str | None = None
    price: Decimal | None = None
    quantity: int = 1


@dataclass(frozen=True)
class Order:
    """An order as the backend knows it."""

    id: str
    delivered_at: str | None
    items: tuple[OrderItem, ...]

    @property
    def delivered_on(self) -> date | None:
        """The delivery day, or None when the order has not been delivered."""
        return _iso_date(self.delivered_at)


@dataclass(frozen=True)
class ApiError:
    """One entry of the backend's `{"errors": [...]}` answer."""

    code: str
    field: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Rejected:
    """The backend answered and refused the request (a 4xx with error codes)."""

    status: int
    errors: tuple[ApiError, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The error codes, in the backend's order."""
        return tuple(error.code for error in self.errors)

    def has(self, code: str) -> bool:
        """Whether the backend gave this error code."""
        return code in self.codes


@dataclass(frozen=True)
class BackendUnavailable:
    """No usable answer: the backend is down, timed out, failed or is misconfigured."""

    reason: str


@dataclass(frozen=True)
class FiledClaim:
    """A claim the backend stored, as `POST /api/claims` and `GET /api/claims/...` return it."""

    reference: str
    status: str
    decision: dict[str, Any]
    order_id: str = ""
    sku: str = ""
    claimed_total: Decimal | None = None
    incident_date: str | None = None
    seller_response_due: str | None = None
    evidence_count: int = 0


class ClaimsBackend:
    """Async client for the claims backend (`/api/orders`, `/api/claims`, the customer's rights
    on a filed claim: status, more evidence, withdrawal)."""

    def __init__(self, settings: BackendSettings | None = None) -> None:
        self.settings = settings or BackendSettings.from_env()

    async def get_order(
        self, order_id: str, customer_email: str | None = None, incident_date: date | None = None
    ) -> Order | Rejected | BackendUnavailable:
        """Look an order up; with `customer_email`, the backend also checks it is theirs, and with
        `incident_date` that a claim could name that day (`incident_before_delivery`,
        `incident_in_future`: the policy's date rule lives in the backend only)."""
        headers = {"X-Customer-Email": customer_email} if customer_email else {}
        query = f"?incident_date={incident_date.isoformat()}" if incident_date else ""
        answer = await self._request(
            "GET", f"/api/orders/{quote(order_id, safe='')}{query}", headers=headers
        )
        if not isinstance(answer, tuple):
            return answer
        try:
            return _order_from_json(answer[1])
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            return _malformed("GET /api/orders", error)

    async def file_claim(
        self, body: dict[str, Any], idempotency_key: str
    ) -> FiledClaim | Rejected | BackendUnavailable:
        """File a claim. The same `idempotency_key` never files twice."""
        answer = await self._request(
            "POST", "/api/claims", json=body, headers={"Idempotency-Key": idempotency_key}
        )
        if not isinstance(answer, tuple):
            return answer
        try:
            return _claim_from_json(answer[1])
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            return _malformed("POST /api/claims", error)

    async def get_claim(
        self, reference: str, customer_email: str, conversation_id: str | None = None
    ) -> FiledClaim | Rejected | BackendUnavailable:
        """A claim by its reference; the backend answers 404 unless the email is the claim's
        (and counts the checks per `conversation_id`, where guesses are rate limited)."""
        answer = await self._request(
            "GET", _claim_path(reference), headers=_proof(customer_email, conversation_id)
        )
        return _parsed_claim(answer, "GET /api/claims/{reference}")

    async def claims_on_order(
        self, order_id: str, customer_email: str, conversation_id: str | None = None
    ) -> list[FiledClaim] | Rejected | BackendUnavailable:
        """The customer's claims on one order (none when the email is not the order's)."""
        answer = await self._request(
            "GET",
            f"/api/claims?order_id={quote(order_id, safe='')}",
            headers=_proof(customer_email, conversation_id),
        )
        if not isinstance(answer, tuple):
            return answer
        try:
            return [_claim_from_json(claim) for claim in answer[1]["claims"]]
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            return _malformed("GET /api/claims", error)

    async def add_evidence(
        self, reference: str, customer_email: str, evidence_ids: list[str]
    ) -> FiledClaim | Rejected | BackendUnavailable:
        """Attach uploaded files to a claim (409 `claim_finished` once it is closed)."""
        answer = await self._request(
            "POST",
            f"{_claim_path(reference)}/evidence",
            json={"evidence_ids": evidence_ids},
            headers={"X-Customer-Email": customer_email},
        )
        return _parsed_claim(answer, "POST /api/claims/{reference}/evidence")

    async def withdraw_claim(
        self,
        reference: str,
        customer_email: str,
        reason: str,
        conversation_id: str,
        customer_token: str | None = None,
    ) -> FiledClaim | Rejected | BackendUnavailable:
        """Withdraw a claim (409 `claim_finished` once it can no longer be changed). The service
        withdraws only in the conversation that filed it (403 `other_conversation`), unless the
        customer is signed in (their `customer_token`)."""
        headers = _proof(customer_email, conversation_id)
        if customer_token:
            headers[CUSTOMER_TOKEN_HEADER] = customer_token
        answer = await self._request(
            "POST",
            f"{_claim_path(reference)}/withdraw",
            json={"reason": reason},
            headers=headers,
        )
        return _parsed_claim(answer, "POST /api/claims/{reference}/withdraw")

    async def request_handoff(
        self,
        conversation_id: str,
        channel: str | None,
        reason: str,
        facts: dict[str, Any],
        customer_message: str | None,
    ) -> dict[str, Any] | Rejected | BackendUnavailable:
        """Queue the conversation for a person from the claims team (or add a reason to the
        handoff already waiting); returns the handoff as the backend stores it."""
        body = {
            "conversation_id": conversation_id,
            "channel": channel or "rest",
            "reason": reason,
            "facts": facts,
            "customer_message": customer_message,
        }
        answer = await self._request("POST", "/api/handoffs", json=body)
        return answer[1] if isinstance(answer, tuple) else answer

    async def customer_of_token(self, token: str) -> str | Rejected | BackendUnavailable:
        """The email of the signed-in customer a website's customer token names."""
        answer = await self._request(
            "GET", "/api/customer-tokens/current", headers={CUSTOMER_TOKEN_HEADER: token}
        )
        if not isinstance(answer, tuple):
            return answer
        email = answer[1].get("email") if isinstance(answer[1], dict) else None
        if not isinstance(email, str) or not email:
            return _malformed("GET /api/customer-tokens/current", ValueError("no email"))
        return email

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any] | Rejected | BackendUnavailable:
        url = f"{self.settings.base_url}{path}"
        all_headers = {
            "Authorization": f"Bearer {self.settings.service_token}",
            "Accept": "application/json",
            **(headers or {}),
        }
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout_seconds)
        try:
            async with backend_session().request(
                method, url, json=json, headers=all_headers, timeout=timeout
            ) as resp:
                status = resp.status
                try:
                    payload = await resp.json(content_type=None)
                except ValueError:
                    payload = None
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.warning("claims backend unreachable: %s %s: %r", method, url, error)
            return BackendUnavailable(f"{type(error).__name__}: {error}")

        errors = _error_codes(payload)
        codes = {error.code for error in errors}
        if (status == 401 and INVALID_CUSTOMER_TOKEN not in codes) or (
            status == 403 and not codes & CUSTOMERS_REFUSALS
        ):
            # Our own service token was refused: a deployment problem, not the customer's.
            logger.error(
                "claims backend refused the service token (%s %s -> %s)", method, path, status
            )
            return BackendUnavailable(f"HTTP {status}: service token refused")
        if status >= 500 or status in (408, 429):
            logger.warning("claims backend failed: %s %s -> %s", method, path, status)
            return BackendUnavailable(f"HTTP {status}")
        if status >= 400:
            return Rejected(status, errors or (ApiError(f"http_{status}"),))
        if payload is None:
            return BackendUnavailable(f"HTTP {status}: answer is not JSON")
        return status, payload


def _error_codes(payload: Any) -> tuple[ApiError, ...]:
    if not isinstance(payload, dict) or not isinstance(payload.get("errors"), list):
        return ()
    return tuple(
        ApiError(
            code=str(item.get("code", "unknown")),
            field=item.get("field"),
            message=str(item.get("message", "")),
        )
        for item in payload["errors"]
        if isinstance(item, dict)
    )


def _malformed(call: str, error: Exception) -> BackendUnavailable:
    logger.error("claims backend answered %s with an unexpected body: %r", call, error)
    return BackendUnavailable(f"unexpected answer to {call}")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(value[:10])


def _order_from_json(payload: dict[str, Any]) -> Order:
    return Order(
        id=str(payload["id"]),
        delivered_at=payload.get("delivered_at"),
        items=tuple(
            OrderItem(
                sku=str(item["sku"]),
                title=str(item.get("title") or item["sku"]),
                seller_id=item.get("seller_id"),
                price=_decimal(item.get("price")),
                quantity=int(item.get("quantity") or 1),
            )
            for item in payload.get("items") or []
        ),
    )


def _proof(customer_email: str, conversation_id: str | None) -> dict[str, str]:
    """The customer's email as proof, and the conversation the assistant asks it in."""
    headers = {"X-Customer-Email": customer_email}
    if conversation_id:
        headers["X-Conversation-Id"] = conversation_id
    return headers


def _claim_path(reference: str) -> str:
    return f"/api/claims/{quote(reference, safe='')}"


def _parsed_claim(
    answer: tuple[int, Any] | Rejected | BackendUnavailable, call: str
) -> FiledClaim | Rejected | BackendUnavailable:
    if not isinstance(answer, tuple):
        return answer
    try:
        return _claim_from_json(answer[1])
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        return _malformed(call, error)


def _claim_from_json(payload: dict[str, Any]) -> FiledClaim:
    return FiledClaim(
        reference=str(payload["reference"]),
        status=str(payload["status"]),
        decision=dict(payload.get("decision") or {}),
        order_id=str(payload.get("order_id") or ""),
        sku=str(payload.get("sku") or ""),
        claimed_total=_decimal(payload.get("claimed_total")),
        incident_date=payload.get("incident_date"),
        seller_response_due=payload.get("seller_response_due"),
        evidence_count=len(payload.get("evidence") or []),
    )
