"""Who is calling: roles from bearer tokens, staff sessions (agents, experts, admins), sellers'
API keys and their users' sessions, tokens the backend signed (web chat conversations,
customers), and the customer's email as proof."""

from __future__ import annotations

import hmac
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.errors import ApiError
from backend.claim_view import seller_actor
from backend.credentials import api_key_digest
from backend.db import in_transaction
from backend.models import Seller
from backend.seller_users import signed_in_user
from backend.settings import Settings
from backend.staff import signed_in_account
from claims_contract.signing import InvalidToken, TokenKind, verify


class Role(str, Enum):
    """The kinds of callers the backend trusts, each with its own token."""

    ADMIN = "admin"  # marketplace operations: data loading, every claim
    SERVICE = "service"  # the action server and channel connectors, on the customer's behalf
    AGENT = "agent"  # customer-service agents


CUSTOMER_EMAIL_HEADER = "X-Customer-Email"
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="claims"'}


def role_for_token(token: str, settings: Settings) -> Role | None:
    """The role ``token`` belongs to, if any; a role whose token is unset cannot authenticate."""
    configured = {
        Role.ADMIN: settings.admin_token,
        Role.SERVICE: settings.service_token,
        Role.AGENT: settings.agent_token,
    }
    found = None
    # Compare against every token (constant time each) so timing does not reveal which matched.
    for role, expected in configured.items():
        if expected and hmac.compare_digest(token.encode(), expected.encode()):
            found = role
    return found


def bearer_token(request: web.Request) -> str | None:
    """The bearer token the caller sent, or ``None`` without an Authorization header.

    Any other kind of Authorization header is a 401.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized()
    return token.strip()


def caller_role(request: web.Request) -> Role | None:
    """The caller's role, or ``None`` without an Authorization header; a bad token is a 401."""
    token = bearer_token(request)
    if token is None:
        return None
    role = role_for_token(token, request.app[SETTINGS])
    if role is None:
        raise unauthorized()
    return role


@dataclass(frozen=True)
class ActingSeller:
    """A seller at work: its id, and the timeline's actor (``seller:S-ACME`` for its API key,
    ``seller:S-ACME:alice`` for one of its users)."""

    seller_id: str
    actor: str


def _seller_for_token(session: Session, token: str, settings: Settings) -> ActingSeller | None:
    """The seller whose API key, or whose user's live session, ``token`` is."""
    seller_id = session.execute(
        select(Seller.id).where(Seller.api_key_sha256 == api_key_digest(token))
    ).scalar_one_or_none()
    if seller_id is not None:
        return ActingSeller(seller_id, seller_actor(seller_id))
    user = signed_in_user(session, token, settings.clock())
    if user is None:
        return None
    return ActingSeller(user.seller_id, seller_actor(user.seller_id, user.username))


async def require_seller(request: web.Request) -> ActingSeller:
    """The seller whose own API key, or whose user's session (``POST /api/seller/sign-in``),
    the caller presents.

    401 without a token or with an unknown one; 403 for the desk's role tokens, which belong to
    no seller.
    """
    token = bearer_token(request)
    if token is None:
        raise unauthorized()
    settings = request.app[SETTINGS]
    if role_for_token(token, settings) is not None:
        raise ApiError.single(403, "forbidden", "Only a seller's own API key may do that.")
    seller = await in_transaction(
        request.app[SESSIONS], lambda session: _seller_for_token(session, token, settings)
    )
    if seller is None:
        raise unauthorized()
    return seller


def require_role(request: web.Request, allowed: Collection[Role]) -> Role:
    """The caller's role if it is one of ``allowed``: 401 without a valid token, 403 otherwise."""
    role = caller_role(request)
    if role is None:
        raise unauthorized()
    if role not in allowed:
        raise forbidden()
    return role


def forbidden() -> ApiError:
    """The error for a valid token that may not do this."""
    return ApiError.single(403, "forbidden", "This token may not do that.")


def signed_subject(request: web.Request, token: str, kind: TokenKind) -> str:
    """The subject of a token the backend signed as ``kind``; 401 for anything else."""
    settings = request.app[SETTINGS]
    try:
        return verify(settings.signing_secret, kind, token, settings.clock())
    except InvalidToken:
        raise unauthorized() from None


# Staff roles that work the agent console (a fraud expert's desk is elsewhere).
CONSOLE_ROLES = frozenset({"agent", "admin"})
# Staff roles that decide claims under review and read the claims desk.
REVIEW_ROLES = frozenset({"expert", "admin"})
# Staff roles that decide disputes, appeals, money and closing, and run the marketplace's data.
ADMIN_ROLES = frozenset({"admin"})
# Every staff role: where the agent token reads, an agent's session reads too.
STAFF_ROLES = frozenset({"agent", "expert", "admin"})


async def require_staff(
    request: web.Request, staff_roles: Collection[str], role_tokens: Collection[Role]
) -> str:
    """The person acting: the username of a live staff session whose role is in
    ``staff_roles``, or the role's name for one of ``role_tokens`` (programs).

    401 without a valid token or live session; 403 for another role's token or session.
    """
    username, _ = await staff_identity(request, staff_roles, role_tokens)
    return username


async def staff_identity(
    request: web.Request, staff_roles: Collection[str], role_tokens: Collection[Role]
) -> tuple[str, str]:
    """(who, role) as ``require_staff`` admits them: a staff session's username and role, or a
    role token's name twice ("admin", "admin")."""
    token = bearer_token(request)
    if token is None:
        raise unauthorized()
    role = role_for_token(token, request.app[SETTINGS])
    if role is not None:
        if role not in role_tokens:
            raise forbidden()
        return role.value, role.value
    staff = await staff_member(request, token)
    if staff is None:
        raise unauthorized()
    if staff[1] not in staff_roles:
        raise forbidden()
    return staff


async def require_agent(request: web.Request) -> str:
    """The person acting on the agent console: an agent's or admin's staff session (from
    ``POST /api/staff/sign-in``), or "agent" / "admin" for those role tokens. The service token
    (the assistant is not an agent) and a fraud expert's session: 403."""
    return await require_staff(request, CONSOLE_ROLES, {Role.AGENT, Role.ADMIN})


async def require_reviewer(request: web.Request) -> str:
    """The fraud expert acting on the review queue or reading the desk: an expert's or admin's
    staff session, or "admin" for the admin token; 403 for every other token or session."""
    return await require_staff(request, REVIEW_ROLES, {Role.ADMIN})


async def require_admin(request: web.Request) -> str:
    """The admin acting: an admin's staff session (its username), or "admin" for the admin
    token; 403 for every other token or session."""
    return await require_staff(request, ADMIN_ROLES, {Role.ADMIN})


async def require_staff_reader(request: web.Request) -> str:
    """Who reads the desk's shared lists: any staff session, the admin or the agent token."""
    return await require_staff(request, STAFF_ROLES, {Role.ADMIN, Role.AGENT})


async def staff_member(request: web.Request, token: str) -> tuple[str, str] | None:
    """(username, role) of the live staff session ``token``, if it is one."""

    def look_up(session: Session) -> tuple[str, str] | None:
        account = signed_in_account(session, token, request.app[SETTINGS].clock())
        return None if account is None else (account.username, account.role)

    return await in_transaction(request.app[SESSIONS], look_up)


def _token_unless_role(request: web.Request, allowed: Collection[Role]) -> str | None:
    """The bearer token when it is no role's token, ``None`` for a role token in ``allowed``.

    401 without a token, 403 for a role token not in ``allowed``.
    """
    token = bearer_token(request)
    if token is None:
        raise unauthorized()
    role = role_for_token(token, request.app[SETTINGS])
    if role is None:
        return token
    if role not in allowed:
        raise forbidden()
    return None


def _conversation_token_or_role(request: web.Request, allowed: Collection[Role]) -> str | None:
    """The conversation a web chat token names, or ``None`` for a role token in ``allowed``.

    401 without a valid token, 403 for a role token not in ``allowed``.
    """
    token = _token_unless_role(request, allowed)
    return None if token is None else signed_subject(request, token, TokenKind.CONVERSATION)


def require_conversation(request: web.Request, conversation_id: str) -> None:
    """Require the web chat token of ``conversation_id``: 401 without a valid one, 403 for a
    role's token or another conversation's."""
    if _conversation_token_or_role(request, allowed=()) != conversation_id:
        raise forbidden()


@dataclass(frozen=True)
class Uploader:
    """Who uploads evidence: the service (any conversation), a web chat (its own conversation
    only) or a seller (its defence files and insurance proof, in no conversation)."""

    conversation_id: str | None = None
    seller_id: str | None = None


async def evidence_uploader(request: web.Request) -> Uploader:
    """Who may upload evidence: the service token, a web chat's conversation token, a seller's
    own key or its user's session. 401 without a valid one, 403 for other roles."""
    token = _token_unless_role(request, {Role.SERVICE})
    if token is None:
        return Uploader()
    settings = request.app[SETTINGS]
    try:
        return Uploader(
            conversation_id=verify(
                settings.signing_secret, TokenKind.CONVERSATION, token, settings.clock()
            )
        )
    except InvalidToken:
        return Uploader(seller_id=(await require_seller(request)).seller_id)


async def evidence_reader(request: web.Request) -> str | None:
    """Who opens a file: None for staff (the admin token or any staff account's session), the
    seller's id for a seller's own key or its user's session. 401 without a valid token, 403
    for the other role tokens (the assistant and the agent token show no files)."""
    token = _token_unless_role(request, {Role.ADMIN})
    if token is None or await staff_member(request, token) is not None:
        return None
    return (await require_seller(request)).seller_id


def unauthorized() -> ApiError:
    """The error for a missing or unknown token."""
    return ApiError.single(
        401, "unauthorized", "A valid bearer token is required.", headers=_CHALLENGE
    )


CUSTOMER_TOKEN_HEADER = "X-Customer-Token"


def customer_token_email(request: web.Request) -> str | None:
    """The email of the customer whose signed token (``X-Customer-Token``) the caller holds;
    ``None`` without the header; 401 ``invalid_customer_token`` for a bad or expired one."""
    token = request.headers.get(CUSTOMER_TOKEN_HEADER)
    if token is None:
        return None
    settings = request.app[SETTINGS]
    try:
        return verify(settings.signing_secret, TokenKind.CUSTOMER, token.strip(), settings.clock())
    except InvalidToken:
        raise ApiError.single(
            401,
            "invalid_customer_token",
            "The customer token is missing, expired or not one we signed.",
            field=CUSTOMER_TOKEN_HEADER,
        ) from None


def customer_email_proof(request: web.Request) -> str | None:
    """The email the caller claims to be, from the ``X-Customer-Email`` header, if given."""
    return request.headers.get(CUSTOMER_EMAIL_HEADER)
