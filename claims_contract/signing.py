"""Tokens the backend signs itself (HS256 JWTs): web chat conversations and customers. The web
chat channel of the Rasa server verifies conversation tokens with the same secret. (Staff sign in
with accounts and stored sessions, ``backend.staff``.)

Each token names its ``kind``, and a token is only ever accepted as the kind it was signed as: a
customer token can never open a conversation, nor a conversation token name a customer.
Expiry is checked against the caller's clock (the backend's, not the system's), like every other
deadline. Written with the standard library only, so every process can check a token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

ALGORITHM = "HS256"
ISSUER = "claims-backend"
_HEADER = {"alg": ALGORITHM, "typ": "JWT"}
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")


class TokenKind(str, Enum):
    """What a signed token lets its holder do, and what its subject is."""

    CONVERSATION = "conversation"  # subject: the web chat's conversation id
    CUSTOMER = "customer"  # subject: the signed-in customer's email


CONVERSATION_TOKEN_TTL = timedelta(days=30)
CUSTOMER_TOKEN_TTL = timedelta(days=1)


class InvalidToken(Exception):
    """A token that is malformed, tampered with, expired, or of another kind."""


@dataclass(frozen=True)
class SignedToken:
    """A token and the moment it stops working."""

    token: str
    expires_at: datetime


def sign(secret: str, kind: TokenKind, subject: str, now: datetime, ttl: timedelta) -> SignedToken:
    """A token of ``kind`` for ``subject``, valid from ``now`` for ``ttl``."""
    expires_at = (now + ttl).astimezone(timezone.utc).replace(microsecond=0)
    claims = {
        "iss": ISSUER,
        "kind": kind.value,
        "sub": subject,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    signing_input = f"{_encode(_HEADER)}.{_encode(claims)}"
    return SignedToken(f"{signing_input}.{_signature(secret, signing_input)}", expires_at)


def verify(secret: str, kind: TokenKind, token: str, now: datetime) -> str:
    """The subject of ``token`` if it is a valid, unexpired token of ``kind``; else InvalidToken."""
    claims = _verified_claims(secret, token)
    if claims.get("iss") != ISSUER:
        raise InvalidToken("not issued by the claims backend")
    if claims.get("kind") != kind.value:
        raise InvalidToken(f"not a {kind.value} token")
    expires = claims.get("exp")
    if not isinstance(expires, int) or isinstance(expires, bool) or expires <= now.timestamp():
        raise InvalidToken("expired")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise InvalidToken("no subject")
    return subject


def _verified_claims(secret: str, token: str) -> dict[str, Any]:
    """The claims of an HS256 token signed with ``secret``; anything else is InvalidToken."""
    parts = token.split(".")
    if len(parts) != 3 or not all(_BASE64URL.match(part) for part in parts):
        raise InvalidToken("not a JWT")
    header, claims, signature = parts
    if not hmac.compare_digest(signature, _signature(secret, f"{header}.{claims}")):
        raise InvalidToken("bad signature")
    try:
        header, claims = _decode(header), _decode(claims)
    except (ValueError, binascii.Error) as error:
        raise InvalidToken(f"unreadable: {error}") from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise InvalidToken(f"not {ALGORITHM}")
    if not isinstance(claims, dict):
        raise InvalidToken("no claims")
    return claims


def _signature(secret: str, signing_input: str) -> str:
    digest = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _encode(part: dict[str, Any]) -> str:
    text = json.dumps(part, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def _decode(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
