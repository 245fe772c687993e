"""Who may join a web chat conversation over socket.io: the holder of its conversation token."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.channels.web_chat import WebChatInput, read_metadata
from bot.channels.web_chat_access import ConversationAccess
from claims_contract.signing import CONVERSATION_TOKEN_TTL, TokenKind, sign

SECRET = "a-signing-secret-of-at-least-32-bytes"
NOW = datetime(2025, 5, 1, tzinfo=timezone.utc)
CONVERSATION = "web-" + "0123456789abcdef" * 2
access = ConversationAccess(SECRET)


def token(subject: str = CONVERSATION, kind=TokenKind.CONVERSATION, secret=SECRET) -> str:
    return sign(secret, kind, subject, NOW, CONVERSATION_TOKEN_TTL).token


def test_the_conversation_token_opens_its_own_web_conversation() -> None:
    assert access.allows(CONVERSATION, token(), NOW)
    assert not access.allows(CONVERSATION, token(), NOW + CONVERSATION_TOKEN_TTL)  # expired


def test_no_token_or_another_conversations_token_is_refused() -> None:
    other = "web-" + "f" * 32
    assert not access.allows(CONVERSATION, None, NOW)
    assert not access.allows(CONVERSATION, "", NOW)
    assert not access.allows(CONVERSATION, token(other), NOW)
    assert not access.allows(
        CONVERSATION, token(secret="another signing secret, 32 bytes long"), NOW
    )
    assert not access.allows(CONVERSATION, token(kind=TokenKind.CUSTOMER), NOW)
    assert not ConversationAccess("").allows(CONVERSATION, token(), NOW)


def test_only_web_conversations_can_be_reached_whatever_the_token_names() -> None:
    for other_channel in ("4242001", "whatsapp:+15550009999", "+15550009999", "e2e-x"):
        assert not access.allows(other_channel, token(other_channel), NOW)
    assert not access.allows(CONVERSATION.upper(), token(CONVERSATION.upper()), NOW)
    assert not access.allows(CONVERSATION + "0", token(CONVERSATION + "0"), NOW)
    assert not access.allows(None, token(), NOW)


def test_socket_events_name_their_conversation_and_token() -> None:
    channel = WebChatInput(session_persistence=True, access=ConversationAccess(SECRET))
    fresh = sign(
        SECRET,
        TokenKind.CONVERSATION,
        CONVERSATION,
        datetime.now(timezone.utc),
        timedelta(minutes=5),
    ).token
    assert channel.allowed("sid", {"session_id": CONVERSATION, "token": fresh}) == CONVERSATION
    assert channel.allowed("sid", {"session_id": CONVERSATION}) is None
    assert (
        channel.allowed("sid", {"session_id": CONVERSATION, "metadata": {"token": fresh}}) is None
    )
    assert channel.allowed("sid", None) is None and channel.allowed("sid", "x") is None
    # The conversation the server started for a socket is that socket's, and only its.
    channel.fresh_sessions["sid"] = CONVERSATION
    assert channel.allowed("sid", {"session_id": CONVERSATION}) == CONVERSATION
    assert channel.allowed("other-sid", {"session_id": CONVERSATION}) is None


def test_metadata_is_read_as_rasa_reads_it() -> None:
    assert read_metadata({"evidence_ids": ["EV-1"]}) == {"evidence_ids": ["EV-1"]}
    assert read_metadata('{"customer_token": "t"}') == {"customer_token": "t"}
    assert (
        read_metadata("not json") == {} and read_metadata(None) == {} and read_metadata([1]) == {}
    )
