"""Every claim fact one customer message carries, whatever the form asked.

`facts_in_message` reads Rasa's entities (the spaCy rules of bot/entity_patterns.py) and, for any
kind of entity Rasa did not report, runs the same rules on the text itself, so it also works on
raw text. Values are normalised by actions/parsing.py; the cues below decide what an amount is
for, which harms the message describes and what the customer is asking for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from actions import parsing
from bot.entity_patterns import (
    BODY_PART,
    CLAIM_REF,
    DATE,
    EMAIL,
    ENTITY_LABELS,
    MONEY,
    ORDER_ID,
    PRODUCT,
    TREATMENT,
)
from bot.spacy_pipeline import entities_in


@dataclass(frozen=True)
class MessageFacts:
    """Every claim fact one customer message carries (None/empty: the message does not say)."""

    order_id: str | None = None
    customer_email: str | None = None
    claim_reference: str | None = None  # "CLM-7K3Q9X", upper-cased
    incident_date: date | None = None
    property_damage_amount: Decimal | None = None
    medical_costs: Decimal | None = None
    lost_earnings: Decimal | None = None
    unassigned_amount: Decimal | None = None  # an amount with no clue which loss it is
    injury_treatment: str | None = None  # none|first_aid|doctor|emergency_room|hospitalized
    harm_kinds: frozenset[str] = frozenset()  # subset of {"property_damage", "injury"}
    body_parts: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    non_economic: bool = False  # asks for pain and suffering, punitive or emotional damages
    emergency: bool = False  # describes an ONGOING emergency
    is_correction: bool = False  # "actually it was $450", "no, the 4th", "sorry, I meant ..."


@dataclass(frozen=True)
class _Mention:
    label: str
    value: str
    start: int
    end: int


# ---- what an amount is for: the nearest cue word around it wins ------------------------------
_PROPERTY_CUES = (
    r"fix\w*|repair\w*|replac\w*|damage\w*|restor\w*|clean[- ]?up|cleaning|contractor|plumber|"
    r"electrician|carpet|rug|counter\w*|worktop|desk|floor\w*|walls?|sofa|couch|table|"
    r"furniture|cabinets?|cupboards?|curtains?|mattress|bed|door|ceiling|tv|clothes|property"
)
_MEDICAL_CUES = (
    r"bills?|hospital|doctor|\bdoc\b|a&e|emergency room|urgent care|clinic|co-?pay\w*|"
    r"medical|medicine|meds|prescriptions?|pharmacy|ambulance|treatment|stitches|x-?rays?|"
    r"physio\w*|therapy|dentist|gp\b"
)
_EARNINGS_CUES = (
    r"missed|work\b|off work|time off|days? off|wages?|shifts?|lost pay|lost income|earnings|"
    r"salary|income|couldn'?t work|could not work|unpaid|paycheck|pay\b"
)
_PRICE_CUES = r"bought|purchased|ordered|priced?|refund\w*"
_AMOUNT_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("property_damage", re.compile(rf"\b(?:{_PROPERTY_CUES})", re.IGNORECASE)),
    ("medical", re.compile(r"\bE\.?R\b")),  # only a capital "ER" is the emergency room
    ("medical", re.compile(rf"\b(?:{_MEDICAL_CUES})", re.IGNORECASE)),
    ("lost_earnings", re.compile(rf"\b(?:{_EARNINGS_CUES})", re.IGNORECASE)),
    ("price", re.compile(rf"\b(?:{_PRICE_CUES})", re.IGNORECASE)),
]
_CUE_WINDOW = 45
# A number with no currency counts as money only where nothing else fits: "it was 450",
# "it cost 300 to fix"; never "3 shifts" or "2 days".
_BARE_AMOUNT_RE = re.compile(
    r"\b(?:cost|costs|cost me|paid|spent|charged|was|is|it'?s|about|around|roughly|"
    r"approximately|maybe)\s+(\d[\d,]*(?:\.\d{1,2})?)(?=\s*(?:$|[.,!?;]|\s(?:to|for|in)\b))",
    re.IGNORECASE,
)
_NEGATED_AMOUNT_RE = re.compile(
    r"\b(not|instead of|rather than)\s*(about|around)?\s*$", re.IGNORECASE
)

# ---- kinds of harm ------------------------------------------------------------------------
_PROPERTY_OBJECTS = (
    r"carpet|rug|counter\w*|worktop|desk|floor\w*|walls?|sofa|couch|table|furniture|cabinets?|"
    r"cupboards?|curtains?|mattress|bed|bedding|sheets|door|ceiling|tv|clothes|kitchen|garage|"
    r"house|home|apartment|flat|room|car|laptop|outlet|socket|cupboard|shelf|closet|blinds"
)
_PROPERTY_DAMAGE_RE = re.compile(
    r"\b(damag\w*|scorch\w*|ruin\w*|destroy\w*|flood\w*|stain\w*|singe\w*|warp\w*|"
    r"set fire to|set (my|the|our) \w+ on fire|burnt? down|smoke damage|water damage|property)\b"
    rf"|\b(burn\w*|melt\w*|broke|broken|smash\w*|crack\w*|shatter\w*|scratch\w*|dent\w*|"
    rf"soak\w*|leak\w*)\b(\W+\w+){{0,5}}?\W+(?:{_PROPERTY_OBJECTS})\b",
    re.IGNORECASE,
)
_NOT_A_HARM_RE = re.compile(
    r"\b(arrived|came|delivered)\s+(already\s+)?(damaged|broken|cracked)\b|"
    r"\bdamaged (on|in) (arrival|delivery|transit|shipping)\b",
    re.IGNORECASE,
)
_INJURY_RE = re.compile(
    r"\b(hurt|injur\w*|wound\w*|bleed\w*|blood\w*|scald\w*|bruis\w*|fractur\w*|sprain\w*|"
    r"concussion|blister\w*|electrocuted|choked|choking|poison\w*|allergic reaction|rash|scar|"
    r"got (burn\w*|cut|shocked)|burn(ed|t)? (me|myself|him|her|them|us)|"
    r"cut (me|myself|him|her)|(a|the) burn|burns on|shocked me|electric shock)\b",
    re.IGNORECASE,
)
_NO_INJURY_RE = re.compile(
    r"\b(no ?one|nobody|noone|none of us)\s+(was\s+|got\s+|were\s+)?(hurt|injured)\b|"
    r"\b(wasn'?t|weren'?t|not|didn'?t get|without getting)\s+(hurt|injured)\b|\bno injur\w*",
    re.IGNORECASE,
)

# ---- what the customer asks or says -------------------------------------------------------
_NON_ECONOMIC_RE = re.compile(
    r"\bpain (and|&|n) suffering\b|\bpunitive\b|\bemotional\b|\bmental anguish\b|"
    r"\bdistress\b|\btrauma\w*\b|\bcompensat\w* for (the |my )?(pain|stress|suffering|"
    r"anxiety|fear|shock)\b|\b(money|pay\w*) for (the |my )?(pain|stress|suffering|anxiety)\b",
    re.IGNORECASE,
)
_EMERGENCY_RE = re.compile(
    r"\b(is|are|'s|it'?s|still|now|currently)\s+(still\s+)?(on fire|burning|in flames)\b|"
    r"\bon fire (right )?now\b|\bfire is spreading\b|\b(smoke|flames) everywhere\b|"
    r"\b(smoking|sparking|sparks flying) (right )?now\b|\bstill (smoking|sparking)\b|"
    r"\b(can'?t|cannot|can not|unable to|isn'?t|is not|not|struggling to)\s+breath(e|ing)\b|"
    r"\b(is|are|'s)\s+(un(conscious|responsive)|not responding|choking|having a seizure|"
    r"passed out|bleeding (heavily|badly|a lot|everywhere))\b|"
    r"\b(won'?t|can'?t|doesn'?t|will not) stop bleeding\b|\bcall(ing)? (911|an ambulance)\b|"
    r"\bsmell(s|ing)? (gas|burning) (right )?now\b",
    re.IGNORECASE,
)
_CORRECTION_RE = re.compile(
    r"^\W*(actually|correction|oops|my (bad|mistake)|wait)\b|"
    r"\b(sorry,?\s+)?i meant\b|\bi mean\b|\bshould (have )?(said|be)\b|\bscratch that\b|"
    r"\bi made a mistake\b|\bit was actually\b|\bnot\s+\S+\s*,?\s*but\b|\bsorry,? (it|that)\b",
    re.IGNORECASE,
)
# "no, the 4th", "nope - $450", "no it was the 4th"; not "no injuries" or "no thanks".
_LEADING_NO_RE = re.compile(
    r"^\W*(no|nope|nah)\s*([,.!-]|\s(it|it's|its|that|i said|wait)\b)\s*\S", re.IGNORECASE
)
_PURCHASE_BEFORE_RE = re.compile(
    r"\b(bought|ordered|purchased|delivered|arrived|received|got it)\b[^.!?]{0,25}$", re.IGNORECASE
)
_NEGATION_BEFORE_RE = re.compile(
    r"\b(didn'?t|did not|never|no need to|without|wasn'?t|not|no)\s+(\w+\s+){0,3}(the\s+|a\s+)?$",
    re.IGNORECASE,
)
_NO_TREATMENT_RE = re.compile(
    r"\b(didn'?t|did not) need (any )?(treatment|a doctor|medical)|\bnot treated\b|"
    r"\bno treatment\b",
    re.IGNORECASE,
)
_POSSESSIVE_RE = re.compile(r"^(my|his|her|their|our|your|'s|both|the|a|an)\s+", re.IGNORECASE)


def facts_in_message(text: str, entities: list[dict], today: date) -> MessageFacts:
    """Every claim fact in one customer message; `entities` is Rasa's parse-data entity list."""
    text = text or ""
    mentions = _mentions(text, entities)
    by_label = {label: [m for m in mentions if m.label == label] for label in ENTITY_LABELS}
    money = by_label[MONEY] or _bare_amounts(text, mentions)
    amounts = _amounts_by_loss(text, money, by_label[PRODUCT])
    treatment = _treatment(text, by_label[TREATMENT])
    body_parts = _unique(_strip_possessive(m.value) for m in by_label[BODY_PART])
    fact_found = bool(mentions)
    return MessageFacts(
        # The parsers also read forms the rules leave alone ("112 1234567 1234567").
        order_id=_first(parsing.parse_order_id(m.value) for m in by_label[ORDER_ID])
        or parsing.parse_order_id(text),
        customer_email=_first(parsing.parse_email(m.value) for m in by_label[EMAIL])
        or parsing.parse_email(text),
        claim_reference=_first(_claim_reference(m.value) for m in by_label[CLAIM_REF]),
        incident_date=_incident_date(text, by_label[DATE], today),
        property_damage_amount=amounts.get("property_damage"),
        medical_costs=amounts.get("medical"),
        lost_earnings=amounts.get("lost_earnings"),
        unassigned_amount=amounts.get("unassigned"),
        injury_treatment=treatment,
        harm_kinds=_harm_kinds(text, amounts, treatment, body_parts),
        body_parts=body_parts,
        products=_unique(_strip_possessive(m.value) for m in by_label[PRODUCT]),
        non_economic=bool(_NON_ECONOMIC_RE.search(text)),
        emergency=bool(_EMERGENCY_RE.search(text)),
        is_correction=bool(
            _CORRECTION_RE.search(text) or (fact_found and _LEADING_NO_RE.search(text))
        ),
    )


def _mentions(text: str, entities: list[dict[str, Any]]) -> list[_Mention]:
    """Rasa's entities, plus the rules' own for every label Rasa reported none of."""
    given = [_mention(text, entity) for entity in entities or []]
    given = [m for m in given if m is not None and m.label in ENTITY_LABELS]
    reported = {m.label for m in given}
    missing = set(ENTITY_LABELS) - reported
    own = [_mention(text, e) for e in entities_in(text) if e["entity"] in missing] if text else []
    return sorted((m for m in [*given, *own] if m is not None), key=lambda m: m.start)


def _mention(text: str, entity: dict[str, Any]) -> _Mention | None:
    value = entity.get("value")
    if not isinstance(value, str) or not value:
        return None
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        # Without offsets, find the value in the text (or place it at the end).
        found = text.find(value)
        start, end = (found, found + len(value)) if found >= 0 else (len(text), len(text))
    return _Mention(str(entity.get("entity")), value, start, end)


def _first(values: Iterable[Any]) -> Any:
    return next((value for value in values if value is not None), None)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _strip_possessive(value: str) -> str:
    return _POSSESSIVE_RE.sub("", value.strip()).lower()


def _claim_reference(value: str) -> str | None:
    reference = re.sub(r"\s+", "", value).upper()
    return reference if re.fullmatch(r"CLM-[A-Z0-9]{4,12}", reference) else None


def _incident_date(text: str, mentions: list[_Mention], today: date) -> date | None:
    """The first date that is not when the product was bought or delivered."""
    dates = []
    for mention in mentions:
        day = parsing.parse_incident_date(mention.value, today)
        if day is not None:
            about_purchase = bool(_PURCHASE_BEFORE_RE.search(text[: mention.start]))
            dates.append((about_purchase, day))
    incident = [day for about_purchase, day in dates if not about_purchase]
    return incident[0] if incident else None


def _bare_amounts(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Numbers that can only be money, outside every other entity."""
    return [
        _Mention(MONEY, match.group(1), match.start(1), match.end(1))
        for match in _BARE_AMOUNT_RE.finditer(text)
        if not any(m.start <= match.start(1) < m.end for m in mentions)
    ]


def _amounts_by_loss(
    text: str, money: list[_Mention], products: list[_Mention]
) -> dict[str, Decimal]:
    """Each amount under the loss its nearest cue word names; amounts for one loss add up.

    A product price ("the $89 heater") is no loss and is left out; an amount the customer takes
    back ("$450, not $400") too. Without any cue the last amount is `unassigned`.
    """
    totals: dict[str, Decimal] = {}
    unassigned: Decimal | None = None
    for index, mention in enumerate(money):
        amount = parsing.parse_amount(mention.value)
        if amount.value is None or amount.negative:
            continue
        if _NEGATED_AMOUNT_RE.search(text[: mention.start]):
            continue
        left_edge = money[index - 1].end if index else 0
        right_edge = money[index + 1].start if index + 1 < len(money) else len(text)
        left = text[max(left_edge, mention.start - _CUE_WINDOW) : mention.start]
        right = text[mention.end : min(right_edge, mention.end + _CUE_WINDOW)]
        loss = _nearest_cue(left, right, mention, products)
        if loss == "price":
            continue
        if loss is None:
            unassigned = amount.value
        else:
            totals[loss] = totals.get(loss, Decimal("0.00")) + amount.value
    if unassigned is not None:
        totals["unassigned"] = unassigned
    return totals


def _nearest_cue(left: str, right: str, mention: _Mention, products: list[_Mention]) -> str | None:
    distances: list[tuple[int, str]] = []
    for loss, cue in _AMOUNT_CUES:
        distances += [(len(left) - m.end(), loss) for m in cue.finditer(left)]
        distances += [(m.start(), loss) for m in cue.finditer(right)]
    # "the $89 kettle": an amount right before or after a product is its price.
    for product in products:
        if 0 <= product.start - mention.end <= 2 or 0 <= mention.start - product.end <= 6:
            distances.append((0, "price"))
    return min(distances)[1] if distances else None


def _treatment(text: str, mentions: list[_Mention]) -> str | None:
    """The most serious treatment the message names and does not negate."""
    levels, negated = [], False
    for mention in mentions:
        level = parsing.parse_treatment(mention.value)
        if level is None:
            continue
        if level != "none" and _NEGATION_BEFORE_RE.search(text[: mention.start]):
            negated = True
            continue
        levels.append(level)
    if levels:
        return max(levels, key=parsing.TREATMENT_LEVELS.index)
    if negated or _NO_TREATMENT_RE.search(text):
        return "none"
    return None


def _harm_kinds(
    text: str, amounts: dict[str, Decimal], treatment: str | None, body_parts: tuple[str, ...]
) -> frozenset[str]:
    kinds = set()
    harm_text = _NOT_A_HARM_RE.sub(" ", text)
    if "property_damage" in amounts or _PROPERTY_DAMAGE_RE.search(harm_text):
        kinds.add("property_damage")
    injury_text = _NO_INJURY_RE.sub(" ", harm_text)
    if (
        body_parts
        or _INJURY_RE.search(injury_text)
        or "medical" in amounts
        or "lost_earnings" in amounts
        or treatment not in (None, "none")
    ):
        kinds.add("injury")
    return frozenset(kinds)
