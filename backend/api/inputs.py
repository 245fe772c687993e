"""Reading what clients send, safely: bounded bodies, strict JSON checked against the contract,
and text the databases can store (PostgreSQL refuses NUL characters in text)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from aiohttp import web

from backend.api.errors import ApiError, Problem
from backend.clock import parse_date
from backend.openapi import field_name, schema_problems, validate_body
from backend.policy.lifecycle import ClaimStatus

E = TypeVar("E", bound=Enum)


def too_large(limit: int) -> ApiError:
    """The error for a body over ``limit`` bytes."""
    return ApiError.single(413, "too_large", f"The request body is over the {limit}-byte limit.")


async def read_bounded(request: web.Request, limit: int) -> bytes:
    """The whole body, refusing (413) as soon as it is known to exceed ``limit`` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise too_large(limit)
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


def _refuse_constant(name: str) -> None:
    # Python's json accepts NaN and Infinity; JSON does not, and they are never amounts.
    raise ValueError(f"{name} is not JSON")


def _nul_characters(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[Problem]:
    """Problems for every string (or key) in a JSON value that contains a NUL character."""
    if isinstance(value, str) and "\x00" in value:
        yield Problem("invalid_value", field_name(path), "Text must not contain NUL characters.")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_characters(key, path)
            yield from _nul_characters(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_characters(item, (*path, index))


async def read_json(request: web.Request, limit: int, schema_name: str) -> Any:
    """The body parsed as JSON (400 ``malformed_json`` if it is not) and checked (422)."""
    raw = await read_bounded(request, limit)
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except ValueError:
        raise ApiError.single(
            400, "malformed_json", "The request body is not valid JSON."
        ) from None
    problems = list(_nul_characters(body))
    if problems:
        raise ApiError(422, problems)
    validate_body(schema_name, body)
    return body


def text_parameter(value: str | None, name: str) -> str | None:
    """A query or form parameter as text, refused (422) if it holds a NUL character."""
    if value is not None and "\x00" in value:
        raise ApiError.single(
            422, "invalid_value", "Text must not contain NUL characters.", field=name
        )
    return value


def conversation_id_parameter(value: str) -> str:
    """A conversation id in a URL path, checked as the contract's ``ConversationId`` (422)."""
    problems = schema_problems("ConversationId", value)
    if problems:
        message = f"conversation_id{problems[0].message.removeprefix('The body')}"
        raise ApiError.single(422, "invalid_value", message, field="conversation_id")
    return value


def choice_parameter(value: str | None, name: str, options: type[E]) -> E | None:
    """A query parameter as one of ``options`` (422 ``invalid_value`` if it is none of them)."""
    if value is None:
        return None
    try:
        return options(value)
    except ValueError:
        raise ApiError.single(
            422,
            "invalid_value",
            f"{name} must be one of: " + ", ".join(option.value for option in options),
            field=name,
        ) from None


def claim_status_parameter(value: str | None) -> ClaimStatus | None:
    """The ``status`` query parameter as a claim status (422 ``invalid_value`` if it is none)."""
    return choice_parameter(value, "status", ClaimStatus)


def date_parameter(value: str | None, name: str) -> date | None:
    """A query parameter as a date (422 ``invalid_value`` unless YYYY-MM-DD), if given."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise ApiError.single(
            422, "invalid_value", f"{name} must be a date like 2026-11-30.", field=name
        ) from None


def whole_number_parameter(value: str | None, name: str, default: int, maximum: int) -> int:
    """A query parameter as a whole number from 1 to ``maximum`` (422 if not), else ``default``."""
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= maximum):
        raise ApiError.single(
            422,
            "invalid_value",
            f"{name} must be a whole number from 1 to {maximum}.",
            field=name,
        )
    return int(value)
