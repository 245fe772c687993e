"""Sellers' users: the people of a seller who sign in to the seller portal as themselves.

Passwords and sessions as ``backend.passwords`` keeps them; a session is good for
``SELLER_SESSION_TTL`` unless revoked first (signing out, the user disabled, its password reset).
A user acts for its own seller only, and the claim's timeline names the user
(``seller:S-ACME:alice``). The seller's API key stays, for programs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Seller, SellerSession, SellerUser
from backend.passwords import (
    is_live,
    open_session,
    password_hash,
    password_matches,
    revoke,
    revoke_all,
    token_digest,
    weak_password,
)

SELLER_SESSION_TTL = timedelta(hours=12)
# Letters, digits and . _ @ - : a username goes into the timeline's actor after a colon.
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,100}")


class SellerUserError(Exception):
    """A seller user operation that cannot be done (unknown seller or name, weak password)."""


@dataclass(frozen=True)
class SignedInSeller:
    """A new session: its token (shown once), whose it is and for which seller."""

    token: str
    username: str
    seller_id: str
    expires_at: datetime


def _user(session: Session, username: str) -> SellerUser:
    user = session.execute(
        select(SellerUser).where(SellerUser.username == username.strip())
    ).scalar_one_or_none()
    if user is None:
        raise SellerUserError(f"no seller user {username!r}")
    return user


def _checked_password(password: str) -> str:
    problem = weak_password(password)
    if problem:
        raise SellerUserError(problem)
    return password_hash(password)


def create_user(
    session: Session,
    seller_id: str,
    username: str,
    email: str | None,
    password: str,
    now: datetime,
) -> SellerUser:
    """A new user of ``seller_id``; SellerUserError for an unknown seller, a taken or
    malformed name, or a short password."""
    username = username.strip()
    if session.get(Seller, seller_id) is None:
        raise SellerUserError(f"no seller {seller_id!r}")
    if not USERNAME.fullmatch(username):
        raise SellerUserError("a username is 1-100 letters, digits or . _ @ -")
    if session.execute(select(SellerUser.id).where(SellerUser.username == username)).first():
        raise SellerUserError(f"seller user {username!r} exists already")
    user = SellerUser(
        seller_id=seller_id,
        username=username,
        email=(email or "").strip() or None,
        password_hash=_checked_password(password),
        disabled=False,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def _revoke_all(session: Session, user: SellerUser, now: datetime) -> None:
    revoke_all(session, SellerSession, {"user_id": user.id}, now)


def disable_user(session: Session, username: str, now: datetime) -> None:
    """Nobody signs in as ``username`` any more; its open sessions end now."""
    user = _user(session, username)
    user.disabled = True
    _revoke_all(session, user, now)


def reset_password(session: Session, username: str, password: str, now: datetime) -> None:
    """A new password (the user is enabled again); every open session ends now."""
    user = _user(session, username)
    user.password_hash = _checked_password(password)
    user.disabled = False
    _revoke_all(session, user, now)


def sign_in(session: Session, username: str, password: str, now: datetime) -> SignedInSeller | None:
    """A new session for the right password of an enabled user; ``None`` otherwise."""
    user = session.execute(
        select(SellerUser).where(SellerUser.username == username.strip())
    ).scalar_one_or_none()
    if not password_matches(user.password_hash if user else None, password) or user.disabled:
        return None
    token, expires_at = open_session(
        session, SellerSession, {"user_id": user.id}, now, SELLER_SESSION_TTL
    )
    return SignedInSeller(token, user.username, user.seller_id, expires_at)


def signed_in_user(session: Session, token: str, now: datetime) -> SellerUser | None:
    """The user whose live session ``token`` is (not expired, revoked or disabled)."""
    found = session.get(SellerSession, token_digest(token))
    if not is_live(found, now):
        return None
    return None if found.user.disabled else found.user


def sign_out(session: Session, token: str, now: datetime) -> bool:
    """End the session ``token`` (whether it was still live)."""
    return revoke(session.get(SellerSession, token_digest(token)), now)
