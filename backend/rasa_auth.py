"""How the backend proves itself to Rasa's HTTP API: a short-lived JWT signed with `RASA_TOKEN`
(Rasa runs with it as `--jwt-secret`, see bot/serve.py), sent as `Authorization: Bearer`, so
the secret never travels in a query string nor lands in an access log."""

from __future__ import annotations

import time

import jwt

LIFETIME_SECONDS = 300
ALGORITHM = "HS256"


def rasa_authorization(secret: str, now: float | None = None) -> dict[str, str]:
    """The header that lets the holder of ``secret`` call Rasa's API as its admin."""
    issued = int(time.time() if now is None else now)
    claims = {
        "user": {"username": "claims-backend", "role": "admin"},
        "iat": issued,
        "exp": issued + LIFETIME_SECONDS,
    }
    return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm=ALGORITHM)}"}


def rasa_caller_is_admin(secret: str, header: str | None) -> bool:
    """Whether ``header`` carries such a token (the fake Rasa of the tests checks with it)."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM])
    except jwt.InvalidTokenError:
        return False
    return claims.get("user", {}).get("role") == "admin"
