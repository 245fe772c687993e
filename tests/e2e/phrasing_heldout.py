"""HELD-OUT phrasing families: the measure of how the assistant does with customers nobody tuned
it for.

NEVER copy these phrasings (or close variants of them) into data/nlu, data/stories, tests/stories
or any other training or tuning data, and never tune the assistant on the transcripts of the
personas built from them. Only their pass rate may be looked at (results/personas-generated.json
keeps their failures for the record, not for fixing one by one).

The families' shapes are those of tests/e2e/phrasing.py (see its docstring for what each `say`
takes); the generator gives held-out personas only these families.
"""

from __future__ import annotations

from .phrasing import (
    WEEKDAYS,
    Family,
    article,
    days_ago,
    last_weekday,
    money,
    most_recent_day_of_month,
    per_word,
    suffix,
    us_numeric,
    whole,
    words,
)


def _dropped_letter(word: str) -> str:
    return word[:-2] + word[-1]


HELDOUT: dict[str, list[Family]] = {
    "opening": [
        Family(
            "complaint, wants it sorted",
            lambda s, rng: (
                f"Really disappointed with the {s.noun} I got from you guys. {s.defect} "
                f"and {s.harm}. I need this sorted out"
            ),
        ),
        Family(
            "story, what are my options",
            lambda s, rng: f"hey so {s.defect} on the {s.noun} and {s.harm}... what can I do?",
        ),
        Family(
            "faulty product, no story",
            lambda s, rng: rng.choice(
                ["hey, I need to report a faulty product", "good evening, I have a complaint"]
            ),
            natural=False,
        ),
        Family(
            "long-winded",
            lambda s, rng: (
                f"Good morning, bear with me here. We've had the {s.noun} a few weeks and it "
                f"was fine until {s.defect}. Long story short, {s.harm}. I'd like to be "
                "compensated for it please"
            ),
        ),
        Family(
            "identifiers first",
            lambda s, rng: (
                f"hi - {s.email} here, order no. {s.order}. Reporting that {s.defect} on my "
                f"{s.noun}; {s.harm}"
            ),
            natural=False,
        ),
    ],
    "order": [
        Family("dots", lambda order, rng: order.replace("-", ".")),
        Family("order id label", lambda order, rng: f"order id: {order}."),
        Family(
            "sure thing", lambda order, rng: f"sure thing, {order.replace('-', ' ')} is the one"
        ),
    ],
    "email": [
        Family("reach me at", lambda email, rng: f"you can reach me at {email}."),
        Family("email label", lambda email, rng: f"email: {email} thx"),
    ],
    "item": [
        Family("it was X not Y", lambda item, rng: f"it was the {item.noun}, not the {item.other}"),
    ],
    "date": [
        Family(
            "this past weekday",
            lambda day, today: f"this past {WEEKDAYS[day.weekday()]}",
            last_weekday,
        ),
        Family(
            "weekday evening",
            lambda day, today: f"{WEEKDAYS[day.weekday()]} evening",
            last_weekday,
        ),
        Family("short month ordinal", lambda day, today: f"{day:%b}. {day.day}{suffix(day.day)}"),
        Family(
            "ordinal of month", lambda day, today: f"the {day.day}{suffix(day.day)} of {day:%B}"
        ),
        Family(
            "days ago in words",
            lambda day, today: f"{words(days_ago(day, today))} days ago",
            lambda d, t: 3 <= days_ago(d, t) <= 12,
        ),
        Family("month day year", lambda day, today: f"{day:%b} {day.day}, {day.year}"),
        Family("us numeric with year", lambda day, today: f"{day:%m/%d/%Y}", us_numeric),
        Family(
            "night of the ordinal",
            lambda day, today: f"on the night of the {day.day}{suffix(day.day)}",
            most_recent_day_of_month,
        ),
    ],
    "defect": [
        Family(
            "just did it",
            lambda d, rng: f"I was using it normally and the {d.part} just {d.failure}",
        ),
        Family("turns out", lambda d, rng: f"turns out the {d.part} is faulty, it {d.failure}"),
    ],
    "damage": [
        Family("my thing got", lambda d, rng: f"my {d.thing} got {d.verb}"),
        Family(
            "there's a mark now",
            lambda d, rng: f"there's {article(d.mark)} {d.mark} across the {d.thing} now",
        ),
    ],
    "injury": [
        Family("my part got", lambda h, rng: f"my {h.part} got {h.verb} pretty badly"),
        Family("my son", lambda h, rng: f"my son {h.verb} his {h.part}"),
    ],
    "harm_kind": [
        Family(
            "only / nothing else",
            lambda kind, d, h: {
                "property": "only stuff got damaged, no one was hurt",
                "injury": "someone got hurt, nothing got damaged",
                "both": "a bit of both unfortunately",
            }[kind],
        ),
    ],
    "treatment": [
        Family(
            "fresh everyday words",
            lambda code, rng: {
                "none": "didn't need anything, it cleared up on its own",
                "first_aid": "ran it under cold water and put some aloe on",
                "doctor": "my GP had a look and prescribed a cream",
                "emergency_room": "spent the evening in the emergency department",
                "hospitalized": "they admitted me and kept me 3 days",
            }[code],
        ),
    ],
    "amount": [
        Family("usd after", lambda v, kind: f"{money(v)} usd"),
        Family("the quote says", lambda v, kind: f"the quote I got says ${money(v)}"),
        Family("roughly all in", lambda v, kind: f"roughly {money(v)} all in", lambda v: whole(v)),
        Family(
            "words with and",
            lambda v, kind: f"{words(int(v), ' and ')} bucks",
            lambda v: whole(v) and v < 10000 and v % 10 == 0,
        ),
        Family("on the receipt", lambda v, kind: f"${v:,.2f} on the receipt"),
    ],
    "range": [
        Family(
            "somewhere in the range",
            lambda v, kind: (
                f"somewhere in the {v // 100 * 100}-{v // 100 * 100 + 100} range, still "
                "waiting to hear back"
            ),
            lambda v: whole(v) and v % 50 != 0,
        ),
    ],
    "none": [
        Family(
            "nope nothing",
            lambda kind, about: {
                "repair": "nope, nothing to pay, it wiped off",
                "medical": "nope, didn't cost me a cent",
                "lost": "nope, it was my day off",
            }[kind],
        ),
        Family("n/a", lambda kind, about: "n/a"),
    ],
    "not_applicable": [
        Family(
            "that part doesn't apply",
            lambda kind, about: {
                "repair": f"doesn't apply, only my {about} was hurt, no damage to anything",
                "medical": "no one was injured, it was just the stuff",
                "lost": "no one was injured, it was just the stuff",
                "describe_damage": f"no damage to anything, only my {about}",
                "describe_injury": "no one was injured, it was just the stuff",
                "treatment": "no one was injured, it was just the stuff",
            }[kind],
        ),
    ],
    "evidence": [
        Family("didn't take any", lambda rng: "nope, didn't think to take any"),
        Family("email them tomorrow", lambda rng: "I can get pictures to you tomorrow"),
    ],
    "files": [
        Family("attached pics", lambda count: f"attached {words(count)} pics of the damage"),
    ],
    "confirm": [
        Family("correct, submit", lambda rng: "correct, go ahead and submit"),
        Family("all good, send it", lambda rng: "all good, send it through"),
    ],
    "correct_amount": [
        Family(
            "typed it wrong",
            lambda kind, old, new: (
                f"hang on, I typed that wrong: the {kind if kind != 'lost' else 'lost pay'} "
                f"is {money(new)}, not {money(old)}"
            ),
        ),
    ],
    "correct_date": [
        Family(
            "scratch that, month day",
            lambda new, old, today: f"scratch that, it was {new:%b} {new.day}, I mixed up the days",
        ),
    ],
    "chatter": [
        Family("still shaken", lambda text, rng: f"honestly I'm still shaken up. {text}"),
        Family(
            "typing on phone",
            lambda text, rng: f"{text} (typing on my phone, excuse me)",
            lambda text: len(text) > 40,
        ),
        Family("appreciate it", lambda text, rng: f"{text}. appreciate your patience!"),
    ],
    "typos": [
        Family(
            "dropped letters, no capitals",
            lambda text, rng: per_word(text, _dropped_letter, 3).lower(),
        ),
    ],
    "not_amounts": [
        Family(
            "model and how many",
            lambda text, title: f"{text} (it's the {title}, the 2nd one we've owned)",
        ),
    ],
    "multi_fact": [
        Family(
            "email then order",
            lambda said: {"order_id": f"{said['email']} / order {said['order']}"},
        ),
    ],
    "out_of_order": [
        Family(
            "amount with the damage",
            lambda said: {
                "property_damage_description": (
                    f"{said['damage']}, {said['property_damage_amount']}"
                )
            },
            lambda said: bool(said["damage"]),
        ),
    ],
}
