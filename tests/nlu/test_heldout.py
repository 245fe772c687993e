"""The held-out NLU split stays honest: separate from training, covering every intent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.nlu.entity_f1 import evaluate, plain_text_and_spans
from tests.nlu.intent_f1 import main, summarise

ROOT = Path(__file__).resolve().parents[2]


def _examples(paths: list[Path]) -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = {}
    for path in paths:
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" in block:
                lines = block["examples"].splitlines()
                by_intent.setdefault(block["intent"], []).extend(
                    plain_text_and_spans(line.strip()[2:])[0]
                    for line in lines
                    if line.strip().startswith("- ")
                )
    return by_intent


def _normal(example: str) -> str:
    return re.sub(r"[\W_]+", " ", example.lower()).strip()


@pytest.fixture(scope="module")
def training() -> dict[str, list[str]]:
    return _examples(sorted((ROOT / "data" / "nlu").glob("*.yml")))


@pytest.fixture(scope="module")
def heldout() -> dict[str, list[str]]:
    return _examples([ROOT / "tests" / "nlu" / "heldout.yml"])


def test_no_held_out_example_is_in_the_training_data(training, heldout) -> None:
    trained = {_normal(example) for examples in training.values() for example in examples}
    copies = [e for examples in heldout.values() for e in examples if _normal(e) in trained]
    assert copies == []


# Intents only the backend triggers (their examples are Rasa's "EXTERNAL: <intent>" text, which
# no customer types): nothing to hold out.
TRIGGERED_ONLY = {"agent_handback"}


def test_every_intent_is_held_out_in_proportion(training, heldout) -> None:
    assert set(heldout) == set(training) - TRIGGERED_ONLY
    for intent, examples in training.items():
        if intent in TRIGGERED_ONLY:
            continue
        share = len(heldout[intent]) / len(examples)
        assert 0.1 <= share <= 0.3, (intent, len(heldout[intent]), len(examples))


def test_every_trained_intent_is_in_the_domain(training) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(training) <= set(domain["intents"])


REPORT = {
    "greet": {"precision": 1.0, "recall": 1.0, "f1-score": 1.0, "support": 3},
    "inform": {"precision": 0.8, "recall": 0.5, "f1-score": 0.6154, "support": 4},
    "accuracy": 0.7143,
    "macro avg": {"precision": 0.9, "recall": 0.75, "f1-score": 0.8077, "support": 7},
    "weighted avg": {"precision": 0.886, "recall": 0.714, "f1-score": 0.78, "support": 7},
}


def test_the_summary_reads_rasas_intent_report() -> None:
    summary = summarise(REPORT)
    assert summary["intent_macro_f1"] == 0.8077
    assert summary["intent_accuracy"] == 0.7143
    assert summary["examples"] == 7
    assert set(summary["intents"]) == {"greet", "inform"}


@pytest.mark.parametrize(("floor", "status"), [(0.8, 0), (0.85, 1)])
def test_a_macro_f1_below_the_floor_fails(tmp_path: Path, floor: float, status: int) -> None:
    (tmp_path / "intent_report.json").write_text(json.dumps(REPORT))
    assert main([str(tmp_path), "--min", str(floor)]) == status
    assert (tmp_path / "nlu_summary.json").exists()


def test_annotations_become_plain_text_and_spans() -> None:
    text, spans = plain_text_and_spans("on [the 5th](DATE), about [$250](MONEY)")
    assert text == "on the 5th, about $250"
    assert spans == {(3, 10, "DATE"), (18, 22, "MONEY")}
    assert text[3:10] == "the 5th" and text[18:22] == "$250"


def test_entity_scores_count_exact_spans() -> None:
    summary = evaluate(
        [
            "order [112-1234567-1234567](ORDER_ID)",  # found
            "[about $250](MONEY)",  # the rules find "$250": a wrong span is a miss and a false find
            "a phone",  # an unmarked product: a false find
        ]
    )
    assert summary["labels"]["ORDER_ID"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "support": 1,
    }
    assert summary["labels"]["MONEY"]["f1"] == 0.0
    assert summary["labels"]["PRODUCT"]["precision"] == 0.0
    assert len(summary["misses"]) == 2
