"""Build the spaCy pipeline the Rasa server loads (`SpacyNLP: model: build/spacy_claims`).

No trained spaCy model can be downloaded where this project runs, so the pipeline is a blank
English tokenizer plus an `entity_ruler` whose patterns live in this repository
(bot/entity_patterns.py). Rasa's `SpacyEntityExtractor` then reports ORDER_ID, EMAIL, MONEY,
DATE, TREATMENT, BODY_PART, PRODUCT and CLAIM_REF entities; `entities_in` runs the same
rules outside Rasa (the action server's fallback for raw text).

Usage: ``python -m bot.spacy_pipeline [OUTPUT_DIR]`` (default ``build/spacy_claims``).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from bot.entity_patterns import ENTITY_LABELS, entity_patterns

DEFAULT_OUTPUT_DIR = Path("build/spacy_claims")


def build_pipeline() -> Language:
    """A blank English pipeline with the claims entity ruler."""
    nlp = spacy.blank("en")
    nlp.meta["name"] = "spacy_claims"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Blank English tokenizer + entity ruler for the claims assistant"
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(entity_patterns(nlp))
    return nlp


@lru_cache(maxsize=1)
def _shared_pipeline() -> Language:
    return build_pipeline()


def entities_in(text: str) -> list[dict[str, Any]]:
    """The ruler's entities in `text`, shaped like Rasa's parse data (entity, value, start, end)."""
    return [
        {"entity": ent.label_, "value": ent.text, "start": ent.start_char, "end": ent.end_char}
        for ent in _shared_pipeline()(text).ents
    ]


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
