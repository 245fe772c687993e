"""Who may join or write into a web chat conversation: the holder of its conversation token.

The chat page gets a conversation id (`web-<32 hex>`) and a token naming it from
`POST /api/chat/sessions`; the backend signs the token with CLAIMS_SIGNING_SECRET, which the
stack gives every process. Any other id (a Telegram chat id, `whatsapp:+1…`, a REST sender) is
never reachable over socket.io, whatever token comes with it.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from claims_contract.signing import InvalidToken, TokenKind, verify

logger = logging.getLogger(__name__)

WEB_CONVERSATION_ID = re.compile(r"web-[0-9a-f]{32}")


@dataclass(frozen=True)
class ConversationAccess:
    """Checks a (conversation id, token) pair a socket.io client sends."""

    secret: str

    @classmethod
    def from_environment(cls) -> ConversationAccess:
        """Read CLAIMS_SIGNING_SECRET; without it no conversation can be joined."""
        secret = os.environ.get("CLAIMS_SIGNING_SECRET", "")
        if not secret:
            logger.error(
                "CLAIMS_SIGNING_SECRET is not set: the chat page cannot join any conversation "
                "(give Rasa the backend's secret)"
            )
        return cls(secret)

    def allows(self, conversation_id: object, token: object, now: datetime | None = None) -> bool:
        """Whether `token` is a valid, unexpired conversation token for this web conversation."""
        if not self.secret or not isinstance(conversation_id, str) or not isinstance(token, str):
            return False
        if not WEB_CONVERSATION_ID.fullmatch(conversation_id):
            return False
        try:
            subject = verify(
                self.secret, TokenKind.CONVERSATION, token, now or datetime.now(timezone.utc)
            )
        except InvalidToken:
            return False
        return subject == conversation_id
