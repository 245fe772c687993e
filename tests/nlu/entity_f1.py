"""Score the spaCy entity rules on the hand-marked entities of the held-out NLU split.

Usage: ``python tests/nlu/entity_f1.py tests/nlu/heldout.yml results/nlu [--min 0.8]``.
Rasa's own `rasa test nlu` leaves pretrained extractors (SpacyEntityExtractor) out of its entity
report, so this runs the same rules (bot/spacy_pipeline.py) and counts exact spans per label.
Writes `entity_summary.json` and prints precision, recall and F1 per label and over all.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from bot.spacy_pipeline import entities_in

_ANNOTATION_RE = re.compile(r"\[([^\]]+)\]\((\w+)\)")
Span = tuple[int, int, str]


def plain_text_and_spans(example: str) -> tuple[str, set[Span]]:
    """ "on [the 5th](DATE)" -> ("on the 5th", {(3, 10, "DATE")})."""
    text, spans, position = "", set(), 0
    for match in _ANNOTATION_RE.finditer(example):
        text += example[position : match.start()]
        spans.add((len(text), len(text) + len(match.group(1)), match.group(2)))
        text += match.group(1)
        position = match.end()
    return text + example[position:], spans


def heldout_examples(path: Path) -> list[str]:
    """Every example line of a Rasa NLU YAML file, annotations kept."""
    examples = []
    for block in yaml.safe_load(path.read_text()).get("nlu", []):
        for line in block.get("examples", "").splitlines():
            if line.strip().startswith("- "):
                examples.append(line.strip()[2:])
    return examples


def _scores(true_positives: int, false_positives: int, false_negatives: int) -> dict:
    precision = true_positives / (true_positives + false_positives or 1)
    recall = true_positives / (true_positives + false_negatives or 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": true_positives + false_negatives,
    }


def evaluate(examples: list[str]) -> dict:
    """Exact-span precision, recall and F1 of the rules, per label and micro-averaged."""
    counts: dict[str, Counter] = {}
    misses = []
    for example in examples:
        text, expected = plain_text_and_spans(example)
        found = {(e["start"], e["end"], e["entity"]) for e in entities_in(text)}
        for label in {span[2] for span in expected | found}:
            want = {span for span in expected if span[2] == label}
            got = {span for span in found if span[2] == label}
            tally = counts.setdefault(label, Counter())
            tally.update(tp=len(want & got), fp=len(got - want), fn=len(want - got))
        if expected != found:
            misses.append({"text": text, "expected": sorted(expected), "found": sorted(found)})
    total = sum(counts.values(), Counter())
    return {
        "entity_micro_f1": _scores(total["tp"], total["fp"], total["fn"])["f1"],
        "labels": {
            label: _scores(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())
        },
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    """Evaluate, write RESULTS_DIR/entity_summary.json, print, and judge against the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("heldout", type=Path)
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--min", type=float, default=0.8, help="lowest acceptable micro-F1")
    args = parser.parse_args(argv)
    summary = evaluate(heldout_examples(args.heldout))
    summary["threshold"] = args.min
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "entity_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    for label, scores in summary["labels"].items():
        print(
            f"  {label:<10} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
            f"F1 {scores['f1']:.3f}  ({scores['support']} marked)"
        )
    verdict = "ok" if summary["entity_micro_f1"] >= args.min else "BELOW THE FLOOR"
    print(
        f"held-out entity-rule micro-F1 {summary['entity_micro_f1']:.3f} "
        f"({len(summary['misses'])} examples differ, floor {args.min:.2f}): {verdict}"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
