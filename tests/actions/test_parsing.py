"""What customers type, turned into claim values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from actions import parsing

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$350", "350.00"),
        ("350", "350.00"),
        ("about 300 bucks", "300.00"),
        ("$1.2k", "1200.00"),
        ("1.2k", "1200.00"),
        ("$1,200.50", "1200.50"),
        ("$1,200", "1200.00"),
        ("350 dollars", "350.00"),
        ("it cost me $89.99 to replace", "89.99"),
        ("2 thousand", "2000.00"),
        ("$0.505", "0.51"),
        ("450$", "450.00"),
        ("USD 300", "300.00"),
        ("300 usd", "300.00"),
        ("two hundred dollars", "200.00"),
        ("two hundred and fifty bucks", "250.00"),
        ("twenty-five dollars", "25.00"),
        ("a grand", "1000.00"),
        ("0", "0.00"),
        ("none", "0.00"),
        ("nothing", "0.00"),
    ],
)
def test_amounts_are_read_to_the_cent(text: str, expected: str) -> None:
    amount = parsing.parse_amount(text)
    assert amount.value == Decimal(expected)
    assert not amount.negative


def test_an_amount_marked_as_money_wins_over_other_numbers() -> None:
    amount = parsing.parse_amount("2 days off work, about 300 bucks")
    assert amount.value == Decimal("300.00")
    assert not amount.several


@pytest.mark.parametrize("text", ["$300 for the rug and $50 for the wall", "2 days off, 300"])
def test_several_amounts_are_flagged(text: str) -> None:
    assert parsing.parse_amount(text).several


@pytest.mark.parametrize("text", ["-350", "-$20", "$-20", "minus 20 dollars"])
def test_negative_amounts_are_flagged(text: str) -> None:
    assert parsing.parse_amount(text).negative


@pytest.mark.parametrize("text", ["", "a lot", "I don't know"])
def test_no_amount_in_text(text: str) -> None:
    assert parsing.parse_amount(text).value is None


def test_money_is_a_decimal_string() -> None:
    assert parsing.money(Decimal(350)) == "350.00"
    assert parsing.format_money("1200.5") == "$1,200.50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-02", date(2026, 10, 2)),
        ("it happened on 2026-10-02", date(2026, 10, 2)),
        ("October 2", date(2026, 10, 2)),
        ("on the 2nd of October", date(2026, 10, 2)),
        ("yesterday", date(2026, 11, 24)),
        ("it was yesterday evening", date(2026, 11, 24)),
        ("today", WEDNESDAY),
        ("this morning", WEDNESDAY),
        ("last Tuesday", date(2026, 11, 24)),
        ("last wednesday", date(2026, 11, 18)),
        ("on Friday", date(2026, 11, 20)),
        ("3 days ago", date(2026, 11, 22)),
        ("two weeks ago", date(2026, 11, 11)),
        ("a couple of days ago", date(2026, 11, 23)),
        ("the day before yesterday", date(2026, 11, 23)),
        ("on the 3rd", date(2026, 11, 3)),
        # a day of the month still ahead is last month's
        ("on the 28th", date(2026, 10, 28)),
        ("the 31st", date(2026, 10, 31)),
        ("Oct 2", date(2026, 10, 2)),
        ("10/02/2026", date(2026, 10, 2)),
        # past-preferring: a day later in the year than today means last year
        ("December 1", date(2025, 12, 1)),
        # a weekday with its week: the calendar week before this one, or the one before last
        ("Thursday of last week", date(2026, 11, 19)),
        ("last week on Monday", date(2026, 11, 16)),
        ("the Sunday before last", date(2026, 11, 15)),
        ("the night before last", date(2026, 11, 23)),
        ("a fortnight ago", date(2026, 11, 11)),
        ("3 nights ago", date(2026, 11, 22)),
        ("just now", WEDNESDAY),
        ("two hours ago", WEDNESDAY),
        ("november twenty-first", date(2026, 11, 21)),
        ("the 14th of last month", date(2026, 10, 14)),
        ("21st", date(2026, 11, 21)),
        ("on the 21", date(2026, 11, 21)),
    ],
)
def test_incident_dates_prefer_the_past(text: str, expected: date) -> None:
    assert parsing.parse_incident_date(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text", ["tomorrow", "next Friday", "2026-12-24"])
def test_future_dates_are_returned_as_future(text: str) -> None:
    assert parsing.parse_incident_date(text, WEDNESDAY) > WEDNESDAY


@pytest.mark.parametrize(
    "text",
    [
        *("", "the cord melted", "2026-13-45"),
        # counts, sizes and model numbers are not days
        *("model 2000, had it one day", "Model: 24, quantity: 1", "model 28, 2 in the box"),
        *("the 6 qt model", "the 2nd one I bought", "my 1st day using it", "the first night"),
    ],
)
def test_no_date_in_text(text: str) -> None:
    assert parsing.parse_incident_date(text, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("none", "none"),
        ("no treatment", "none"),
        ("I didn't see a doctor", "none"),
        ("first aid", "first_aid"),
        ("a band-aid", "first_aid"),
        ("put some ice on it", "first_aid"),
        ("didn't go to the ER, just first aid", "first_aid"),
        ("doctor", "doctor"),
        ("saw a doctor", "doctor"),
        ("urgent care", "doctor"),
        ("I went to urgent care and got stitches", "doctor"),
        ("my GP", "doctor"),
        ("ER", "emergency_room"),
        ("I went to the ER", "emergency_room"),
        ("emergency room", "emergency_room"),
        ("went to the hospital", "emergency_room"),
        ("hospitalized", "hospitalized"),
        ("I was admitted to hospital for two nights", "hospitalized"),
        ("they kept me in the hospital for two nights", "hospitalized"),
        ("I was in hospital for a week", "hospitalized"),
        ("they kept me in the waiting room, then a doctor saw me", "doctor"),
        ("emergency_room", "emergency_room"),
    ],
)
def test_everyday_treatment_words(text: str, level: str) -> None:
    assert parsing.parse_treatment(text) == level


def test_a_lower_case_er_is_not_the_emergency_room() -> None:
    assert parsing.parse_treatment("er, I'm not sure") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("property damage", "property"),
        ("injury", "injury"),
        ("both", "both"),
        ("it burned my desk", "property"),
        ("I got hurt", "injury"),
        ("my rug and my hand got burned", "both"),
        ("pizza", None),
    ],
)
def test_kind_of_harm(text: str, kind: str | None) -> None:
    assert parsing.parse_harm_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "order_id"),
    [
        ("112-1234567-1234567", "112-1234567-1234567"),
        ("my order is #112 1234567 1234567.", "112-1234567-1234567"),
        ("11212345671234567", "112-1234567-1234567"),
        ("12-1234567-1234567", None),
        ("hello", None),
    ],
)
def test_order_ids(text: str, order_id: str | None) -> None:
    assert parsing.parse_order_id(text) == order_id


def test_emails_keep_the_local_part_and_lower_the_domain() -> None:
    assert parsing.parse_email("it's Dana.R@Example.COM.") == "Dana.R@example.com"
    assert parsing.parse_email("no email here") is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", True),
        ("Yes, file it", True),
        ("looks good", True),
        ("no", False),
        ("nope, that's wrong", False),
        ("maybe", None),
    ],
)
def test_yes_and_no(text: str, answer: bool | None) -> None:
    assert parsing.parse_yes_no(text) is answer


@pytest.mark.parametrize(
    ("text", "none_yet"),
    [
        ("I don't have photos yet", True),
        ("none", True),
        ("skip", True),
        ("not yet", True),
        ("here are the photos", False),
    ],
)
def test_no_files_yet(text: str, none_yet: bool) -> None:
    assert parsing.says_none_yet(text) is none_yet
