"""At least 200 simulated customers built from phrasing families (tests/e2e/phrasing.py and
phrasing_heldout.py), deterministically (a fixed seed; dates counted from `today`).

Each persona has true facts (what its stored claim must hold) and says them in its split's
families only: tuned personas in tuned families, held-out personas in held-out families. Each has
its own order (tests/recent_marketplace.py, `generated_order_id`), so no claim duplicates another.
Every claim is one the policy accepts: after delivery (30 days ago), not in the future, a total
over zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from random import Random

from tests.recent_marketplace import (
    GENERATED_ITEMS,
    generated_email,
    generated_order_id,
    generated_products,
)

from .customer import Correction, Injury, Persona
from .phrasing import TUNED, Damage, Defect, Family, Hurt, Item, Story, days_ago
from .phrasing_heldout import HELDOUT

SEED = "issue-10"
SPLITS = {"tuned": (TUNED, range(1, 131)), "heldout": (HELDOUT, range(131, 221))}
LAST_DAY = 25  # incidents 1..25 days ago: after delivery (30 days ago), inside the window

# What goes wrong with each product: (part, failure in the past tense).
DEFECTS = {
    "pressure cooker": [("lid", "blew off"), ("pressure valve", "stuck"), ("seal", "failed")],
    "space heater": [("plug", "melted"), ("tip-over switch", "never cut the power")],
    "air purifier": [("motor", "started smoking"), ("power cord", "sparked")],
    "kettle": [("base", "shorted out"), ("lid", "popped open while boiling")],
    "power bank": [("battery", "swelled up and burst"), ("casing", "caught fire")],
    "hair dryer": [("motor", "burst into flames"), ("cord", "sparked at the plug")],
    "charger": [("plug", "overheated and melted"), ("cable", "sparked")],
    "air fryer": [("basket handle", "melted"), ("heating element", "caught fire")],
    "toaster": [("lever", "stuck and it kept heating"), ("crumb tray", "caught fire")],
    "extension cord": [("outlet", "melted"), ("cord", "caught fire")],
    "e-bike battery": [("battery pack", "exploded while charging"), ("charging port", "shorted")],
    "humidifier": [("water tank", "cracked and leaked"), ("heater", "overheated")],
}
DAMAGES = [
    Damage("carpet", "scorched", "burn mark"),
    Damage("cabinet", "scorched", "scorch mark"),
    Damage("outlet cover", "melted", "melted patch"),
    Damage("countertop", "burned", "burn mark"),
    Damage("couch", "burned", "hole"),
    Damage("wall", "blackened", "black streak"),
    Damage("hardwood floor", "warped", "warped patch"),
    Damage("curtains", "singed", "charred edge"),
    Damage("nightstand", "scorched", "scorch mark"),
    Damage("laptop", "fried", "dead spot"),
]
HURTS = [
    Hurt("hand", "burned", "burn"),
    Hurt("forearm", "scalded", "scald"),
    Hurt("finger", "cut", "cut"),
    Hurt("wrist", "burned", "blister"),
    Hurt("leg", "burned", "burn"),
]
KINDS = {"property_damage_amount": "repair", "medical_costs": "medical", "lost_earnings": "lost"}
TREATMENTS = ["none", "first_aid", "doctor", "emergency_room", "hospitalized"]
RAW = ("order", "email", "damage")  # in `said` for multi-fact families, not answers
EXTRA_NOUNS = {"mug": "mug", "phone case": "phone case", "towels": "towels"}
# Cross-cutting families and how often a persona draws one.
CROSS = {
    "chatter": 0.35,
    "typos": 0.2,
    "not_amounts": 0.3,
    "multi_fact": 0.15,
    "out_of_order": 0.15,
    "correction": 0.3,
    "range": 0.15,
}


@dataclass(frozen=True)
class Generated:
    persona: Persona
    split: str
    families: tuple[str, ...]  # "fact: family" for every family the persona talks in
    standard: bool  # single item, property damage only, told in a natural opening
    defect_words: frozenset[str]  # words of the defect as the persona told it
    harm_words: frozenset[str]  # words of the damage or injury as told


@lru_cache(maxsize=2)
def generated_personas(today: date) -> tuple[Generated, ...]:
    """Every generated persona, with dates counted from `today` (UTC)."""
    return tuple(
        _persona(number, split, families, today)
        for split, (families, numbers) in SPLITS.items()
        for number in numbers
    )


class _Talk:
    """One persona's choice of families (seeded by its number), recorded as they are drawn."""

    def __init__(self, number: int, families: dict[str, list[Family]]) -> None:
        self.rng = Random(f"{SEED}-{number}")
        self.families = families
        self.used: list[str] = []

    def fitting(self, fact: str, *value: object) -> list[Family]:
        return [family for family in self.families[fact] if family.fits(*value)]

    def family(self, fact: str, *value: object) -> Family:
        """One of the fact's families that can say `value` (each can when no value is given)."""
        chosen = self.rng.choice(self.fitting(fact, *value))
        self.used.append(f"{fact}: {chosen.name}")
        return chosen

    def draws(self, cross: str) -> bool:
        return self.rng.random() < CROSS[cross]


def _amount(rng: Random, over: bool, share: int) -> Decimal:
    """A whole-dollar amount (sometimes with cents); over the concession limit when asked."""
    low, high = (1000, 4000) if over else (40, 900)
    value = Decimal(rng.randrange(low, high) // share)
    roundness = rng.choice([1, 10, 10, 100 if over else 10])
    value = (value // roundness) * roundness or Decimal(10)
    if rng.random() < 0.1:
        value += Decimal("0.50")
    return value


def _day(talk: _Talk, today: date) -> tuple[date, Family]:
    """An incident day and the family that says it (the family first, then a day it can say)."""
    family = talk.rng.choice(talk.families["date"])
    days = list(range(1, LAST_DAY + 1))
    talk.rng.shuffle(days)
    for back in days:
        day = today - timedelta(days=back)
        if family.fits(day, today):
            talk.used.append(f"date: {family.name}")
            return day, family
    raise AssertionError(f"no day for {family.name}")  # every date family fits some day


def _persona(number: int, split: str, families: dict[str, list[Family]], today: date) -> Generated:
    talk = _Talk(number, families)
    rng = talk.rng
    products = generated_products(number)
    noun = products[0]
    sku, title = GENERATED_ITEMS[noun]
    order, email = generated_order_id(number), generated_email(number)
    harm = rng.choice(["property", "property", "injury", "both"])
    over = rng.random() < 0.3
    said: dict[str, str] = {"order": order, "email": email}
    said["order_id"] = talk.family("order").say(order, rng)
    said["customer_email"] = talk.family("email").say(email, rng)
    item_said = None
    if len(products) > 1:
        other = products[1]
        other_noun = EXTRA_NOUNS.get(other, other)
        item = Item(noun, title, other_noun)
        item_said = talk.family("item", item).say(item, rng)

    day, date_family = _day(talk, today)
    said["incident_date"] = date_family.say(day, today)

    part, failure = rng.choice(DEFECTS[noun])
    defect_family = talk.family("defect")
    defect = defect_family.say(Defect(noun, part, failure, title), rng)
    # The words around the defect that say nothing of it (the family's frame, the product).
    framing = f"{defect_family.say(Defect('', '', '', ''), rng)} {noun} {title}"
    if talk.draws("not_amounts"):
        not_amounts = talk.family("not_amounts")
        defect = not_amounts.say(defect, title)
        framing += " " + not_amounts.say("", title)
    damage = rng.choice(DAMAGES) if harm in ("property", "both") else None
    hurt = rng.choice(HURTS) if harm in ("injury", "both") else None
    damage_said = talk.family("damage").say(damage, rng) if damage else None
    hurt_said = talk.family("injury").say(hurt, rng) if hurt else None
    typos = talk.family("typos") if talk.draws("typos") else None
    if typos:
        defect = typos.say(defect, rng)
        damage_said = damage_said and typos.say(damage_said, rng)
        hurt_said = hurt_said and typos.say(hurt_said, rng)
    said["defect_description"] = defect
    said["harm_kind"] = talk.family("harm_kind").say(harm, damage, hurt)

    # The money: property damage and/or an injury's costs, a total over zero.
    amounts: dict[str, Decimal] = {}
    if damage:
        amounts["property_damage_amount"] = (
            Decimal(0) if hurt and rng.random() < 0.2 else _amount(rng, over, 1)
        )
    if hurt:
        treatment = rng.choice(TREATMENTS)
        paid = treatment != "none" and rng.random() < 0.7
        amounts["medical_costs"] = _amount(rng, over, 2) if paid else Decimal(0)
        amounts["lost_earnings"] = _amount(rng, False, 2) if rng.random() < 0.4 else Decimal(0)
        if sum(amounts.values()) == 0:
            treatment = "doctor" if treatment == "none" else treatment
            amounts["medical_costs"] = _amount(rng, over, 2)
    ranged = None
    if talk.draws("range"):
        ranged = next((slot for slot, v in amounts.items() if v and v % 50 and v == int(v)), None)
    for slot, value in amounts.items():
        if value == 0:
            said[slot] = talk.family("none").say(KINDS[slot], None)
        elif slot == ranged:
            said[slot] = talk.family("range", value).say(value, KINDS[slot])
        else:
            said[slot] = talk.family("amount", value).say(value, KINDS[slot])

    # Questions about the harm the customer does not have (an assistant may still ask them).
    if not damage:
        about = hurt.part
        not_applicable = talk.family("not_applicable")
        said["property_damage_description"] = not_applicable.say("describe_damage", about)
        said["property_damage_amount"] = not_applicable.say("repair", about)
    else:
        said["property_damage_description"] = damage_said
    if not hurt:
        not_applicable = talk.family("not_applicable")
        for slot, kind in [
            ("injury_description", "describe_injury"),
            ("injury_treatment", "treatment"),
            ("medical_costs", "medical"),
            ("lost_earnings", "lost"),
        ]:
            said[slot] = not_applicable.say(kind, damage.thing)
    else:
        said["injury_description"] = hurt_said
        said["injury_treatment"] = talk.family("treatment").say(treatment, rng)

    files = rng.choice([0, 0, 1, 2])
    files_said = talk.family("files").say(files) if files else ""
    if not files:
        said["evidence_provided"] = talk.family("evidence").say(rng)
    said["claim_confirmed"] = talk.family("confirm").say(rng)

    opening_family = talk.family("opening")
    harm_told = " and ".join(text for text in (damage_said, hurt_said) if text)
    opening = opening_family.say(Story(noun, defect, harm_told, order, email), rng)

    # Cross-cutting: corrections, multi-fact and out-of-order answers, chatter.
    corrections = ()
    if talk.draws("correction"):
        money = [slot for slot, value in amounts.items() if value >= 60 and slot != ranged]
        corrections = _correction(talk, said, amounts, money, day, date_family, today)
    said["damage"] = damage_said or ""
    for cross in ("multi_fact", "out_of_order"):
        if talk.draws(cross) and talk.fitting(cross, said):
            said.update(talk.family(cross, said).say(said))
    said["what_happened"] = f"{defect} and {harm_told}"
    if talk.draws("chatter"):
        # Around the story (when the opening tells one) or an answer.
        slots = ["incident_date", "defect_description", "claim_confirmed"]
        slot = rng.choice(slots + (["opening"] if opening_family.natural else []))
        if slot == "opening":
            opening = talk.family("chatter", opening).say(opening, rng)
        else:
            said[slot] = talk.family("chatter", said[slot]).say(said[slot], rng)

    injury = None
    if hurt:
        injury = Injury(
            hurt_said,
            treatment,
            said["injury_treatment"],
            amounts["medical_costs"],
            said["medical_costs"],
            amounts["lost_earnings"],
            said["lost_earnings"],
        )
    persona = Persona(
        name=f"{split}-{number:03d}",
        style=split,
        number=number,
        sku=sku,
        incident_date=day,
        date_said=said["incident_date"],
        defect=defect,
        opening=(opening,),
        property_damage=(
            (damage_said, amounts["property_damage_amount"], said["property_damage_amount"])
            if damage
            else None
        ),
        injury=injury,
        files=files,
        answers={slot: (text,) for slot, text in said.items() if slot not in RAW},
        item_said=item_said,
        corrections=corrections,
        files_said=files_said or "here are my photos",
        order_id=order,
        email=email,
    )
    told = _content(f"{part} {failure} {defect}".split()) - _content(framing.split())
    harm_words = " ".join(t for t in (damage_said, hurt_said) if t).split()
    harm_words += (damage.thing.split() if damage else []) + ([hurt.part] if hurt else [])
    return Generated(
        persona,
        split,
        tuple(talk.used),
        standard=len(products) == 1 and harm == "property" and opening_family.natural,
        defect_words=frozenset(told | _content(f"{part} {failure}".split())),
        harm_words=frozenset(_content(harm_words)),
    )


def _correction(
    talk: _Talk,
    said: dict[str, str],
    amounts: dict[str, Decimal],
    money: list[str],
    day: date,
    date_family: Family,
    today: date,
) -> tuple[Correction, ...]:
    """Say one fact wrongly first, and correct it later while another question is pending: an
    amount (at the next question, or at the summary), or the date (while an amount is asked)."""
    rng = talk.rng
    wrong_day = day + timedelta(days=2) if days_ago(day, today) > 3 else day - timedelta(days=2)
    fixable = [f for f in talk.families["correct_date"] if f.fits(day, today)]
    if money and (rng.random() < 0.5 or not fixable or not date_family.fits(wrong_day, today)):
        slot = rng.choice(money)
        new = amounts[slot]
        old = new - rng.choice([20, 25, 40])
        family = talk.family("correct_amount")
        said[slot] = talk.family("amount", old).say(old, KINDS[slot])
        at = rng.choice([None, "claim_confirmed"])
        return (Correction(slot, family.say(KINDS[slot], old, new), at),)
    if not fixable or not date_family.fits(wrong_day, today) or not money:
        return ()
    family = rng.choice(fixable)
    talk.used.append(f"correct_date: {family.name}")
    said["incident_date"] = date_family.say(wrong_day, today)
    return (Correction("incident_date", family.say(day, wrong_day, today), rng.choice(money)),)


STOPWORDS = frozenset(
    [
        "with",
        "that",
        "this",
        "from",
        "they",
        "them",
        "there",
        "just",
        "only",
        "have",
        "were",
        "what",
        "when",
    ]
)


def _content(words: list[str]) -> set[str]:
    """The words that carry meaning (4+ letters), lower-cased, without punctuation."""
    cleaned = {word.strip(".,;:!?()'\"").lower() for word in words}
    return {word for word in cleaned if len(word) >= 4 and word.isalpha()} - STOPWORDS
