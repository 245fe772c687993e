"""How the backend compares what a caller proves with what it keeps: API keys by their digest,
email addresses as one customer."""

from __future__ import annotations

import hashlib
import hmac


def api_key_digest(api_key: str) -> str:
    """How a seller's API key is kept: only its SHA-256, hex."""
    return hashlib.sha256(api_key.encode()).hexdigest()


def same_email(given: str, on_file: str) -> bool:
    """Whether two email addresses are the same customer (trimmed, case-insensitive)."""
    return hmac.compare_digest(
        given.strip().casefold().encode(), on_file.strip().casefold().encode()
    )
