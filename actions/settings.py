"""The action server's configuration, read from the environment once.

Defaults run on one machine: the claims backend on localhost:8000.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class BackendSettings:
    """Where the claims backend is and how the action server authenticates to it."""

    base_url: str = "http://localhost:8000"
    service_token: str = ""
    timeout_seconds: float = 10.0

    @classmethod
    def from_env(cls) -> BackendSettings:
        """Read CLAIMS_BACKEND_URL, CLAIMS_SERVICE_TOKEN and CLAIMS_BACKEND_TIMEOUT."""
        return cls(
            base_url=os.environ.get("CLAIMS_BACKEND_URL", cls.base_url).rstrip("/"),
            service_token=os.environ.get("CLAIMS_SERVICE_TOKEN", ""),
            timeout_seconds=float(os.environ.get("CLAIMS_BACKEND_TIMEOUT", cls.timeout_seconds)),
        )
