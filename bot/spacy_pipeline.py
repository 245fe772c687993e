"""Build the spaCy pipeline the Rasa server loads (`SpacyNLP: model: build/spacy_claims`).

No trained spaCy model can be downloaded where this project runs, so the pipeline is a blank
English tokenizer plus an `entity_ruler` whose patterns live in this repository. Rasa's
`SpacyEntityExtractor` then reports ORDER_ID, EMAIL, MONEY and TREATMENT entities.

Usage: ``python -m bot.spacy_pipeline [OUTPUT_DIR]`` (default ``build/spacy_claims``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

DEFAULT_OUTPUT_DIR = Path("build/spacy_claims")

ORDER_ID = "ORDER_ID"
EMAIL = "EMAIL"
MONEY = "MONEY"
TREATMENT = "TREATMENT"
ENTITY_LABELS = (ORDER_ID, EMAIL, MONEY, TREATMENT)

# spaCy's tokenizer splits "112-1234567-1234567" at the hyphens into five tokens.
_ORDER_ID_TOKENS = [
    {"TEXT": {"REGEX": r"^\d{3}$"}},
    {"ORTH": "-"},
    {"TEXT": {"REGEX": r"^\d{7}$"}},
    {"ORTH": "-"},
    {"TEXT": {"REGEX": r"^\d{7}$"}},
]
# ...but keeps it whole when glued to other characters, so match that form too.
_ORDER_ID_ONE_TOKEN = [{"TEXT": {"REGEX": r"^\d{3}-\d{7}-\d{7}$"}}]

# "350", "1,200.50", "1.2k", "2K"
_NUMBER = {"TEXT": {"REGEX": r"^\d[\d,]*(\.\d+)?[kK]?$"}}
_CURRENCY_WORDS = ["dollar", "dollars", "bucks", "usd", "$"]

# Everyday words for medical treatment; actions/parsing.py maps them to the five levels.
TREATMENT_PHRASES = [
    "no treatment",
    "first aid",
    "band-aid",
    "band aid",
    "bandage",
    "plaster",
    "ice pack",
    "burn cream",
    "doctor",
    "my doctor",
    "a doctor",
    "gp",
    "physician",
    "clinic",
    "urgent care",
    "walk-in clinic",
    "emergency room",
    "emergency",
    "a&e",
    "ambulance",
    "hospital",
    "hospitalized",
    "hospitalised",
    "admitted",
    "surgery",
    "stitches",
]


def _phrase_pattern(nlp: Language, phrase: str) -> list[dict[str, Any]]:
    """Token pattern matching `phrase` case-insensitively, however spaCy splits it."""
    return [{"LOWER": token.lower_} for token in nlp.make_doc(phrase)]


def entity_patterns(nlp: Language) -> list[dict[str, Any]]:
    """All entity-ruler patterns, in a fixed order so the build is reproducible."""
    patterns: list[dict[str, Any]] = [
        {"label": ORDER_ID, "pattern": _ORDER_ID_TOKENS},
        {"label": ORDER_ID, "pattern": _ORDER_ID_ONE_TOKEN},
        {"label": EMAIL, "pattern": [{"LIKE_EMAIL": True}]},
        # "$350", "$ 1,200.50", "$1.2k"
        {"label": MONEY, "pattern": [{"ORTH": "$"}, _NUMBER]},
        # "USD 300"
        {"label": MONEY, "pattern": [{"LOWER": "usd"}, _NUMBER]},
        # "350 dollars", "300 bucks", "350 $"
        {"label": MONEY, "pattern": [_NUMBER, {"LOWER": {"IN": _CURRENCY_WORDS}}]},
        # a bare "1.2k"
        {"label": MONEY, "pattern": [{"TEXT": {"REGEX": r"^\d+(\.\d+)?[kK]$"}}]},
        # "ER" only in capitals: a lower-case "er" is a hesitation, not a hospital.
        {"label": TREATMENT, "pattern": [{"ORTH": "ER"}]},
    ]
    patterns += [
        {"label": TREATMENT, "pattern": _phrase_pattern(nlp, phrase)}
        for phrase in TREATMENT_PHRASES
    ]
    return patterns


def build_pipeline() -> Language:
    """A blank English pipeline with the claims entity ruler."""
    nlp = spacy.blank("en")
    nlp.meta["name"] = "spacy_claims"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Blank English tokenizer + entity ruler for the claims assistant"
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(entity_patterns(nlp))
    return nlp


def main(argv: list[str] | None = None) -> int:
    """Build the pipeline and write it to OUTPUT_DIR."""
    args = sys.argv[1:] if argv is None else argv
    output_dir = Path(args[0]) if args else DEFAULT_OUTPUT_DIR
    nlp = build_pipeline()
    output_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    print(f"spaCy pipeline with {len(ENTITY_LABELS)} entity labels written to {output_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
