"""Staff accounts: each agent, fraud expert and admin signs in as themselves.

Passwords and sessions as ``backend.passwords`` keeps them; a session is good for
``STAFF_SESSION_TTL`` unless revoked first (signing out, the account disabled, its password
reset). The role tokens stay, for programs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import StaffAccount, StaffSession
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

ROLES = ("agent", "expert", "admin")
STAFF_SESSION_TTL = timedelta(hours=12)


class StaffError(Exception):
    """A staff account operation that cannot be done (unknown name, bad role, weak password)."""


@dataclass(frozen=True)
class SignedIn:
    """A new session: its token (shown once) and whose it is."""

    token: str
    username: str
    role: str
    expires_at: datetime


def _account(session: Session, username: str) -> StaffAccount:
    account = session.execute(
        select(StaffAccount).where(StaffAccount.username == username.strip())
    ).scalar_one_or_none()
    if account is None:
        raise StaffError(f"no staff account {username!r}")
    return account


def _checked_password(password: str) -> str:
    problem = weak_password(password)
    if problem:
        raise StaffError(problem)
    return password_hash(password)


def create_account(
    session: Session, username: str, role: str, password: str, now: datetime
) -> StaffAccount:
    """A new account; StaffError for a taken name, an unknown role or a short password."""
    username = username.strip()
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 100 or username.casefold() in {"agent", "admin", "service"}:
        raise StaffError("a username is 1-100 characters and not a role's name")
    if session.execute(select(StaffAccount.id).where(StaffAccount.username == username)).first():
        raise StaffError(f"staff account {username!r} exists already")
    account = StaffAccount(
        username=username,
        role=role,
        password_hash=_checked_password(password),
        disabled=False,
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account


def _revoke_all(session: Session, account: StaffAccount, now: datetime) -> None:
    revoke_all(session, StaffSession, {"account_id": account.id}, now)


def disable_account(session: Session, username: str, now: datetime) -> None:
    """Nobody signs in as ``username`` any more; its open sessions end now."""
    account = _account(session, username)
    account.disabled = True
    _revoke_all(session, account, now)


def reset_password(session: Session, username: str, password: str, now: datetime) -> None:
    """A new password (the account is enabled again); every open session ends now."""
    account = _account(session, username)
    account.password_hash = _checked_password(password)
    account.disabled = False
    _revoke_all(session, account, now)


def sign_in(session: Session, username: str, password: str, now: datetime) -> SignedIn | None:
    """A new session for the right password of an enabled account; ``None`` otherwise."""
    account = session.execute(
        select(StaffAccount).where(StaffAccount.username == username.strip())
    ).scalar_one_or_none()
    if not password_matches(account.password_hash if account else None, password):
        return None
    if account.disabled:
        return None
    token, expires_at = open_session(
        session, StaffSession, {"account_id": account.id}, now, STAFF_SESSION_TTL
    )
    return SignedIn(token, account.username, account.role, expires_at)


def signed_in_account(session: Session, token: str, now: datetime) -> StaffAccount | None:
    """The account whose live session ``token`` is (not expired, revoked or disabled)."""
    found = session.get(StaffSession, token_digest(token))
    if not is_live(found, now):
        return None
    return None if found.account.disabled else found.account


def sign_out(session: Session, token: str, now: datetime) -> bool:
    """End the session ``token`` (whether it was still live)."""
    return revoke(session.get(StaffSession, token_digest(token)), now)
