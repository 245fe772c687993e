"""Signing people in by password: the claims team (``backend.staff``) and sellers' users
(``backend.seller_users``) alike.

Passwords are kept as argon2id hashes (argon2-cffi); a sign-in is a random session token of which
only the SHA-256 is stored, live until it expires or is revoked (signing out, the account
disabled, its password reset).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import update
from sqlalchemy.orm import Session

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()
# Checked against when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class SignInSession(Protocol):
    """A stored sign-in (a staff or a seller user's session row)."""

    expires_at: datetime
    revoked_at: datetime | None


def weak_password(password: str) -> str | None:
    """Why ``password`` may not be set, or ``None`` when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    return None


def password_hash(password: str) -> str:
    """The argon2id hash to keep instead of ``password``."""
    return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one hashed as ``stored_hash``; ``None`` (no such account)
    never matches, and takes as long to say so."""
    try:
        _HASHER.verify(stored_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return stored_hash is not None


def token_digest(token: str) -> str:
    """How a session token is kept: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_token() -> str:
    """A fresh session token, shown to its holder once."""
    return secrets.token_urlsafe(32)


def is_live(found: SignInSession | None, now: datetime) -> bool:
    """Whether a stored session is still good at ``now``: neither revoked nor expired."""
    return found is not None and found.revoked_at is None and found.expires_at > now


def revoke(found: SignInSession | None, now: datetime) -> bool:
    """End a stored session now; ``False`` when there was none, or it had ended already."""
    if found is None or found.revoked_at is not None:
        return False
    found.revoked_at = now
    return True


def open_session(
    session: Session, kind: type, owner: dict[str, Any], now: datetime, ttl: timedelta
) -> tuple[str, datetime]:
    """Store a new sign-in of ``kind`` (the session model) for ``owner`` (its owner column and
    id); the token, shown once, and when it expires."""
    token = new_session_token()
    expires_at = now + ttl
    session.add(
        kind(token_sha256=token_digest(token), created_at=now, expires_at=expires_at, **owner)
    )
    return token, expires_at


def revoke_all(session: Session, kind: type, owner: dict[str, Any], now: datetime) -> None:
    """End every open sign-in of ``kind`` that ``owner`` (its owner column and id) holds."""
    ((column, owner_id),) = owner.items()
    session.execute(
        update(kind)
        .where(getattr(kind, column) == owner_id, kind.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
