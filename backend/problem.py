"""One thing wrong with a request or a claim, in the errors shape: a code, where, and a sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: a machine-readable code, where, and a sentence for people."""

    code: str
    field: str | None
    message: str

    def as_json(self) -> dict[str, str | None]:
        """The problem as it appears in an error response."""
        return {"code": self.code, "field": self.field, "message": self.message}
