"""Ways customers say the facts of a claim: phrasing families, and the TUNED split of them.

A family is a named, deterministic way to say one fact from its true value (`say`), with the
values it can say truthfully (`fits`: "the day before yesterday" only says one date).
tests/e2e/generated_personas.py combines families into simulated customers; the held-out
families, which the assistant is never tuned on, are in tests/e2e/phrasing_heldout.py.

What each fact's `say` takes (the generator calls them so):
  opening(story, rng)  order(order_id, rng)  email(email, rng)  item(item, rng) -> text or None
  date(day, today)  defect(defect, rng)  damage(damage, rng)  injury(hurt, rng)
  harm_kind(kind, damage, hurt)  treatment(code, rng)  amount(value, kind)  range(value, kind)
  none(kind)  not_applicable(kind, about)  evidence(rng)  files(count)  confirm(rng)
  correct_amount(kind, old, new)  correct_date(new_day, old_day, today)  chatter(text, rng)
  typos(text, rng)  not_amounts(text, title)  multi_fact(said) / out_of_order(said) -> overrides
where kind is "repair", "medical" or "lost" and `said` maps each question to the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random


def _always(*_: object) -> bool:
    return True


@dataclass(frozen=True)
class Family:
    name: str
    say: Callable[..., object]
    fits: Callable[..., bool] = _always
    natural: bool = True  # an opening that tells what happened (not just "I'd like to claim")


# --- The facts families say ------------------------------------------------------------------


@dataclass(frozen=True)
class Defect:
    noun: str  # "pressure cooker"
    part: str  # "lid"
    failure: str  # "blew off" (past tense)
    title: str  # "Electric pressure cooker 6qt"


@dataclass(frozen=True)
class Damage:
    thing: str  # "carpet"
    verb: str  # "scorched"
    mark: str  # "burn mark"


@dataclass(frozen=True)
class Hurt:
    part: str  # "hand"
    verb: str  # "burned"
    noun: str  # "burn"


@dataclass(frozen=True)
class Item:
    noun: str  # the harmful item, as people call it
    title: str
    other: str  # another item of the order, as people call it


@dataclass(frozen=True)
class Story:
    noun: str
    defect: str  # a clause: "the lid blew off"
    harm: str  # a clause: "it scorched the cabinet and I burned my hand"
    order: str
    email: str


KIND_WORDS = {"repair": "repair", "medical": "medical bill", "lost": "lost pay"}
FOR_WHAT = {"repair": "to replace it", "medical": "for the treatment", "lost": "in missed shifts"}


# --- Helpers ---------------------------------------------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = [
    "_",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def words(number: int, join: str = " ") -> str:
    """250 -> "two hundred fifty" (join=" and " gives "two hundred and fifty"); < 10,000."""
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f"{join}{words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{words(thousands)} thousand" + (f" {words(rest, join)}" if rest else "")


def ordinal_words(day: int) -> str:
    """13 -> "thirteenth", 21 -> "twenty-first", 30 -> "thirtieth"."""
    if day <= 20:
        return _ORDINALS[day]
    tens, ones = divmod(day, 10)
    return f"{_TENS[tens]}-{_ORDINALS[ones]}" if ones else f"{_TENS[tens][:-1]}ieth"


def suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def money(value: Decimal) -> str:
    """350 -> "350", 12.5 -> "12.50"."""
    return f"{value:.0f}" if value == value.to_integral() else f"{value:.2f}"


def whole(value: Decimal) -> bool:
    return value == value.to_integral()


def days_ago(day: date, today: date) -> int:
    return (today - day).days


def most_recent_day_of_month(day: date, today: date) -> bool:
    """Does "the 13th" (no month) mean `day`? It does when no later 13th has come yet."""
    return 0 < days_ago(day, today) < 28


def last_weekday(day: date, today: date) -> bool:
    """Does "last Tuesday" mean `day` without doubt? Two to six days ago: not yesterday (people
    say "yesterday"), and not a week or more ago (that is "the Tuesday before last")."""
    return 2 <= days_ago(day, today) <= 6


def in_last_week(day: date, today: date) -> bool:
    """Is `day` in the calendar week (Monday to Sunday) before this one?"""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7) <= day < monday


def us_numeric(day: date, today: date) -> bool:
    """11/13 can't be read as 13 November the other way round when the day is over 12."""
    return day.day > 12 and 0 < days_ago(day, today)


def typo(word: str, rng: Random) -> str:
    """Swap two letters inside a word ("burned" -> "bruned")."""
    if len(word) < 5 or not word.isalpha():
        return word
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def per_word(text: str, change: Callable[[str], str], every: int) -> str:
    """Apply `change` to every `every`-th long word of `text` (numbers, emails, ids kept)."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return change(match.group()) if count % every == 0 else match.group()

    return re.sub(r"\b[A-Za-z]{5,}\b", one, text)


def article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


# --- The tuned families ----------------------------------------------------------------------

TUNED: dict[str, list[Family]] = {
    "opening": [
        Family(
            "story asking to file",
            lambda s, rng: f"My {s.noun}: {s.defect} and {s.harm}. I want to file a claim.",
        ),
        Family("story only", lambda s, rng: f"the {s.noun} I bought, {s.defect}, {s.harm}"),
        Family(
            "greeting and claim, no story",
            lambda s, rng: rng.choice(["Hi, I'd like to make a claim", "hello, I want to claim"]),
            natural=False,
        ),
        Family(
            "story asking how to file",
            lambda s, rng: f"{s.defect} on my {s.noun} and {s.harm}. How do I file a claim?",
        ),
        Family(
            "story with feelings",
            lambda s, rng: (
                f"I'm so upset right now. My {s.noun} is dangerous: {s.defect}, and {s.harm}. "
                "I can't believe this happened."
            ),
        ),
        Family(
            "everything in the first message",
            lambda s, rng: (
                f"Order {s.order}, email {s.email}: my {s.noun} failed, {s.defect} and {s.harm}"
            ),
            natural=False,
        ),
    ],
    "order": [
        Family("dashes", lambda order, rng: order),
        Family("spaces", lambda order, rng: order.replace("-", " ")),
        Family("no separators", lambda order, rng: order.replace("-", "")),
        Family("my order is", lambda order, rng: f"my order is {order}"),
        Family("pasted", lambda order, rng: f"Order # {order} (from the confirmation email)"),
    ],
    "email": [
        Family("bare", lambda email, rng: email),
        Family("my email is", lambda email, rng: f"my email is {email}"),
        Family("with a remark", lambda email, rng: f"{email} (the one I ordered with)"),
    ],
    "item": [
        Family("taps the button", lambda item, rng: None),
        Family("names it", lambda item, rng: f"the {item.noun}"),
    ],
    "date": [
        Family("yesterday", lambda day, today: "yesterday", lambda d, t: days_ago(d, t) == 1),
        Family(
            "days ago",
            lambda day, today: f"{days_ago(day, today)} days ago",
            lambda d, t: 2 <= days_ago(d, t) <= 20,
        ),
        Family("last weekday", lambda day, today: f"last {WEEKDAYS[day.weekday()]}", last_weekday),
        Family(
            "day before yesterday",
            lambda day, today: "the day before yesterday",
            lambda d, t: days_ago(d, t) == 2,
        ),
        Family("month day", lambda day, today: f"{day:%B} {day.day}"),
        Family("day short month", lambda day, today: f"{day.day} {day:%b}"),
        Family(
            "the ordinal",
            lambda day, today: f"the {day.day}{suffix(day.day)}",
            most_recent_day_of_month,
        ),
        Family(
            "the ordinal in words",
            lambda day, today: f"the {ordinal_words(day.day)}",
            most_recent_day_of_month,
        ),
        Family("iso", lambda day, today: day.isoformat()),
        Family(
            "weekday of last week",
            lambda day, today: f"{WEEKDAYS[day.weekday()]} of last week",
            in_last_week,
        ),
        Family(
            "nights ago",
            lambda day, today: f"{days_ago(day, today)} nights ago",
            lambda d, t: 2 <= days_ago(d, t) <= 12,
        ),
        Family(
            "month ordinal and year",
            lambda day, today: f"{day:%B} {day.day}{suffix(day.day)}, {day.year}",
        ),
        Family("us numeric", lambda day, today: f"{day.month}/{day.day}", us_numeric),
    ],
    "defect": [
        Family("plain", lambda d, rng: f"the {d.part} {d.failure}"),
        Family("names the product", lambda d, rng: f"the {d.noun}'s {d.part} {d.failure}"),
    ],
    "damage": [
        Family("scorched the thing", lambda d, rng: f"it {d.verb} the {d.thing}"),
        Family(
            "a mark on the thing",
            lambda d, rng: f"it left {article(d.mark)} {d.mark} on the {d.thing}",
        ),
        Family("the thing got it", lambda d, rng: f"the {d.thing} got {d.verb}"),
        Family(
            "the thing has a mark",
            lambda d, rng: f"my {d.thing} has {article(d.mark)} {d.mark} on it now",
        ),
    ],
    "injury": [
        Family("burned my hand", lambda h, rng: f"I {h.verb} my {h.part}"),
        Family(
            "a burn on my hand", lambda h, rng: f"I got {article(h.noun)} {h.noun} on my {h.part}"
        ),
    ],
    "harm_kind": [
        Family(
            "plain words",
            lambda kind, d, h: {"property": "property damage", "injury": "injury"}.get(kind, kind),
        ),
        Family(
            "says what",
            lambda kind, d, h: {
                "property": f"just the {d and d.thing}, nobody was hurt",
                "injury": f"I got hurt, my {h and h.part}",
                "both": f"both, the {d and d.thing} and my {h and h.part}",
            }[kind],
        ),
        Family(
            "names it only",
            lambda kind, d, h: {
                "property": f"only the {d and d.thing}",
                "injury": f"only my {h and h.part}",
                "both": f"my {h and h.part} and the {d and d.thing}",
            }[kind],
        ),
    ],
    "treatment": [
        Family(
            "everyday words",
            lambda code, rng: {
                "none": "no treatment, it healed by itself",
                "first_aid": "I put ice on it and a bandage",
                "doctor": "went to urgent care",
                "emergency_room": "I went to the ER",
                "hospitalized": "two nights in hospital",
            }[code],
        ),
        Family(
            "short",
            lambda code, rng: {
                "none": "none",
                "first_aid": "first aid at home",
                "doctor": "saw a doctor",
                "emergency_room": "emergency room",
                "hospitalized": "I was hospitalized",
            }[code],
        ),
    ],
    "amount": [
        Family("dollar sign", lambda v, kind: f"${money(v)}"),
        Family("dollars word", lambda v, kind: f"{money(v)} dollars"),
        Family("about bucks", lambda v, kind: f"about {money(v)} bucks", lambda v: whole(v)),
        Family("k", lambda v, kind: f"${v / 1000:g}k", lambda v: v >= 1000 and v % 100 == 0),
        Family(
            "in words",
            lambda v, kind: f"{words(int(v))} dollars",
            lambda v: whole(v) and v < 10000 and v % 10 == 0,
        ),
        Family("bare", lambda v, kind: money(v)),
        Family("it came to", lambda v, kind: f"it came to {v:.2f}"),
        Family(
            "around to replace",
            lambda v, kind: f"around ${money(v)} {FOR_WHAT[kind]}",
            lambda v: whole(v),
        ),
    ],
    "range": [
        Family(
            "between",
            lambda v, kind: f"between ${v // 100 * 100} and ${v // 100 * 100 + 100}",
            lambda v: whole(v) and v % 50 != 0,
        ),
    ],
    "none": [
        Family("none", lambda kind, about: "none"),
        Family(
            "zero with a reason",
            lambda kind, about: {
                "repair": "zero, I cleaned it up myself",
                "medical": "nothing, it was covered",
                "lost": "zero, I kept working",
            }[kind],
        ),
        Family("$0", lambda kind, about: "$0"),
        Family(
            "didn't lose any",
            lambda kind, about: {
                "repair": "didn't cost anything to fix",
                "medical": "didn't pay anything",
                "lost": "didn't lose any pay",
            }[kind],
        ),
    ],
    "not_applicable": [
        Family(
            "only the other harm",
            lambda kind, about: {
                "repair": f"nothing else broke, it was only my {about}",
                "medical": "nobody got hurt",
                "lost": "nobody got hurt",
                "describe_damage": f"nothing was damaged, it was only my {about}",
                "describe_injury": "nobody got hurt",
                "treatment": "nobody got hurt",
            }[kind],
        ),
    ],
    "evidence": [
        Family("no photos", lambda rng: "no photos"),
        Family("later", lambda rng: "I'll send them later"),
    ],
    "files": [
        Family(
            "here are the photos",
            lambda count: "here are the photos" if count > 1 else "here's a photo",
        ),
    ],
    "confirm": [
        Family("yes", lambda rng: "yes"),
        Family("yep that's right", lambda rng: "yep that's right"),
        Family("looks good, file it", lambda rng: "looks good, file it"),
    ],
    "correct_amount": [
        Family(
            "oh wait, X not Y",
            lambda kind, old, new: (
                f"oh wait, the {KIND_WORDS[kind]} was ${money(new)}, not ${money(old)}"
            ),
        ),
    ],
    "correct_date": [
        Family(
            "my mistake, the ordinal",
            lambda new, old, today: f"my mistake, it happened on the {new.day}{suffix(new.day)}",
            lambda new, today: most_recent_day_of_month(new, today),
        ),
    ],
    "chatter": [
        Family("stressed", lambda text, rng: f"ugh, this stressed me out. {text}"),
        Family(
            "long message",
            lambda text, rng: f"{text} sorry for the long message",
            lambda text: len(text) > 60,
        ),
        Family("hope useful", lambda text, rng: f"{text}, hope that's useful"),
        Family("thanks", lambda text, rng: f"{text} thanks!"),
    ],
    "typos": [
        Family("swapped letters", lambda text, rng: per_word(text, lambda w: typo(w, rng), 2)),
    ],
    "not_amounts": [
        Family("names the title", lambda text, title: f"my {title}: {text}"),
        Family("uses count", lambda text, title: f"{text}, I had only used it 3 times"),
        Family(
            "model and count",
            lambda text, title: f"{text} (model {title}; I bought 2 of them, qty 2)",
        ),
    ],
    "multi_fact": [
        Family(
            "order and email together",
            lambda said: {"order_id": f"order {said['order']}, email {said['email']}"},
        ),
    ],
    "out_of_order": [
        Family("email when asked the order", lambda said: {"order_id": said["email"]}),
        Family(
            "defect when asked the date",
            lambda said: {
                "incident_date": f"{said['defect_description']}. It was {said['incident_date']}"
            },
        ),
    ],
}
