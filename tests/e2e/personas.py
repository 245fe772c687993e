"""The simulated customers: who they are, what happened to them, and how they talk.

Each persona files one claim on its own order (tests/recent_marketplace.py, PERSONA_PRODUCTS);
tests/e2e/customer.py plays them. Dates are relative to the day the conversation happens
(`personas()` is called again for each one, so a test run that passes midnight UTC still says
"yesterday" and "November 13" of the same day), so every claim is inside the filing window and
after delivery (a month ago).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from tests.recent_marketplace import (
    PERSONA_ITEMS,
    PERSONA_PRODUCTS,
    persona_email,
    persona_order_id,
)

from .customer import Injury, Persona


def ago(days: int) -> date:
    return datetime.now(timezone.utc).date() - timedelta(days=days)


def spoken(day: date) -> str:
    """ "November 13" — how people write a date."""
    return f"{day:%B} {day.day}"


def ordinal(day: date) -> str:
    """ "the 13th"."""
    suffix = (
        "th" if 11 <= day.day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    )
    return f"the {day.day}{suffix}"


def sku(number: int) -> str:
    """The sku of the product persona `number` claims for (the first item of its order)."""
    return PERSONA_ITEMS[PERSONA_PRODUCTS[number - 1][0]][0]


def damage(description: str, amount: str, said: str | None = None) -> tuple[str, Decimal, str]:
    return description, Decimal(amount), said or f"${amount}"


def injury(
    description: str,
    treatment: str,
    said: str,
    medical: str = "0",
    medical_said: str | None = None,
    lost: str = "0",
    lost_said: str | None = None,
) -> Injury:
    return Injury(
        description,
        treatment,
        said,
        Decimal(medical),
        medical_said or medical,
        Decimal(lost),
        lost_said or lost,
    )


def order(number: int) -> str:
    return persona_order_id(number)


def personas() -> list[Persona]:
    """Every simulated customer, with dates counted from today (UTC)."""
    return [
        Persona(
            "terse heater",
            "terse",
            1,
            sku(1),
            ago(1),
            "yesterday",
            "it overheated",
            opening=("heater burned my rug",),
            property_damage=damage("burned rug", "120"),
        ),
        Persona(
            "verbose kettle",
            "verbose",
            2,
            sku(2),
            ago(6),
            spoken(ago(6)),
            "the base melted",
            opening=(
                (
                    f"Hello there. On {spoken(ago(6))} I was making tea in the morning and the "
                    "base of my new glass kettle suddenly melted, and it left a big scorch mark "
                    "on my kitchen counter which will cost about $280 to fix. I'm quite upset "
                    "about it honestly."
                ),
            ),
            property_damage=damage("scorch mark on the counter", "280"),
        ),
        Persona(
            "multi-item by button",
            "multi-item",
            3,
            sku(3),
            ago(4),
            "4 days ago",
            "the charger overheated and melted",
            opening=("I want to file a claim",),
            property_damage=damage("melted the desk surface", "150"),
        ),
        Persona(
            "everything at once",
            "all-in-one",
            4,
            sku(4),
            ago(2),
            "2 days ago",
            "the power bank swelled up and caught fire",
            opening=(
                (
                    f"Order {order(4)}, email {persona_email(4)}: my power bank swelled up and "
                    "caught fire 2 days ago and burned a hole in my couch, about $400 to "
                    "replace the cushion"
                ),
            ),
            property_damage=damage("burned a hole in my couch", "400"),
            questions=("evidence_provided", "claim_confirmed"),
        ),
        Persona(
            "injury first aid",
            "injury-only",
            5,
            sku(5),
            ago(3),
            spoken(ago(3)),
            "the hair dryer sparked",
            opening=("my hair dryer sparked and burned my hand",),
            injury=injury(
                "burned my hand",
                "first_aid",
                "I put ice on it and a bandage",
                medical="12.50",
                medical_said="about $12.50 for burn cream",
            ),
        ),
        Persona(
            "names the item of a multi-item order",
            "multi-item",
            6,
            sku(6),
            ago(5),
            ordinal(ago(5)),
            "the blade flew off",
            opening=("the blender's blade flew off and cut my finger",),
            injury=injury(
                "cut my finger", "doctor", "went to urgent care", medical="180", medical_said="$180"
            ),
        ),
        Persona(
            "both harms toaster",
            "both harms",
            7,
            sku(7),
            ago(8),
            ago(8).isoformat(),
            "the toaster caught fire",
            opening=("the toaster caught fire, burned my kitchen cabinet and my arm",),
            property_damage=damage("burned kitchen cabinet", "300"),
            injury=injury("burned my arm", "first_aid", "first aid at home"),
        ),
        Persona(
            "emergency room, over the limit",
            "injury-only",
            8,
            sku(8),
            ago(10),
            spoken(ago(10)),
            "the lid blew off under pressure",
            opening=("the pressure cooker lid blew off and scalded me badly",),
            injury=injury(
                "scalded chest and arms",
                "emergency_room",
                "I ended up in the ER",
                medical="1450",
                medical_said="$1,450",
                lost="300",
                lost_said="I missed 2 days of work, about $300",
            ),
        ),
        Persona(
            "types the item",
            "multi-item",
            9,
            sku(9),
            ago(7),
            "a week ago",
            "the lamp's cord shorted",
            opening=("I need to report a problem with something I bought",),
            property_damage=damage("scorched nightstand", "90"),
            item_said="the desk lamp",
        ),
        Persona(
            "big battery fire",
            "verbose",
            10,
            sku(10),
            ago(12),
            spoken(ago(12)),
            "the battery exploded while charging",
            opening=(
                (
                    "my e-bike battery exploded while charging in the garage and destroyed "
                    "a shelf and my tools"
                ),
            ),
            property_damage=damage("destroyed shelf and tools", "2500", "$2.5k"),
        ),
        Persona(
            "typo-prone",
            "typos",
            11,
            sku(11),
            ago(2),
            "2 dayz ago",
            "the air fryer caught fire",
            opening=("my air fryer catched fire and brunt the counter top",),
            property_damage=damage("burnt counter top", "250", "250 dolars"),
            answers={"customer_email": (persona_email(11),)},
        ),
        Persona(
            "out of order",
            "out-of-order",
            12,
            sku(12),
            ago(3),
            "3 days ago",
            "the curling iron overheated",
            opening=("my curling iron overheated and burned my neck",),
            answers={"order_id": (persona_email(12), order(12))},
            injury=injury(
                "burn on my neck",
                "first_aid",
                "just some cream from the pharmacy",
                medical="20",
                medical_said="$20",
            ),
            item_said="curling iron",
        ),
        Persona(
            "corrects the amount",
            "correcting",
            13,
            sku(13),
            ago(4),
            "4 days ago",
            "the cord melted",
            opening=("the extension cord melted and burned the carpet",),
            property_damage=damage("burned carpet", "450", "$400"),
            before={"evidence_provided": ("actually it was $450",)},
        ),
        Persona(
            "corrects the date at the summary",
            "correcting",
            14,
            sku(14),
            ago(8),
            spoken(ago(9)),
            "it tipped over and kept running",
            opening=("my space heater tipped over and scorched the floor",),
            property_damage=damage("scorched floor", "200"),
            before={"claim_confirmed": (f"no, it was {spoken(ago(8))}",)},
        ),
        Persona(
            "asks why the email",
            "digression",
            15,
            sku(15),
            ago(5),
            "5 days ago",
            "the kettle leaked boiling water",
            opening=("the kettle leaked boiling water and scalded my foot",),
            injury=injury(
                "scalded foot", "doctor", "saw a doctor", medical="95", medical_said="$95"
            ),
            before={"customer_email": ("why do you need my email?",)},
        ),
        Persona(
            "asks what is covered",
            "digression",
            16,
            sku(16),
            ago(6),
            "6 days ago",
            "the charger sparked",
            opening=("the charger sparked and burned my nightstand",),
            property_damage=damage("burned nightstand", "175"),
            before={"property_damage_amount": ("what does this cover?",)},
        ),
        Persona(
            "asks if it is insurance",
            "digression",
            17,
            sku(17),
            ago(3),
            "3 days ago",
            "the power bank overheated",
            opening=("my power bank overheated and melted my backpack",),
            property_damage=damage("melted backpack", "85"),
            item_said="power bank",
            before={"incident_date": ("is this insurance?",)},
        ),
        Persona(
            "asks if it is a bot",
            "digression",
            18,
            sku(18),
            ago(1),
            "yesterday",
            "the hair dryer caught fire",
            opening=("hair dryer caught fire and burned the bathroom counter",),
            property_damage=damage("burned bathroom counter", "220"),
            before={"incident_date": ("am I talking to a bot?",)},
        ),
        Persona(
            "wants pain and suffering",
            "non-economic",
            19,
            sku(19),
            ago(9),
            spoken(ago(9)),
            "the blade shattered",
            opening=("the blender blade shattered and cut my hand",),
            injury=injury(
                "cut hand", "doctor", "got stitches at a clinic", medical="240", medical_said="$240"
            ),
            before={"medical_costs": ("I also want compensation for pain and suffering",)},
        ),
        Persona(
            "pauses and resumes",
            "pause-resume",
            20,
            sku(20),
            ago(4),
            "4 days ago",
            "the toaster wouldn't turn off",
            opening=("the toaster wouldn't turn off and burned the wall behind it",),
            property_damage=damage("burned wall", "330"),
            item_said="the toaster",
            before={
                "property_damage_amount": (
                    "I have to stop now, can we continue later?",
                    "ok I'm back, let's continue my claim",
                )
            },
        ),
        Persona(
            "comes back in a new session",
            "pause-resume",
            21,
            sku(21),
            ago(6),
            "6 days ago",
            "the seal failed",
            opening=("the pressure cooker seal failed and sprayed my kitchen ceiling",),
            property_damage=damage("stained ceiling", "260"),
            before={
                "incident_date": (
                    "I need to stop for now",
                    "/session_start",
                    "I'd like to continue my claim",
                )
            },
        ),
        Persona(
            "emergency first",
            "emergency",
            22,
            sku(22),
            ago(0),
            "today",
            "the lamp caught fire",
            opening=(
                "my lamp is on fire right now!!",
                ("the fire is out and everyone is fine. the lamp caught fire and burned my desk"),
            ),
            property_damage=damage("burned desk", "140"),
        ),
        Persona(
            "sends photos",
            "evidence",
            23,
            sku(23),
            ago(5),
            "5 days ago",
            "the battery caught fire",
            opening=("my e-bike battery caught fire, burned the hallway floor and my leg",),
            property_damage=damage("burned hallway floor", "380"),
            injury=injury("burned leg", "first_aid", "first aid"),
            files=2,
        ),
        Persona(
            "corrects the item",
            "correcting",
            24,
            sku(24),
            ago(3),
            "3 days ago",
            "the basket handle melted",
            opening=("the basket handle melted and burned my countertop",),
            property_damage=damage("burned countertop", "160"),
            item_said="the cable",
            before={"claim_confirmed": ("no, it was the air fryer, not the cable",)},
        ),
        Persona(
            "hospitalized",
            "injury-only",
            25,
            sku(25),
            ago(14),
            spoken(ago(14)),
            "the curling iron exploded",
            opening=("the curling iron exploded in my hand",),
            injury=injury(
                "severe burns to my hand",
                "hospitalized",
                "I was admitted to hospital for two nights",
                medical="3200",
                medical_said="$3,200",
                lost="900",
                lost_said="$900",
            ),
        ),
        Persona(
            "not understood first",
            "fallback",
            26,
            sku(26),
            ago(2),
            "2 days ago",
            "the cord melted",
            opening=("asdfgh qwerty", "my extension cord melted and burned the carpet"),
            property_damage=damage("burned carpet", "210"),
        ),
        Persona(
            "terse injury",
            "terse",
            27,
            sku(27),
            ago(1),
            "yesterday",
            "it overheated",
            opening=("heater burned my leg",),
            injury=injury("burned leg", "doctor", "urgent care", medical="180", medical_said="180"),
        ),
        Persona(
            "every amount in one message",
            "verbose",
            28,
            sku(28),
            ago(4),
            "4 days ago",
            "the kettle burst",
            opening=(
                (
                    "the kettle burst, scalded my hand and ruined the counter. The counter "
                    "repair is $600, the urgent care bill was $150 and I missed a shift worth "
                    "$120"
                ),
            ),
            property_damage=damage("ruined counter", "600"),
            injury=injury("scalded hand", "doctor", "urgent care", medical="150", lost="120"),
        ),
        Persona(
            "greets first",
            "polite",
            29,
            sku(29),
            ago(3),
            "3 days ago",
            "the charger melted",
            opening=("hello", "my charger melted and damaged my phone"),
            property_damage=damage("damaged phone", "350"),
        ),
        Persona(
            "no photos",
            "terse",
            30,
            sku(30),
            ago(2),
            "2 days ago",
            "it swelled and popped",
            opening=("power bank popped and burned my carpet",),
            property_damage=damage("burned carpet", "130"),
            answers={"evidence_provided": ("I don't have any pictures",)},
        ),
        Persona(
            "multi-item hair dryer",
            "multi-item",
            31,
            sku(31),
            ago(5),
            "5 days ago",
            "it sparked at the plug",
            opening=("something I bought sparked and burned my vanity",),
            property_damage=damage("burned vanity", "190"),
        ),
        Persona(
            "amounts in slang",
            "casual",
            32,
            sku(32),
            ago(3),
            "3 days ago",
            "the jar cracked and leaked",
            opening=(
                ("blender jar cracked and leaked into the motor, it shorted and scorched the wall"),
            ),
            property_damage=damage("scorched wall", "300", "about 300 bucks"),
        ),
        Persona(
            "asks why the date",
            "digression",
            33,
            sku(33),
            ago(4),
            "4 days ago",
            "the crumb tray caught fire",
            opening=("the toaster crumb tray caught fire and burned the curtains",),
            property_damage=damage("burned curtains", "110"),
            before={"incident_date": ("why do you need the date?",)},
        ),
        Persona(
            "corrects the date mid-way",
            "correcting",
            34,
            sku(34),
            ago(6),
            "5 days ago",
            "the valve stuck",
            opening=("the pressure cooker valve stuck and it sprayed hot soup on my arm",),
            injury=injury(
                "burned arm",
                "first_aid",
                "cold water and a bandage",
                medical="15",
                medical_said="$15",
            ),
            item_said="pressure cooker",
            before={"medical_costs": (f"sorry, I meant it happened on {spoken(ago(6))}",)},
        ),
        Persona(
            "everything but the email",
            "all-in-one",
            35,
            sku(35),
            ago(9),
            ordinal(ago(9)),
            "the switch melted",
            opening=(
                (
                    f"order {order(35)}, the lamp's switch melted on {ordinal(ago(9))} and "
                    "burned my desk, around $120 to fix"
                ),
            ),
            property_damage=damage("burned my desk", "120"),
            questions=("customer_email", "evidence_provided", "claim_confirmed"),
        ),
    ]
