"""What each claim entity looks like, as spaCy entity-ruler token patterns.

The words customers use (products, body parts, treatments) are plain lists here, so adding one is
a one-line change; actions/parsing.py turns the matched text into claim values.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

ORDER_ID = "ORDER_ID"
EMAIL = "EMAIL"
MONEY = "MONEY"
DATE = "DATE"
TREATMENT = "TREATMENT"
BODY_PART = "BODY_PART"
PRODUCT = "PRODUCT"
CLAIM_REF = "CLAIM_REF"
ENTITY_LABELS = (ORDER_ID, EMAIL, MONEY, DATE, TREATMENT, BODY_PART, PRODUCT, CLAIM_REF)

Pattern = list[dict[str, Any]]


def _phrases(text: str) -> list[str]:
    """A comma-separated word list, one phrase per item ("power bank, kettle, ...")."""
    return [phrase.strip() for phrase in text.split(",") if phrase.strip()]


# ---- order ids, claim references ----------------------------------------------------------
# spaCy's tokenizer splits "112-1234567-1234567" at the hyphens into five tokens...
_ORDER_ID_TOKENS: Pattern = [
    {"TEXT": {"REGEX": r"^\d{3}$"}},
    {"ORTH": "-"},
    {"TEXT": {"REGEX": r"^\d{7}$"}},
    {"ORTH": "-"},
    {"TEXT": {"REGEX": r"^\d{7}$"}},
]
# ...but keeps it whole when glued to other characters, so match that form too.
_ORDER_ID_ONE_TOKEN: Pattern = [{"TEXT": {"REGEX": r"^\d{3}-\d{7}-\d{7}$"}}]
# "CLM-7K3Q9X" stays one token; "CLM-ABCD" (letters on both sides) is split at the hyphen.
_CLAIM_REF_ONE_TOKEN: Pattern = [{"TEXT": {"REGEX": r"^(?i:clm)-[A-Za-z0-9]{4,12}$"}}]
_CLAIM_REF_TOKENS: Pattern = [
    {"LOWER": "clm"},
    {"ORTH": "-"},
    {"TEXT": {"REGEX": r"^[A-Za-z0-9]{4,12}$"}},
]

# ---- money --------------------------------------------------------------------------------
# "350", "1,200.50", "1.2k", "2K"
_NUMBER = {"TEXT": {"REGEX": r"^\d[\d,]*(\.\d+)?[kK]?$"}}
_SCALE = {"LOWER": {"IN": ["k", "thousand", "grand", "million"]}}
_CURRENCY = {"LOWER": {"IN": ["dollar", "dollars", "bucks", "usd", "$"]}}
_NUMBER_WORDS = _phrases(
    """
    one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, thirteen, fourteen,
    fifteen, sixteen, seventeen, eighteen, nineteen, twenty, thirty, forty, fifty, sixty, seventy,
    eighty, ninety, hundred, thousand
    """
)
_NUMBER_WORD = {"LOWER": {"IN": _NUMBER_WORDS}}
_NUMBER_WORD_OR_GLUE = {"LOWER": {"IN": [*_NUMBER_WORDS, "and", "-"]}, "OP": "*"}
MONEY_PATTERNS: list[Pattern] = [
    [{"ORTH": "$"}, _NUMBER],  # "$350", "$1.2k"
    [{"ORTH": "$"}, _NUMBER, _SCALE],  # "$2 thousand"
    [{"LOWER": "usd"}, _NUMBER],  # "USD 300"
    [_NUMBER, _CURRENCY],  # "350 dollars", "300 bucks", "450$", "300 usd"
    [_NUMBER, _SCALE, _CURRENCY],  # "2 thousand dollars"
    [_NUMBER, {"LOWER": "grand"}],  # "2 grand"
    [{"TEXT": {"REGEX": r"^\d+(\.\d+)?[kK]$"}}],  # a bare "1.2k"
    [_NUMBER_WORD, _NUMBER_WORD_OR_GLUE, _CURRENCY],  # "two hundred and fifty dollars"
    [{"LOWER": {"IN": ["a", "an"]}}, _NUMBER_WORD, _NUMBER_WORD_OR_GLUE, _CURRENCY],
    [{"LOWER": {"IN": ["a", "one", "two", "three", "five"]}}, {"LOWER": "grand"}],
]

# ---- dates --------------------------------------------------------------------------------
_WEEKDAYS = _phrases(
    "monday, tuesday, wednesday, thursday, friday, saturday, sunday, tues, weds, thurs"
)
_MONTHS = _phrases(
    """
    january, february, march, april, may, june, july, august, september, october, november,
    december, jan, feb, mar, apr, jun, jul, aug, sep, sept, oct, nov, dec,
    jan., feb., mar., apr., jun., jul., aug., sep., sept., oct., nov., dec.
    """
)
_MONTH = {"LOWER": {"IN": _MONTHS}}
_DAY = {"TEXT": {"REGEX": r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
_ORDINAL_DAY = {"TEXT": {"REGEX": r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)$"}}
_YEAR = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
_AMOUNT_OF_TIME = {
    "LOWER": {
        "IN": _phrases("a, an, one, two, three, four, five, six, seven, eight, nine, ten, few")
    }
}
_TIME_UNIT = {"LOWER": {"IN": ["day", "days", "night", "nights", "week", "weeks", "month", "months", "hour", "hours"]}}
DATE_PATTERNS: list[Pattern] = [
    [{"LOWER": {"IN": ["yesterday", "today", "tonight"]}}],
    [{"LOWER": "yesterday"}, {"LOWER": {"IN": ["morning", "afternoon", "evening", "night"]}}],
    [{"LOWER": "the"}, {"LOWER": "day"}, {"LOWER": "before"}, {"LOWER": "yesterday"}],
    [{"LOWER": "last"}, {"LOWER": "night"}],
    [
        {"LOWER": {"IN": ["this", "earlier"]}},
        {"LOWER": {"IN": ["morning", "afternoon", "evening", "today"]}},
    ],
    [{"LOWER": {"IN": ["last", "this", "past", "on"]}, "OP": "?"}, {"LOWER": {"IN": _WEEKDAYS}}],
    [{"TEXT": {"REGEX": r"^\d{1,2}$"}}, _TIME_UNIT, {"LOWER": "ago"}],  # "3 days ago"
    [_AMOUNT_OF_TIME, _TIME_UNIT, {"LOWER": "ago"}],  # "two weeks ago", "a week ago"
    [{"LOWER": "a"}, {"LOWER": "couple"}, {"LOWER": "of", "OP": "?"}, _TIME_UNIT, {"LOWER": "ago"}],
    [_MONTH, _DAY],  # "Oct 2", "October 2nd"
    [_MONTH, _DAY, {"ORTH": ","}, _YEAR],  # "Oct 2, 2026"
    [_MONTH, _DAY, _YEAR],
    [{"LOWER": "the", "OP": "?"}, _DAY, {"LOWER": "of", "OP": "?"}, _MONTH],  # "2nd of October"
    [{"LOWER": "the", "OP": "?"}, _DAY, {"LOWER": "of", "OP": "?"}, _MONTH, _YEAR],
    [{"LOWER": "the"}, _ORDINAL_DAY],  # "on the 3rd"
    [{"TEXT": {"REGEX": r"^\d{1,2}/\d{1,2}(/\d{2}|/\d{4})?$"}}],  # "10/02/2026", "10/2"
    [{"TEXT": {"REGEX": r"^\d{4}-\d{1,2}-\d{1,2}$"}}],  # "2026-10-02" glued to other text
    [
        {"TEXT": {"REGEX": r"^\d{4}$"}},
        {"ORTH": "-"},
        {"TEXT": {"REGEX": r"^\d{1,2}$"}},
        {"ORTH": "-"},
        {"TEXT": {"REGEX": r"^\d{1,2}$"}},
    ],  # "2026-10-02" (five tokens)
]

# ---- treatment ----------------------------------------------------------------------------
# Everyday words for medical treatment; actions/parsing.py maps them to the five levels.
TREATMENT_PHRASES = _phrases(
    """
    no treatment, first aid, band-aid, band aid, bandage, bandaged, ice pack, ice on it, iced it,
    cold water, burn cream, aloe, ointment, antiseptic, doctor, doctors, doc, gp, physician,
    clinic, walk-in clinic, urgent care, nurse, stitches, x-ray, emergency room,
    emergency department, a&e, ambulance, paramedics, hospital, hospitalized, hospitalised,
    admitted, surgery, intensive care, icu
    """
)
# "ER" only in capitals: a lower-case "er" is a hesitation, not a hospital.
_ER: list[Pattern] = [[{"ORTH": "ER"}], [{"ORTH": "E.R."}]]

# ---- body parts ---------------------------------------------------------------------------
BODY_PARTS = _phrases(
    """
    hand, hands, finger, fingers, thumb, palm, wrist, arm, arms, forearm, elbow, shoulder,
    shoulders, leg, legs, thigh, knee, knees, shin, ankle, foot, feet, toe, toes, face, forehead,
    cheek, chin, lip, lips, mouth, nose, eye, eyes, eyebrow, ear, ears, head, scalp, hair, neck,
    back, chest, stomach, belly, hip, skin, tongue, teeth, tooth
    """
)
_POSSESSIVES = ["my", "his", "her", "their", "our", "your", "'s", "both"]
_SIDES = ["left", "right", "upper", "lower", "inner"]
BODY_PART_PATTERNS: list[Pattern] = [
    # "my hand", "her right arm", "my son's finger": the possessive keeps "back of the heater"
    # and "face of the dial" out.
    [
        {"LOWER": {"IN": _POSSESSIVES}},
        {"LOWER": {"IN": _SIDES}, "OP": "?"},
        {"LOWER": {"IN": BODY_PARTS}},
    ],
]

# ---- products -----------------------------------------------------------------------------
PRODUCTS = _phrases(
    """
    kettle, electric kettle, heater, space heater, oil heater, charger, phone charger,
    laptop charger, usb charger, wireless charger, power bank, battery, batteries, e-bike,
    e-bike battery, ebike, scooter, e-scooter, hoverboard, blender, toaster, toaster oven,
    air fryer, microwave, pressure cooker, slow cooker, rice cooker, coffee maker, coffee machine,
    espresso machine, hairdryer, straightener, curling iron, iron, lamp, desk lamp,
    extension cord, extension lead, power strip, cable, adapter, plug, fan, heating pad,
    electric blanket, candle, candle holder, toy, rattle, shelf, bookshelf, chair, ladder,
    stroller, car seat, crib, phone, laptop, headphones, earbuds, speaker, humidifier,
    dehumidifier, food processor, mixer, stand mixer, knife, razor, shaver, electric toothbrush,
    dishwasher, washing machine, dryer, tumble dryer, fridge, freezer, grill, bbq, vape,
    light bulb, bulb, string lights, fairy lights, smoke detector, drill, glass table, mug,
    bottle, water bottle, frying pan, pan, pot, juicer, waffle maker, sandwich maker, massager,
    bike, helmet, trampoline, crockpot
    """
)
# Products named after a body part: with an optional possessive, "my hand mixer" is longer than
# the body part "my hand" and wins the overlap.
_BODY_PART_PRODUCTS = _phrases(
    """
    hand mixer, hand blender, hand warmer, neck massager, back massager, foot spa, foot massager,
    face mask, eye mask, head torch, hair dryer, hair straightener, hair clipper, hair clippers
    """
)


def _phrase_pattern(nlp: Language, phrase: str) -> Pattern:
    """Token pattern matching `phrase` case-insensitively, however spaCy splits it."""
    return [{"LOWER": token.lower_} for token in nlp.make_doc(phrase)]


def entity_patterns(nlp: Language) -> list[dict[str, Any]]:
    """All entity-ruler patterns, in a fixed order so the build is reproducible."""
    patterns: list[tuple[str, Pattern]] = [
        (ORDER_ID, _ORDER_ID_TOKENS),
        (ORDER_ID, _ORDER_ID_ONE_TOKEN),
        (EMAIL, [{"LIKE_EMAIL": True}]),
        (EMAIL, [{"TEXT": {"REGEX": r"^[\w.+%-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}$"}}]),
        (CLAIM_REF, _CLAIM_REF_ONE_TOKEN),
        (CLAIM_REF, _CLAIM_REF_TOKENS),
        *((MONEY, pattern) for pattern in MONEY_PATTERNS),
        *((DATE, pattern) for pattern in DATE_PATTERNS),
        *((TREATMENT, pattern) for pattern in _ER),
        *((TREATMENT, _phrase_pattern(nlp, phrase)) for phrase in TREATMENT_PHRASES),
        *((BODY_PART, pattern) for pattern in BODY_PART_PATTERNS),
        *((PRODUCT, _phrase_pattern(nlp, phrase)) for phrase in PRODUCTS),
        *(
            (PRODUCT, [{"LOWER": {"IN": _POSSESSIVES}, "OP": "?"}, *_phrase_pattern(nlp, phrase)])
            for phrase in _BODY_PART_PRODUCTS
        ),
    ]
    return [{"label": label, "pattern": pattern} for label, pattern in patterns]
