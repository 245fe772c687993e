"""The spaCy pipeline the Rasa server loads: the entity ruler's patterns, and a reproducible
build. (It runs inside the Rasa server; its entities feed the claim form's slot mappings.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.entity_patterns import ENTITY_LABELS
from bot.spacy_pipeline import build_pipeline, entities_in, main
from tests.actions.support import ROOT


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
        ("a band-aid then the hospital", [("band-aid", "TREATMENT"), ("hospital", "TREATMENT")]),
        ("er, not sure", []),
        ("350", []),
        # money in every common form
        ("$1.2k", [("$1.2k", "MONEY")]),
        ("1,200 dollars", [("1,200 dollars", "MONEY")]),
        ("450$", [("450$", "MONEY")]),
        ("USD 300", [("USD 300", "MONEY")]),
        ("$85.50", [("$85.50", "MONEY")]),
        ("300 usd", [("300 usd", "MONEY")]),
        ("two hundred and fifty dollars", [("two hundred and fifty dollars", "MONEY")]),
        ("a grand", [("a grand", "MONEY")]),
        # dates, relative and absolute
        ("last Tuesday", [("last Tuesday", "DATE")]),
        ("two weeks ago", [("two weeks ago", "DATE")]),
        ("yesterday", [("yesterday", "DATE")]),
        ("on the 3rd", [("the 3rd", "DATE")]),
        ("Oct 2", [("Oct 2", "DATE")]),
        ("Oct 2, 2026", [("Oct 2, 2026", "DATE")]),
        ("the 2nd of October", [("the 2nd of October", "DATE")]),
        ("10/02/2026", [("10/02/2026", "DATE")]),
        ("2026-10-02", [("2026-10-02", "DATE")]),
        ("3 days ago", [("3 days ago", "DATE")]),
        ("this morning", [("this morning", "DATE")]),
        # treatment in everyday words
        ("put ice on it", [("ice on it", "TREATMENT")]),
        ("saw my GP", [("GP", "TREATMENT")]),
        ("was admitted", [("admitted", "TREATMENT")]),
        ("stitches", [("stitches", "TREATMENT")]),
        # body parts need a possessive, so the back of a heater is not a body part
        ("burned my left hand", [("my left hand", "BODY_PART")]),
        ("my son's finger", [("'s finger", "BODY_PART")]),
        ("the back of the heater", [("heater", "PRODUCT")]),
        # products; the longest phrase wins
        ("the power bank", [("power bank", "PRODUCT")]),
        ("my e-bike battery", [("e-bike battery", "PRODUCT")]),
        ("my hand mixer", [("my hand mixer", "PRODUCT")]),
        # claim references, in any case
        ("status of CLM-7K3Q9X", [("CLM-7K3Q9X", "CLAIM_REF")]),
        ("clm-abcd", [("clm-abcd", "CLAIM_REF")]),
        ("CLM-12", []),
    ],
)
def test_the_entity_ruler_finds_claim_entities(nlp, text: str, entities: list) -> None:
    assert [(ent.text, ent.label_) for ent in nlp(text).ents] == entities


def test_every_label_has_rules_and_the_config_reports_it(nlp) -> None:
    labels = {pattern["label"] for pattern in nlp.get_pipe("entity_ruler").patterns}
    assert labels == set(ENTITY_LABELS)
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    extractor = next(c for c in config["pipeline"] if c["name"] == "SpacyEntityExtractor")
    assert set(extractor["dimensions"]) == set(ENTITY_LABELS)


def test_entities_in_gives_rasa_shaped_entities() -> None:
    text = "order 112-1234567-1234567 cost $350"
    assert entities_in(text) == [
        {"entity": "ORDER_ID", "value": "112-1234567-1234567", "start": 6, "end": 25},
        {"entity": "MONEY", "value": "$350", "start": 31, "end": 35},
    ]


def test_the_build_is_reproducible(tmp_path: Path) -> None:
    assert main([str(tmp_path / "a")]) == 0
    assert main([str(tmp_path / "b")]) == 0
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files_a
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
