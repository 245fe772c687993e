"""A customer filing a claim over the REST channel, as the production tests drive it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from production import ProductionStack

from tests.e2e.chat import Chat
from tests.recent_marketplace import PERSONA_PRODUCTS, TODAY, persona_email, persona_order_id


def on_instance(stack: ProductionStack, number: int, chat: Chat) -> Chat:
    """The same conversation, talking to Rasa instance `number` directly instead of nginx."""
    direct = replace(stack, ports=stack.instances[number - 1])
    return Chat(direct, sender=chat.sender, transcript=chat.transcript)


def tell_the_harm(chat: Chat, persona: int) -> None:
    """The order, the product, what happened and the customer's e-mail: the assistant then asks
    for photos."""
    day = TODAY - timedelta(days=3)
    chat.say(
        f"order {persona_order_id(persona)}: my {PERSONA_PRODUCTS[persona - 1][0]} overheated "
        f"on {day:%B} {day.day} and burned my table, about $250 to fix"
    )
    asked = chat.text(chat.say(persona_email(persona)))
    assert "attach" in asked.lower() or "photo" in asked.lower(), chat.transcript


def decline_photos(chat: Chat) -> None:
    """No photos yet: the assistant sums the claim up and asks whether to file it."""
    summary = chat.text(chat.say("none yet"))
    assert "file it" in summary.lower(), chat.transcript


def agree(chat: Chat) -> str:
    """Yes, file it: the claim reference the assistant names."""
    confirmation = chat.text(chat.say("yes"))
    reference = re.search(r"CLM-[A-Z0-9]{4,}", confirmation)
    assert reference, chat.transcript
    return reference.group()
