"""Per-client limits on identity checks: a customer's email or token, an agent's sign-in.

Whoever can try emails against claim references without limit learns them in the end; each
client (its address) gets ``CLAIMS_IDENTITY_CHECKS_PER_MINUTE`` checks in any 60 seconds, then
``429 rate_limited`` with ``Retry-After`` (seconds). The assistant checks emails for many
customers from one address, so its checks are counted per conversation (``X-Conversation-Id``)
instead; the desk's tokens are not limited. Behind a proxy the settings trust
(``CLAIMS_TRUSTED_PROXIES``), the client is the last address its ``X-Forwarded-For`` names.
Counted in this process (one backend instance; several
instances behind a load balancer each count their own share).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque

from aiohttp import web

from backend.api.appkeys import SETTINGS
from backend.api.errors import ApiError

WINDOW_SECONDS = 60.0


class RateLimiter:
    """A sliding window of attempts per (bucket, client)."""

    def __init__(self, per_window: int) -> None:
        self.per_window = per_window
        self.attempts: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def retry_after(self, bucket: str, client: str, now: float) -> float | None:
        """Record an attempt; the seconds to wait if it is one too many (not recorded then)."""
        if self.per_window <= 0:
            return None
        attempts = self.attempts[(bucket, client)]
        while attempts and attempts[0] <= now - WINDOW_SECONDS:
            attempts.popleft()
        if len(attempts) >= self.per_window:
            return attempts[0] + WINDOW_SECONDS - now
        attempts.append(now)
        return None


RATE_LIMITER = web.AppKey("rate_limiter", RateLimiter)


def limit_attempts(request: web.Request, bucket: str, client: str | None = None) -> None:
    """Count one attempt (identity check, new chat session) by ``client`` (default: the
    caller's address); 429 past the limit."""
    wait = request.app[RATE_LIMITER].retry_after(
        bucket, client or client_address(request), time.monotonic()
    )
    if wait is not None:
        raise ApiError.single(
            429,
            "rate_limited",
            "Too many attempts from this client; try again later.",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


def client_address(request: web.Request) -> str:
    """The caller's address; behind a trusted proxy, the address the proxy says it served."""
    remote = request.remote or "unknown"
    if remote not in request.app[SETTINGS].trusted_proxies:
        return remote
    forwarded = request.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()
    return forwarded or remote
