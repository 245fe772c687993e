"""Simulated customers (tests/e2e/personas.py) file claims through the REST channel; each stored
claim must match what its customer said. The run's success rate and turns per claim are written
to results/personas.json and printed."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from tests import terminal_summary

from .chat import Chat, png_image
from .customer import Outcome, converse
from .personas import personas
from .stored_claim import differences, stored_claim

pytestmark = pytest.mark.e2e

RESULTS = Path(__file__).resolve().parents[2] / "results" / "personas.json"


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest) -> Iterator[list[Outcome]]:
    """Every persona's outcome; summarised once all have talked."""
    collected: list[Outcome] = []
    yield collected
    if not collected:
        return
    filed = [outcome for outcome in collected if outcome.filed and not outcome.problem]
    turns = [outcome.turns for outcome in filed]
    summary = {
        "personas": len(collected),
        "claims_filed_as_told": len(filed),
        "success_rate": round(len(filed) / len(collected), 3),
        "median_customer_turns": statistics.median(turns) if turns else None,
        "mean_customer_turns": round(statistics.mean(turns), 2) if turns else None,
        "outcomes": [asdict(outcome) for outcome in collected],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2))
    # Shown at the end of the run (tests/conftest.py's terminal summary), even under `pytest -q`.
    terminal_summary.add(
        request.config,
        f"simulated customers: {summary['claims_filed_as_told']}/{summary['personas']} claims "
        f"filed as told (success rate {summary['success_rate']:.0%}), median "
        f"{summary['median_customer_turns']} customer turns per claim -> {RESULTS}",
    )


@pytest.mark.parametrize("name", [persona.name for persona in personas()])
def test_the_stored_claim_is_what_the_customer_said(
    name: str, chat: Chat, outcomes: list[Outcome]
) -> None:
    # Built now, not at collection: its dates are counted from the day it talks.
    persona = next(persona for persona in personas() if persona.name == name)
    files = [
        chat.upload_evidence(png_image(), f"photo{n}.png", "image/png")
        for n in range(persona.files)
    ]
    outcome = converse(chat, persona, files)
    outcomes.append(outcome)
    transcript = "\n".join(
        f">> {said}\n" + "\n".join(f"   << {r.get('text')}" for r in replies)
        for said, replies in chat.transcript
    )
    assert outcome.filed, f"{outcome.problem}\n{transcript}"
    claim = stored_claim(chat)
    assert claim is not None and claim["reference"] == outcome.reference, transcript
    problems = differences(persona, claim)
    if persona.questions is not None and tuple(outcome.asked) != persona.questions:
        # Whatever the first message told is not asked again.
        problems.append(f"asked {outcome.asked}, expected only {list(persona.questions)}")
    if problems:
        outcome.problem = "; ".join(problems)
    assert not problems, f"{problems}\n{transcript}"


def test_there_are_enough_personas() -> None:
    everyone = personas()
    assert len(everyone) >= 30
    assert len({persona.number for persona in everyone}) == len(everyone)  # one order each
    assert len({persona.name for persona in everyone}) == len(everyone)
