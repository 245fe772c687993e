"""Buttons on SMS/WhatsApp: numbered lines out, a number (or the title) back."""

from __future__ import annotations

from bot.channels.numbered_options import NumberedOptions, with_options
from bot.channels.twilio import split_body

BUTTONS = [
    {"title": "Yes, file it", "payload": "/affirm"},
    {"title": "No, change something", "payload": "/deny"},
]


def test_buttons_become_numbered_lines() -> None:
    text = with_options("Shall I file it?", BUTTONS)
    assert text.splitlines()[:3] == [
        "Shall I file it?",
        "1. Yes, file it",
        "2. No, change something",
    ]


def test_a_number_or_a_title_picks_the_option() -> None:
    options = NumberedOptions()
    options.offer("+1555", BUTTONS)
    assert options.resolve("+1555", " 2 ") == "/deny"
    options.offer("+1555", BUTTONS)
    assert options.resolve("+1555", "yes, FILE it") == "/affirm"


def test_any_answer_forgets_the_offer() -> None:
    options = NumberedOptions()
    options.offer("+1555", BUTTONS)
    assert options.resolve("+1555", "what do you mean?") == "what do you mean?"
    assert options.resolve("+1555", "2") == "2"  # a later "2 days" is never an old option


def test_options_are_per_customer_and_out_of_range_is_text() -> None:
    options = NumberedOptions()
    options.offer("+1555", BUTTONS)
    assert options.resolve("+1666", "1") == "1"
    assert options.resolve("+1555", "3") == "3"


def test_long_replies_are_split_between_paragraphs() -> None:
    text = "\n\n".join(["a" * 900, "b" * 900, "c" * 100])
    parts = split_body(text)
    assert parts == ["a" * 900, "b" * 900 + "\n\n" + "c" * 100]
    assert split_body("short") == ["short"]
