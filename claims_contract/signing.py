"""Tokens the backend signs itself (HS256 JWTs, through PyJWT): web chat conversations and
customers. The web chat channel of the Rasa server verifies conversation tokens with the same
secret. (Staff sign in with accounts and stored sessions, ``backend.staff``.)

Each token names its ``kind``, and a token is only ever accepted as the kind it was signed as: a
customer token can never open a conversation, nor a conversation token name a customer.
Expiry is checked against the caller's clock (the backend's, not the system's), like every other
deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

import jwt

ALGORITHM = "HS256"
ISSUER = "claims-backend"


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
    return SignedToken(jwt.encode(claims, secret, algorithm=ALGORITHM), expires_at)


def verify(secret: str, kind: TokenKind, token: str, now: datetime) -> str:
    """The subject of ``token`` if it is a valid, unexpired token of ``kind``; else InvalidToken."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            # Expiry is checked below against the backend's clock, which tests control.
            options={
                "require": ["iss", "kind", "sub", "exp"],
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.InvalidTokenError as error:
        raise InvalidToken(str(error)) from None
    if claims.get("kind") != kind.value:
        raise InvalidToken(f"not a {kind.value} token")
    expires = claims["exp"]
    if not isinstance(expires, int) or expires <= now.timestamp():
        raise InvalidToken("expired")
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject:
        raise InvalidToken("no subject")
    return subject
