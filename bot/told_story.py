"""Rasa NLU component: what a message tells outweighs a guessed intent that would lead the
customer away from the claim.

The intent classifier learns from examples; a customer we never met can tell what happened in
words it maps to a status question, a goodbye, or nothing at all ("my hardwood folor has a
warped ptach on it now", "the batetry pack exploded whlie charging"). When a message plainly
tells what a product did or what harm it caused, asks nothing and names none of the requests
those intents stand for, it is a report of harm (which, inside the claim form, is an answer).
The same goes for a greeting that asks to file a claim, and for a question about cover that
tells the story ("my heater scorched the rug, is that covered?": the claim answers it best); a
message read as a question that asks nothing ("the tip-over switch never cut the power") is an
answer. Runs after the
FallbackClassifier.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.message_facts import facts_in_message
from actions.parsing import today_utc

REPORT = "report_harm"
INFORM = "inform"
# Intents a story can be mistaken for; none of them is a request the story makes.
MISTAKABLE = frozenset(
    {"nlu_fallback", "ask_status", "pause_claim", "withdraw_claim", "ask_human", "greet",
     "goodbye", "out_of_scope", "bot_challenge", "affirm", "deny"}
)
# What those intents ask for in words: a message saying any of them keeps its intent.
_REQUEST_WORDS_RE = re.compile(
    r"\?|\b(status|update|progress|news|heard|pause|later|stop|wait|hold on|withdraw|cancel|"
    r"drop|bye|goodbye|thanks?|thank you|robot|bot|human|person|agent|yes|no)\b",
    re.IGNORECASE,
)
_WANTS_TO_CLAIM_RE = re.compile(
    r"\b(want|wanna|like|need|have|help me|how (do|can) i|can i|could i)\b[^.!?]{0,25}"
    r"\b(claim|file|report|complain)\w*\b",
    re.IGNORECASE,
)

_NOT_WANTED_RE = re.compile(r"\b(no longer|not|never|n't)\b", re.IGNORECASE)


# Intents that ask something: a message that asks nothing is not one of them.
QUESTIONS = frozenset({"ask_coverage", "ask_why_needed", "ask_is_insurance"})
_ASKS_RE = re.compile(
    r"\?|^\W*(what|why|how|when|where|who|which|can|could|do|does|did|is|are|am|will|would|"
    r"should|may|might|shall|tell me|explain)\b|\b(wonder\w*|want to know|curious)\b",
    re.IGNORECASE,
)


# Requests that take the customer away from the claim are made in words of their own; a
# message without any of them ("my mistake, it happened on the 26th", "ugh, this stressed me
# out. yep that's right") is not that request.
_REQUEST_WORDS = {
    "ask_status": re.compile(
        r"\b(claim|clm|status|news|update\w*|approv\w*|accept\w*|reject\w*|respond\w*|"
        r"answer\w*|paid|pay|money|review\w*|heard|going on|check|look up|go through|sent|"
        r"refund\w*|decision|progress|where|when will|when do|how is)\b",
        re.IGNORECASE,
    ),
    "pause_claim": re.compile(
        r"\b(later|back|brb|another time|tomorrow|tonight|evening|first|pause|stop|break|wait|"
        r"hold on|sec|go|gotta|run|leave|find|look|check|dig|grab|get|ask|save|keep|not now|"
        r"right now|before|time|progress|busy|work)\b",
        re.IGNORECASE,
    ),
    "ask_human": re.compile(
        r"\b(human|person|agent|someone|somebody|real|people|staff|representative|operator|"
        r"talk|speak|call|manager|team|colleague|specialist|service|bot|help)\b",
        re.IGNORECASE,
    ),
    "withdraw_claim": re.compile(
        r"\b(withdraw\w*|cancel\w*|drop|stop|delete|don'?t want|no longer|never ?mind|forget|"
        r"abandon|pull|call off|changed my mind|go ahead|anymore|take back|retract\w*)\b",
        re.IGNORECASE,
    ),
}


def _without_its_words(intent: str | None, text: str) -> bool:
    words = _REQUEST_WORDS.get(intent or "")
    return words is not None and not words.search(text)


def told_intent(
    intent: str | None,
    text: str,
    entities: list[dict[str, Any]],
    ranking: list[dict[str, Any]] = (),
) -> str | None:
    """The intent the message's words call for instead of `intent` (the classifier's guess,
    `ranking` its other guesses, best first), or None to keep it."""
    if intent in QUESTIONS:
        # "my heater scorched the rug, is that covered?": the claim answers it best.
        facts = facts_in_message(text, entities, today_utc())
        if facts.tells_harm and (facts.tells_defect or facts.products):
            return REPORT
        if not _ASKS_RE.search(text):
            return REPORT if facts.tells_harm or facts.tells_defect else INFORM
    if intent not in MISTAKABLE:
        return None
    if (
        intent in ("greet", "nlu_fallback", "out_of_scope")
        and _WANTS_TO_CLAIM_RE.search(text)
        and not _NOT_WANTED_RE.search(text)
    ):
        return REPORT
    if not _REQUEST_WORDS_RE.search(text):
        facts = facts_in_message(text, entities, today_utc())
        if facts.tells_harm or facts.tells_defect:
            return REPORT
    if _without_its_words(intent, text):
        # The next guess that needs no words it lacks, else a plain answer.
        return next(
            (
                guess["name"]
                for guess in ranking
                if guess["name"] not in (intent, "nlu_fallback")
                and not _without_its_words(guess["name"], text)
            ),
            INFORM,
        )
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ToldStoryClassifier(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ToldStoryClassifier:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            predicted = message.data.get(INTENT) or {}
            told = told_intent(
                predicted.get("name"),
                message.get(TEXT) or "",
                message.get(ENTITIES) or [],
                message.data.get(INTENT_RANKING_KEY) or [],
            )
            if told:
                confidence = max(float(predicted.get("confidence") or 0.0), 0.9)
                message.data[INTENT] = {"name": told, "confidence": confidence}
                ranking = [i for i in message.data.get(INTENT_RANKING_KEY, []) if i["name"] != told]
                message.data[INTENT_RANKING_KEY] = [message.data[INTENT], *ranking]
        return messages
