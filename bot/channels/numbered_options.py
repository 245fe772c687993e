"""Buttons on SMS and WhatsApp: sent as numbered lines, and a reply of "2" means the second one."""

from __future__ import annotations

from typing import Any

REPLY_HINT = "Reply with a number."


def with_options(text: str, buttons: list[dict[str, Any]]) -> str:
    """The question followed by one numbered line per button."""
    lines = [f"{number}. {button['title']}" for number, button in enumerate(buttons, start=1)]
    return "\n".join([text, *lines, REPLY_HINT])


class NumberedOptions:
    """The buttons last offered to each customer, until that customer answers.

    Kept in memory: a restart forgets them and the customer's "2" then reaches the assistant
    as the text "2", which is asked again, never misread.
    """

    def __init__(self) -> None:
        self._offered: dict[str, list[dict[str, Any]]] = {}

    def offer(self, recipient: str, buttons: list[dict[str, Any]]) -> None:
        self._offered[recipient] = list(buttons)

    def resolve(self, sender: str, text: str) -> str:
        """The payload of the option the customer picked (by number or title), else the text.

        Any answer forgets the offer, so a later numeric answer ("2 days") is never taken for
        an old option.
        """
        buttons = self._offered.pop(sender, [])
        answer = text.strip().rstrip(".)")
        if answer.isdigit() and 1 <= int(answer) <= len(buttons):
            return buttons[int(answer) - 1]["payload"]
        for button in buttons:
            if answer.casefold() == str(button["title"]).casefold():
                return button["payload"]
        return text
