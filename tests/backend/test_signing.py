"""Signed tokens: each kind only ever passes as itself, and none outlives its expiry."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
import pytest

from backend.settings import Settings
from claims_contract.signing import InvalidToken, TokenKind, sign, verify

SECRET = "a-signing-secret-for-the-tests-" + "0123456789" * 4  # long enough for HS512 too
NOW = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def test_a_token_gives_back_its_subject_until_it_expires():
    signed = sign(SECRET, TokenKind.CUSTOMER, "dana@example.com", NOW, HOUR)

    assert signed.expires_at == NOW + HOUR
    assert verify(SECRET, TokenKind.CUSTOMER, signed.token, NOW + HOUR - timedelta(seconds=1)) == (
        "dana@example.com"
    )
    with pytest.raises(InvalidToken):
        verify(SECRET, TokenKind.CUSTOMER, signed.token, NOW + HOUR)


@pytest.mark.parametrize("signed_as", list(TokenKind))
@pytest.mark.parametrize("used_as", list(TokenKind))
def test_a_token_of_one_kind_never_passes_as_another(signed_as, used_as):
    token = sign(SECRET, signed_as, "subject", NOW, HOUR).token

    if signed_as is used_as:
        assert verify(SECRET, used_as, token, NOW) == "subject"
    else:
        with pytest.raises(InvalidToken):
            verify(SECRET, used_as, token, NOW)


def test_a_token_signed_by_a_standard_jwt_library_is_read_the_same():
    claims = {"iss": "claims-backend", "kind": "customer", "sub": "dana@example.com"}
    token = jwt.encode({**claims, "exp": int((NOW + HOUR).timestamp())}, SECRET, algorithm="HS256")
    ours = sign(SECRET, TokenKind.CUSTOMER, "dana@example.com", NOW, HOUR).token

    assert verify(SECRET, TokenKind.CUSTOMER, token, NOW) == "dana@example.com"
    read = jwt.decode(ours, SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert read["sub"] == "dana@example.com"


def test_another_secret_another_algorithm_or_no_kind_is_refused():
    claims = {"iss": "claims-backend", "sub": "x", "exp": int((NOW + HOUR).timestamp())}
    forged = [
        sign("another-secret-another-secret-0123", TokenKind.CONVERSATION, "x", NOW, HOUR).token,
        jwt.encode({**claims, "kind": "conversation"}, SECRET, algorithm="HS512"),
        jwt.encode({**claims, "kind": "conversation"}, None, algorithm="none"),
        jwt.encode(claims, SECRET, algorithm="HS256"),
        jwt.encode({**claims, "kind": "conversation", "iss": "someone"}, SECRET, algorithm="HS256"),
        "",
        "a.b.c",
    ]
    for token in forged:
        with pytest.raises(InvalidToken):
            verify(SECRET, TokenKind.CONVERSATION, token, NOW)


def test_the_settings_read_the_signing_secret_and_rasa_from_the_environment():
    settings = Settings.from_env(
        {
            "CLAIMS_SIGNING_SECRET": "from-the-environment",
            "CLAIMS_RASA_URL": "http://rasa:5005",
            "RASA_TOKEN": "rasa-token",
            "CLAIMS_RASA_PUBLIC_URL": "https://chat.example.com",
        }
    )
    unset = Settings.from_env({})

    assert settings.signing_secret == "from-the-environment"
    assert (settings.rasa_url, settings.rasa_token, settings.rasa_public_url) == (
        "http://rasa:5005",
        "rasa-token",
        "https://chat.example.com",
    )
    assert (unset.rasa_url, unset.rasa_token, unset.rasa_public_url) == (
        "http://127.0.0.1:5005",
        None,
        None,
    )
    # Unset: one random secret for the whole process, so its tokens work in every request.
    assert len(unset.signing_secret) >= 32
    assert Settings.from_env({}).signing_secret == unset.signing_secret
    assert "from-the-environment" not in repr(settings)
