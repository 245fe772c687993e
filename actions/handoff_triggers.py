"""When a person from the claims team should join the conversation, read from what the customer
says: a lawyer or legal action, a serious injury, or distress. (Asking for a person and being
misunderstood twice are the other triggers; the dialogue itself notices those.)

Checked in this order; the first match is the reason the agent's queue shows.
"""

from __future__ import annotations

import re

from actions.message_facts import MessageFacts

LEGAL_ACTION = "legal_action"
SERIOUS_INJURY = "serious_injury"
DISTRESS = "distress"
CUSTOMER_ASKED = "customer_asked"
REPEATED_MISUNDERSTANDING = "repeated_misunderstanding"

_LEGAL = re.compile(
    r"\b(lawyers?|attorneys?|solicitors?|legal (action|counsel|advice|team)|lawsuits?|law suit|"
    r"litigat\w*|small claims court|(see|take) (you|them|this|it) (to|in) court|"
    r"court case|class action)\b",
    re.IGNORECASE,
)
# Lower case only: "Sue" is also a name ("my wife Sue was burned").
_SUE = re.compile(r"\b(sue|suing|sued)\b")
_SERIOUS_INJURY = re.compile(
    r"\b(ambulance|intensive care|icu|surgery|operat(ed|ion) on|fractur\w*|broke(n)? (my|his|her|"
    r"their|a|the) \w*\s?(bone|arm|leg|wrist|ankle|hip|rib|jaw|nose)|broken bones?|"
    r"(second|third)[- ]degree|severe(ly)? burn\w*|unconscious|passed out|knocked out|"
    r"lost (consciousness|an eye|a finger|my sight)|blind(ed)?|amputat\w*|stitches|"
    r"skin graft\w*|concussion|life[- ]threatening|critical condition)\b",
    re.IGNORECASE,
)
_DISTRESS = re.compile(
    r"\b(can'?t cope|cannot cope|desperate|panick?ing|terrified|so scared|i'?m scared|crying|"
    r"in tears|breaking down|traumati[sz]ed|overwhelmed|hopeless|at my wit'?s end|"
    r"(want|going) to die|kill myself|suicid\w*|end it all|falling apart)\b",
    re.IGNORECASE,
)


def handoff_reason(text: str, facts: MessageFacts) -> str | None:
    """Why a person should join, from one customer message; None when nothing calls for it."""
    if _LEGAL.search(text) or _SUE.search(text):
        return LEGAL_ACTION
    if facts.emergency or facts.injury_treatment == "hospitalized" or _SERIOUS_INJURY.search(text):
        return SERIOUS_INJURY
    if _DISTRESS.search(text):
        return DISTRESS
    return None
