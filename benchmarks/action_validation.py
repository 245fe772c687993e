"""How long the Rasa server spends checking one custom action's answer: Rasa's own check
(`jsonschema.validate`, which re-checks the schema against the meta-schema each call) against the
check `bot/action_result_schema.py` installs (a validator built once, each event checked against its
own kind only), in the same run on the same answers.

The answers are what this assistant's actions send on a typical turn: a question (`action_ask_*`:
one response, a few slot events) and a form step (`validate_claim_form`: several slots). Each
check is timed in batches; the figures are the medians of the batches, per check.
Results: ``benchmarks/results/action_validation.json`` and ``.md``.

    python -m benchmarks.action_validation [--batches 30 --per-batch 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from benchmarks.machine import machine
from bot import action_result_schema

RESULTS = Path(__file__).resolve().parent / "results"
QUESTION = {
    "events": [
        {"event": "slot", "name": "requested_slot", "value": "incident_date", "timestamp": None},
        {"event": "slot", "name": "asked_count", "value": 1.0, "timestamp": None},
    ],
    "responses": [{"text": "When did it happen?", "buttons": [], "elements": [], "custom": {}}],
}
FORM_STEP = {
    "events": [
        {"event": "slot", "name": name, "value": value, "timestamp": None}
        for name, value in [
            ("order_id", "123"),
            ("customer_email", "ann@example.com"),
            ("claim_sku", "KTL-200"),
            ("incident_date", "2026-11-28"),
            ("defect_description", "the kettle's base overheated and melted"),
            ("harm_kind", "property_damage"),
            ("property_damage_amount", "240.00"),
        ]
    ],
    "responses": [],
}


def per_check_microseconds(
    check: Callable[[RemoteAction, Any], bool], answer: dict, batches: int, per_batch: int
) -> list[float]:
    action = RemoteAction("action_ask_incident_date", EndpointConfig("http://127.0.0.1:1/webhook"))
    check(action, answer)  # warm up (the prepared validator is built here)
    timings = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(per_batch):
            check(action, answer)
        timings.append((time.perf_counter() - start) / per_batch * 1e6)
    return timings


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"# Custom action answer check ({m['date']})",
        "",
        f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory']}; Python {m['python']}.",
        f"Method: {report['method']}",
        "",
        "| answer | Rasa's check, µs (median) | prepared validator, µs (median) | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for run in report["runs"]:
        lines.append(
            f"| {run['answer']} | {run['rasa_us']} | {run['prepared_us']} | {run['ratio']}× |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--per-batch", type=int, default=200)
    arguments = parser.parse_args(argv)
    rasas_own = RemoteAction._validate_action_result
    runs = []
    for name, answer in [("question", QUESTION), ("form step", FORM_STEP)]:
        rasa = statistics.median(
            per_check_microseconds(rasas_own, answer, arguments.batches, arguments.per_batch)
        )
        prepared = statistics.median(
            per_check_microseconds(
                action_result_schema._validate_action_result,
                answer,
                arguments.batches,
                arguments.per_batch,
            )
        )
        runs.append(
            {
                "answer": name,
                "rasa_us": round(rasa, 1),
                "prepared_us": round(prepared, 1),
                "ratio": round(rasa / prepared, 1),
            }
        )
    report = {
        "machine": machine(),
        "method": (
            f"in process, {arguments.batches} batches of {arguments.per_batch} checks of the same "
            "answer, Rasa's check first, then the prepared one; median time per check"
        ),
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "action_validation.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "action_validation.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
