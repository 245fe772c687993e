"""The NLU component that lets what a message tells outweigh a guessed intent (bot/told_story.py),
run as Rasa runs it: on messages with the classifier's intent and ranking."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.spacy_pipeline import entities_in
from bot.told_story import ToldStoryClassifier


def classified(text: str, intent: str, confidence: float = 0.55) -> dict:
    message = Message(
        data={
            "text": text,
            "entities": entities_in(text),
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
    )
    ToldStoryClassifier().process([message])
    return message.data["intent"]


@pytest.mark.parametrize(
    "text, guessed",
    [
        ("my hardwood folor has a warped ptach on it now", "ask_status"),
        ("the batetry pack exploded whlie charging and it fried the lpatop", "nlu_fallback"),
        ("the kettle overheated and scorched the counter", "goodbye"),
        ("hello, I want to claim", "greet"),
        ("hi there, I need to file a claim", "nlu_fallback"),
        ("the heater's tip-over switch never cut the power and it scorched the rug", "ask_coverage"),
        ("my kettle overheated and burned my hand, is that covered?", "ask_coverage"),
    ],
)
def test_a_story_or_a_wish_to_claim_is_a_report_of_harm(text: str, guessed: str) -> None:
    intent = classified(text, guessed)
    assert intent["name"] == "report_harm" and intent["confidence"] >= 0.9


@pytest.mark.parametrize(
    "text, guessed",
    [
        ("what's the status of my claim about the burned rug?", "ask_status"),
        ("I want to withdraw the claim for the melted kettle", "withdraw_claim"),
        ("can we pause, the heater burned my hand and I need a break", "pause_claim"),
        ("hello", "greet"),
        ("I no longer want to pursue my claim", "nlu_fallback"),
        ("asdf qwerty", "nlu_fallback"),
        ("the rug is still burning", "emergency"),  # never taken away from an emergency
        ("the heater caught fire", "report_harm"),
        ("can I claim for the repair of my floor", "ask_coverage"),
        ("why do you need my email", "ask_why_needed"),
    ],
)
def test_requests_and_other_intents_are_kept(text: str, guessed: str) -> None:
    assert classified(text, guessed)["name"] == guessed


def test_a_statement_read_as_a_question_is_an_answer() -> None:
    assert classified("the tip-over switch never cut the power", "ask_coverage")["name"] == "inform"


@pytest.mark.parametrize(
    "text, guessed, second, meant",
    [
        ("my mistake, it happened on the 26th", "ask_status", "inform", "inform"),
        ("ugh, this stressed me out. yep that's right", "pause_claim", "affirm", "affirm"),
        ("the 26th, sorry", "withdraw_claim", "ask_status", "inform"),
        ("ugh, this stressed me out. yes", "pause_claim", "affirm", "affirm"),
        ("ugh, this stressed me out. yesterday", "ask_human", "pause_claim", "inform"),
    ],
)
def test_a_request_without_its_words_is_the_next_guess_or_an_answer(
    text: str, guessed: str, second: str, meant: str
) -> None:
    message = Message(
        data={
            "text": text,
            "entities": entities_in(text),
            "intent": {"name": guessed, "confidence": 0.6},
            "intent_ranking": [
                {"name": guessed, "confidence": 0.6},
                {"name": second, "confidence": 0.3},
            ],
        }
    )
    ToldStoryClassifier().process([message])
    assert message.data["intent"]["name"] == meant


@pytest.mark.parametrize(
    "text, intent",
    [
        ("any news on my claim?", "ask_status"),
        ("when will I get paid", "ask_status"),
        ("hold on, I need to find the bill", "pause_claim"),
        ("I'll finish this later", "pause_claim"),
        ("I want to take back my claim", "withdraw_claim"),
        ("let me speak to a manager", "ask_human"),
        ("operator", "ask_human"),
    ],
)
def test_requests_in_their_own_words_are_kept(text: str, intent: str) -> None:
    assert classified(text, intent)["name"] == intent
