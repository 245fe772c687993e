"""The REST channel's guard reads a conversation's owner from the tracker store until it is
known, then remembers it: a turn reads the conversation once, for the assistant."""

from __future__ import annotations

from types import SimpleNamespace

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import trusted_rest
from bot.channels.trusted_rest import TrustedRestInput

TOKEN = "service-token"


class CountingStore(InMemoryTrackerStore):
    def __init__(self) -> None:
        super().__init__(Domain.empty())
        self.retrieved: list[str] = []

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self.retrieved.append(sender_id)
        return await super().retrieve(sender_id)


def request(store: CountingStore, sender: str) -> SimpleNamespace:
    return SimpleNamespace(
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={"sender": sender, "message": "hello"},
        app=SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store))),
    )


async def said_on(store: CountingStore, sender: str, channel: str) -> None:
    tracker = DialogueStateTracker(sender, [])
    tracker.update(UserUttered("hello", input_channel=channel))
    await store.save(tracker)


async def test_the_owner_is_read_until_known_then_remembered() -> None:
    store, rest = CountingStore(), TrustedRestInput(TOKEN)
    assert await rest.refusal(request(store, "c-1")) is None  # new: nobody owns it yet
    await said_on(store, "c-1", "rest")
    assert await rest.refusal(request(store, "c-1")) is None
    assert await rest.refusal(request(store, "c-1")) is None
    assert store.retrieved == ["c-1", "c-1"]  # the third turn did not read it


async def test_another_channels_conversation_stays_refused_without_reading_it_again() -> None:
    store, rest = CountingStore(), TrustedRestInput(TOKEN)
    await said_on(store, "tg-42", "telegram")
    for _ in range(3):
        refused = await rest.refusal(request(store, "tg-42"))
        assert refused is not None and refused.status == 403
    assert store.retrieved == ["tg-42"]


async def test_the_oldest_owners_are_forgotten(monkeypatch) -> None:
    monkeypatch.setattr(trusted_rest, "OWNERS_REMEMBERED", 2)
    store, rest = CountingStore(), TrustedRestInput(TOKEN)
    for sender in ("a", "b", "c"):
        await said_on(store, sender, "rest")
        await rest.refusal(request(store, sender))
    assert list(rest.owners) == ["b", "c"]
    assert await rest.refusal(request(store, "a")) is None  # read again, still rest's
    assert store.retrieved == ["a", "b", "c", "a"]
