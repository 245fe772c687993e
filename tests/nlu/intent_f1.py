"""Report the intent macro-F1 of `rasa test nlu` on the held-out split, and fail below a floor.

Usage: ``python tests/nlu/intent_f1.py results/nlu [--min 0.85]``. Reads the
`intent_report.json` Rasa wrote there, writes `nlu_summary.json` next to it and prints one line
per intent (weakest first), so a drop shows which intent caused it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

_NOT_INTENTS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def summarise(report: dict) -> dict:
    """Macro-F1, accuracy and each intent's F1 and support from Rasa's intent report."""
    intents = {
        name: {"f1": round(scores["f1-score"], 4), "support": scores["support"]}
        for name, scores in report.items()
        if name not in _NOT_INTENTS
    }
    return {
        "intent_macro_f1": round(report["macro avg"]["f1-score"], 4),
        "intent_accuracy": round(
            report.get("accuracy", report.get("micro avg", {}).get("f1-score", 0.0)), 4
        ),
        "examples": sum(item["support"] for item in intents.values()),
        "intents": intents,
    }


def main(argv: list[str] | None = None) -> int:
    """Summarise, print and judge the held-out evaluation in RESULTS_DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--min", type=float, default=0.85, help="lowest acceptable macro-F1")
    args = parser.parse_args(argv)
    report = json.loads((args.results_dir / "intent_report.json").read_text())
    summary = summarise(report)
    summary["threshold"] = args.min
    (args.results_dir / "nlu_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    for name, scores in sorted(summary["intents"].items(), key=lambda item: item[1]["f1"]):
        print(f"  {name:<20} F1 {scores['f1']:.3f}  ({scores['support']} examples)")
    verdict = "ok" if summary["intent_macro_f1"] >= args.min else "BELOW THE FLOOR"
    print(
        f"held-out intent macro-F1 {summary['intent_macro_f1']:.3f} "
        f"(accuracy {summary['intent_accuracy']:.3f}, {summary['examples']} examples, "
        f"floor {args.min:.2f}): {verdict}"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
