"""The generated customers (tests/e2e/generated_personas.py) file claims through the REST channel;
each stored claim must be what its customer said.

One test per persona records how its conversation went and never fails on its own (200 personas
failing one by one would bury the figure that matters); the last test is the gate: it fails when
the held-out split stores fewer than HELDOUT_FLOOR of its claims as told, or its standard claims take a
median of more than 8 customer turns. Figures and every failure (with the families the persona
talked in and its transcript) go to results/personas-generated.json and a line per split to the
terminal summary.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from tests import terminal_summary

from .chat import Chat, png_image
from .customer import converse
from .generated_personas import SPLITS, Generated, generated_personas
from .stored_claim import differences, stored_claim

pytestmark = pytest.mark.e2e

RESULTS = Path(__file__).resolve().parents[2] / "results" / "personas-generated.json"
# Issue 10's target: 95 % of the held-out personas' claims stored as told. Measured on
# 2026-12-03: held-out 87/90, tuned 130/130 (on 2026-12-02 it was 38/90: the assistant had been
# tuned to phrasing).
HELDOUT_FLOOR = 0.95
STANDARD_TURNS = 8
PLACEHOLDERS = ("as told above", "see above", "as above", "n/a")


def today() -> date:
    return datetime.now(timezone.utc).date()


def summary(records: list[dict]) -> dict:
    """Per split: personas, claims stored as told, pass rate, median turns (of the claims stored
    as told; overall and for standard claims) and each failure."""

    def median(values: list[int]) -> float | None:
        return statistics.median(values) if values else None

    splits = {}
    for split in SPLITS:
        ran = [record for record in records if record["split"] == split]
        if not ran:
            continue
        correct = [record for record in ran if not record["problem"]]
        splits[split] = {
            "personas": len(ran),
            "correct_stored_claims": len(correct),
            "pass_rate": round(len(correct) / len(ran), 3),
            "median_turns": median([record["turns"] for record in correct]),
            "standard_claims": sum(record["standard"] for record in ran),
            "median_turns_standard": median(
                [record["turns"] for record in correct if record["standard"]]
            ),
            "failures": [record for record in ran if record["problem"]],
        }
    return splits


@pytest.fixture(scope="module")
def records(request: pytest.FixtureRequest) -> Iterator[list[dict]]:
    """Every generated persona's conversation; written out once all have talked."""
    collected: list[dict] = []
    yield collected
    if not collected:
        return
    splits = summary(collected)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"splits": splits, "personas": collected}, indent=2))
    terminal_summary.add(
        request.config,
        *[
            f"generated personas, {split}: {figures['correct_stored_claims']}/{figures['personas']} "
            f"claims stored as told ({figures['pass_rate']:.0%}), median {figures['median_turns']} "
            f"customer turns, {figures['median_turns_standard']} for standard claims -> {RESULTS}"
            for split, figures in splits.items()
        ],
    )


def description_problems(generated: Generated, claim: dict) -> list[str]:
    """The stored descriptions must be the customer's own words about the defect and the harm."""
    problems = []
    defect = claim["defect_description"].lower()
    if not any(word in defect for word in generated.defect_words):
        problems.append(f"defect_description is not what they said went wrong: {defect!r}")
    for harm in ("property_damage", "injury"):
        told = (claim[harm] or {}).get("description", "").lower()
        if claim[harm] and (
            told.strip() in PLACEHOLDERS or not any(w in told for w in generated.harm_words)
        ):
            problems.append(f"{harm} description is not what they told: {told!r}")
    return problems


@pytest.mark.parametrize("name", [g.persona.name for g in generated_personas(today())])
def test_generated_persona(name: str, chat: Chat, records: list[dict]) -> None:
    # Built now, not at collection: its dates are counted from the day it talks.
    generated = next(g for g in generated_personas(today()) if g.persona.name == name)
    persona = generated.persona
    files = [
        chat.upload_evidence(png_image(), f"photo{n}.png", "image/png")
        for n in range(persona.files)
    ]
    outcome = converse(chat, persona, files)
    problems = [outcome.problem] if outcome.problem else []
    if outcome.filed:
        claim = stored_claim(chat)
        if claim is None or claim["reference"] != outcome.reference:
            problems.append("the claim told to the customer is not the one stored")
        else:
            problems += differences(persona, claim) + description_problems(generated, claim)
    records.append(
        {
            "persona": name,
            "split": generated.split,
            "families": list(generated.families),
            "standard": generated.standard,
            "filed": outcome.filed,
            "turns": outcome.turns,
            "asked": outcome.asked,
            "problem": "; ".join(problems),
            "transcript": [
                {"customer": said, "assistant": [reply.get("text") for reply in replies]}
                for said, replies in chat.transcript
            ],
        }
    )


def test_the_heldout_split_passes_its_gates(records: list[dict]) -> None:
    splits = summary(records)
    if "heldout" not in splits:
        pytest.skip("the held-out personas did not run")
    heldout = splits["heldout"]
    assert heldout["pass_rate"] >= HELDOUT_FLOOR, (
        f"held-out personas: {heldout['pass_rate']:.0%} of claims stored as told, below "
        f"{HELDOUT_FLOOR:.0%}; see {RESULTS}"
    )
    turns = heldout["median_turns_standard"]
    assert turns is not None and turns <= STANDARD_TURNS, (
        f"held-out standard claims: median {turns} customer turns, more than {STANDARD_TURNS}"
    )


def test_the_generated_personas_are_many_and_split_by_family() -> None:
    everyone = generated_personas(today())
    assert len(everyone) >= 200
    assert len({g.persona.order_id for g in everyone}) == len(everyone)  # one order each
    families = {
        split: {f"{fact}: {f.name}" for fact, fs in fam.items() for f in fs}
        for split, (fam, _) in SPLITS.items()
    }
    assert not families["tuned"] & families["heldout"]
    for g in everyone:
        assert set(g.families) <= families[g.split], g.persona.name
    used = {family for g in everyone for family in g.families}
    assert used == families["tuned"] | families["heldout"], "every family is used"
    heldout = sum(len(fs) for fs in SPLITS["heldout"][0].values())
    assert 0.3 <= heldout / (heldout + sum(len(fs) for fs in SPLITS["tuned"][0].values())) <= 0.5
