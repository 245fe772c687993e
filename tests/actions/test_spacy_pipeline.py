"""The spaCy pipeline the Rasa server loads: the entity ruler's patterns, and a reproducible
build. (It runs inside the Rasa server; its entities feed the claim form's slot mappings.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.spacy_pipeline import build_pipeline, main


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("my order is 112-1234567-1234567", [("112-1234567-1234567", "ORDER_ID")]),
        ("order #112-1234567-1234567.", [("112-1234567-1234567", "ORDER_ID")]),
        ("it's Dana@Example.com", [("Dana@Example.com", "EMAIL")]),
        ("$350", [("$350", "MONEY")]),
        ("350 dollars", [("350 dollars", "MONEY")]),
        ("it was $1,200.50", [("$1,200.50", "MONEY")]),
        ("about 1.2k", [("1.2k", "MONEY")]),
        ("300 bucks", [("300 bucks", "MONEY")]),
        ("first aid", [("first aid", "TREATMENT")]),
        ("went to urgent care", [("urgent care", "TREATMENT")]),
        ("the ER", [("ER", "TREATMENT")]),
        ("a band-aid then the hospital",
         [("band-aid", "TREATMENT"), ("hospital", "TREATMENT")]),
        ("er, not sure", []),
        ("350", []),
    ],
)
def test_the_entity_ruler_finds_claim_entities(nlp, text: str, entities: list) -> None:
    assert [(ent.text, ent.label_) for ent in nlp(text).ents] == entities


def test_the_build_is_reproducible(tmp_path: Path) -> None:
    assert main([str(tmp_path / "a")]) == 0
    assert main([str(tmp_path / "b")]) == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                     if p.is_file())
    assert files_a
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
