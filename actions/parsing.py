"""Turn what a customer types into the values a claim needs: order ids, emails, dates, money,
treatment levels, kinds of harm and yes/no/none answers.

Pure functions, no I/O: every parser takes text (and `today` where time matters) and returns a
value or None when it cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import dateparser
from dateparser.search import search_dates
from price_parser import Price

from claims_contract.claims import CLAIM_REFERENCE_CODE, TREATMENTS

CENT = Decimal("0.01")

ORDER_ID_EXAMPLE = "112-1234567-1234567"
_ORDER_ID_RE = re.compile(r"(?<!\d)(\d{3})[\s\-–_.]*(\d{7})[\s\-–_.]*(\d{7})(?!\d)")
# A reference as typed in a message: any case, spaces around the hyphen or no hyphen, punctuation
# after ("clm - 7k3q9x?", "CLM7K3Q9X"). Read from the text, not from tokens: spaCy's suffix rules
# split a reference that ends like a quantity ("CLM-JEYZ3M" reads as "JEYZ3" and three metres).
_CLAIM_REFERENCE_RE = re.compile(
    rf"(?<![A-Za-z0-9])CLM(?:\s*-\s*|)({CLAIM_REFERENCE_CODE})(?![A-Za-z0-9])", re.IGNORECASE
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def today_utc() -> date:
    """Today's date in UTC, the clock the claims backend judges dates by."""
    return datetime.now(timezone.utc).date()


def parse_order_id(text: str | None) -> str | None:
    """Find an order id ("112-1234567-1234567", also typed with spaces or no dashes)."""
    if not text:
        return None
    match = _ORDER_ID_RE.search(text)
    if not match:
        return None
    return "-".join(match.groups())


def parse_claim_reference(text: str | None) -> str | None:
    """Find a claim reference ("CLM-7K3Q9X"), upper-cased as the backend hands it out."""
    match = _CLAIM_REFERENCE_RE.search(text or "")
    return "CLM-" + match.group(1).upper() if match else None


def parse_email(text: str | None) -> str | None:
    """Find an email address; the domain part is lower-cased, the local part kept as typed."""
    if not text:
        return None
    match = _EMAIL_RE.search(text)
    if not match:
        return None
    local, _, domain = match.group(0).rstrip(".").partition("@")
    return f"{local}@{domain.lower()}"


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(
    r"\b(?:(last|past|this|on|next)\s+)?(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE
)
_TODAY_RE = re.compile(
    r"\b(today|this (morning|afternoon|evening)|tonight|earlier today|just now|"
    r"(an?|\d+|few|couple( of)?) (hours?|minutes?|mins?) ago)\b",
    re.IGNORECASE,
)
_YESTERDAY_RE = re.compile(r"\b(yesterday|last night)\b", re.IGNORECASE)
_DAY_BEFORE_YESTERDAY_RE = re.compile(
    r"\b(day|night|evening) before (yesterday|last)\b", re.IGNORECASE
)
_COUPLE_AGO_RE = re.compile(
    r"\b(?:a couple(?: of)? (days|weeks)|a (fortnight))(?: ago|back)\b", re.IGNORECASE
)
# "Thursday last week", "last week on Thursday", "the Sunday before last": a week further back.
_WEEK_BEFORE_RE = re.compile(r"\b(last week|week before)\b", re.IGNORECASE)
_BEFORE_LAST_RE = re.compile(r"\bbefore last\b", re.IGNORECASE)
_MONTH_NAMES = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "the 2nd one", "my 1st day using it", "the first night": a count, not a day of the month.
_COUNTED = (
    r"(?:one|ones|time|times|day|days|night|nights|week|weeks|month|months|year|years|use|uses|"
    r"unit|units|model|item|purchase|order|attempt|try|charge|batch|heater|pair|box|set|"
    r"generation|gen|version|floor|child|kid|son|daughter)\b"
)
COUNTED_AFTER_RE = re.compile(rf"\s+{_COUNTED}", re.IGNORECASE)
# "on the 3rd": a day of this month, or of last month when this month's is still ahead.
_ORDINAL_DAY_RE = re.compile(
    rf"(?:^\W*(?:on\s+)?the (\d{{1,2}})(?=\W*$)|(?<![\w/.-])(\d{{1,2}})(?:st|nd|rd|th))\b"
    rf"(?!\s+(?:of\s+)?{_MONTH_NAMES})(?![/.:-]\d)(?!\s+{_COUNTED})",
    re.IGNORECASE,
)
# "the thirteenth" -> "the 13th"
_FIRST_ORDINALS = [
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
]


def _ordinal(number: int) -> str:
    """13 -> "13th", 21 -> "21st"."""
    if 11 <= number <= 13:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


_ORDINAL_WORDS = {word: _ordinal(number) for number, word in enumerate(_FIRST_ORDINALS, 1)}
_ORDINAL_WORDS["thirtieth"] = "30th"
for _tens, _base in (("twenty", 20), ("thirty", 30)):
    for _number, _unit in enumerate(_FIRST_ORDINALS[: 9 if _base == 20 else 1], 1):
        for _glue in ("-", " ", ""):
            _ORDINAL_WORDS[f"{_tens}{_glue}{_unit}"] = _ordinal(_base + _number)
_ORDINAL_WORD = "|".join(sorted(map(re.escape, _ORDINAL_WORDS), key=len, reverse=True))
# Only a day: "the thirteenth", "thirteenth of November"; never "my second heater".
_ORDINAL_WORD_RE = re.compile(
    rf"\b(?P<before>(?:the|{_MONTH_NAMES})\s+)?(?P<day>{_ORDINAL_WORD})\b(?P<of>\s+of\b)?",
    re.IGNORECASE,
)


def _ordinal_word_as_number(match: re.Match[str]) -> str:
    """ "the thirteenth" -> "the 13th"; a lone "second" stays a word."""
    if not (match.group("before") or match.group("of")):
        return match.group(0)
    day = _ORDINAL_WORDS[match.group("day").lower()]
    return f"{match.group('before') or ''}{day}{match.group('of') or ''}"


_NIGHTS_RE = re.compile(r"(?<=\d )nights\b|(?<=\w )nights(?= ago)", re.IGNORECASE)
_OF_LAST_MONTH_RE = re.compile(r"\bof last month\b", re.IGNORECASE)
_FUTURE_RE = re.compile(r"\b(tomorrow|next (week|month|year))\b", re.IGNORECASE)


def parse_incident_date(text: str | None, today: date) -> date | None:
    """Read the date of an incident, preferring the past ("October 2" is the last October 2).

    Accepts ISO dates, written dates, "yesterday", "last Tuesday", "3 days ago"... Returns None
    when no date can be read. Future dates are returned as such (the caller refuses them).
    """
    if not text or not text.strip():
        return None
    text = _ORDINAL_WORD_RE.sub(_ordinal_word_as_number, text)
    text = _NIGHTS_RE.sub("days", text)
    iso = _ISO_DATE_RE.search(text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    future = _FUTURE_RE.search(text)
    if future:
        # dateparser drops "next"; the customer means a day ahead, which the backend refuses.
        ahead = {"week": 7, "month": 30, "year": 365}.get((future.group(2) or "").lower(), 1)
        return today + timedelta(days=ahead)
    if _DAY_BEFORE_YESTERDAY_RE.search(text):
        return today - timedelta(days=2)
    if _YESTERDAY_RE.search(text):
        return today - timedelta(days=1)
    couple = _COUPLE_AGO_RE.search(text)
    if couple:
        return today - timedelta(days=2 if (couple.group(1) or "").lower() == "days" else 14)
    if _TODAY_RE.search(text):
        return today
    weekday = _WEEKDAY_RE.search(text)
    if weekday:
        if _BEFORE_LAST_RE.search(text):
            return _weekday_date("last", weekday.group(2), today) - timedelta(days=7)
        if _WEEK_BEFORE_RE.search(text):
            return _weekday_of_last_week(weekday.group(2), today)
        return _weekday_date(weekday.group(1), weekday.group(2), today)
    ordinal = _ORDINAL_DAY_RE.search(text)
    if ordinal and _OF_LAST_MONTH_RE.search(text):
        first_of_month = today.replace(day=1)
        return _day_of_recent_month(
            int(ordinal.group(1) or ordinal.group(2)), first_of_month - timedelta(days=1)
        )
    if ordinal:
        return _day_of_recent_month(int(ordinal.group(1) or ordinal.group(2)), today)
    return _dateparser_date(text, today)


def _day_of_recent_month(day: int, today: date) -> date | None:
    """The most recent `day` of a month that is not in the future (None for "the 45th")."""
    year, month = today.year, today.month
    for _ in range(3):  # "the 31st" in March reaches back to January
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= today:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _weekday_date(qualifier: str | None, day_name: str, today: date) -> date:
    wanted = _WEEKDAYS.index(day_name.lower())
    days_back = (today.weekday() - wanted) % 7
    qualifier = (qualifier or "").lower()
    if qualifier == "next":
        return today + timedelta(days=(7 - days_back) or 7)
    if days_back == 0 and qualifier in ("last", "past"):
        days_back = 7
    return today - timedelta(days=days_back)


def _weekday_of_last_week(day_name: str, today: date) -> date:
    """That weekday in the calendar week (Monday to Sunday) before this one."""
    monday = today - timedelta(days=today.weekday() + 7)
    return monday + timedelta(days=_WEEKDAYS.index(day_name.lower()))


# What makes a number a date rather than a count or a model: a month, a weekday, a written-out
# date (11/28, 28.11.2026), a relative word or an ordinal.
_DATE_CUE_RE = re.compile(
    rf"\b{_MONTH_NAMES}(?!\w)|\b(?:{'|'.join(_WEEKDAYS)})\b|\d{{1,4}}[/.-]\d{{1,2}}|"
    rf"\b(?:ago|back|yesterday|today|tonight|last|this|past)\b|\d(?:st|nd|rd|th)\b(?!\s+{_COUNTED})",
    re.IGNORECASE,
)


def _dateparser_date(text: str, today: date) -> date | None:
    if not _DATE_CUE_RE.search(text):
        return None
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12, 0),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "MDY",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        found = search_dates(text, languages=["en"], settings=settings)
        if not found:
            return None
        parsed = found[0][1]
    return parsed.date()


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

_NOTHING_RE = re.compile(
    r"^\s*(none|nothing|zero|nil|no|nope|n/?a|no costs?|nothing at all|not a (penny|cent|thing)"
    r"|didn'?t (cost|lose) (me )?(anything|a thing)|free)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_NUMBER = r"\d(?:[\d,.]*\d)?"
_SCALE = r"(?:\s*(?:k|thousand|grand|m|million)\b)?"
# An amount with a currency marker: "$350", "USD 1,200", "300 bucks", "1.2k dollars".
_MARKED_RE = re.compile(
    rf"(?:\$|\busd)\s*-?\s*{_NUMBER}{_SCALE}|{_NUMBER}{_SCALE}\s*(?:dollars?|bucks|usd\b|\$)",
    re.IGNORECASE,
)
# Any number, with an optional scale: "350", "1.2k", "2 thousand".
_BARE_RE = re.compile(rf"(?<![\w.,]){_NUMBER}{_SCALE}", re.IGNORECASE)
_NEGATIVE_BEFORE_RE = re.compile(r"(-|−|\bminus)\s*(usd\s*|\$\s*)?$", re.IGNORECASE)
_MULTIPLIERS = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "grand": Decimal(1000),
    "m": Decimal(1_000_000),
    "million": Decimal(1_000_000),
}


@dataclass(frozen=True)
class Amount:
    """A parsed amount of money; `value` is None when no amount could be read.

    `several` is set when the text names more than one amount ("$300 for the rug and $50 for
    the wall"): the caller should ask for the total rather than guess.
    """

    value: Decimal | None
    negative: bool = False
    several: bool = False


def parse_amount(text: str | None) -> Amount:
    """Read an amount of money to the cent: "$350", "350", "about 300 bucks", "$1.2k", "0".

    Amounts marked as money win over other numbers: "2 days off, about 300 bucks" is 300.
    """
    if not text or not text.strip():
        return Amount(None)
    if _NOTHING_RE.match(text):
        return Amount(Decimal("0.00"))
    spans = list(_MARKED_RE.finditer(text)) or list(_BARE_RE.finditer(text))
    if not spans:
        worded = _WORDED_RE.search(text)
        return Amount(_worded_value(worded.group(1)) if worded else None)
    first = spans[0]
    value = _span_value(first.group(0))
    if value is None:
        return Amount(None)
    negative = bool(
        _NEGATIVE_BEFORE_RE.search(text[: first.start()])
        or re.match(r"(\$|usd)\s*-", first.group(0), re.IGNORECASE)
    )
    several = len({_span_value(span.group(0)) for span in spans}) > 1
    return Amount(value, negative=negative, several=several)


_UNIT_WORDS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "grand": 1000, "million": 1_000_000}
_NUMBER_WORDS = (*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS)
_NUMBER_WORD = "|".join(_NUMBER_WORDS)
# "two hundred dollars", "fifty bucks", "a grand", "twenty-five dollars"
_WORDED_RE = re.compile(
    rf"\b((?:an?[\s-]+)?(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?)?)*"
    rf"(?:(?:{_NUMBER_WORD})\s*(?:dollars?|bucks|usd)|grand))\b",
    re.IGNORECASE,
)


def _worded_value(words: str) -> Decimal | None:
    """ "two hundred and fifty dollars" -> 250.00; None when the words make no number."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in _UNIT_WORDS:
            current += _UNIT_WORDS.index(word)
        elif word in _TENS_WORDS:
            current += 20 + 10 * _TENS_WORDS.index(word)
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALE_WORDS:
            total += (current or 1) * _SCALE_WORDS[word]
            current = 0
        else:  # "a", "an", "and", the currency word
            continue
        seen = True
    return Decimal(total + current).quantize(CENT) if seen else None


def _span_value(span: str) -> Decimal | None:
    price = Price.fromstring(span)
    if price.amount is None or price.amount_text is None:
        return None
    value = price.amount
    if re.fullmatch(r"0[.,]\d+", price.amount_text):
        # "0.505" is half a dollar, not 505 with a thousands separator.
        value = Decimal(price.amount_text.replace(",", "."))
    after = span[span.find(price.amount_text) + len(price.amount_text) :]
    multiplier = re.match(r"\s*(k|thousand|grand|m|million)\b", after, re.IGNORECASE)
    if multiplier:
        value *= _MULTIPLIERS[multiplier.group(1).lower()]
    try:
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


def money(value: Decimal | str) -> str:
    """A Decimal as the contract's decimal string, to the cent ("350.00")."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def format_money(value: Decimal | str | None) -> str:
    """An amount the way a customer reads it: "$1,200.50"."""
    if value is None:
        return "$0.00"
    return f"${Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,}"


# ---------------------------------------------------------------------------------------------
# Treatment, kind of harm, yes/no/none
# ---------------------------------------------------------------------------------------------

TREATMENT_LEVELS = TREATMENTS
TREATMENT_LABELS = {
    "none": "no treatment",
    "first_aid": "first aid",
    "doctor": "saw a doctor",
    "emergency_room": "emergency room",
    "hospitalized": "hospitalized",
}

# Checked from the most serious level down: "the ER admitted me overnight" is a hospital stay.
_TREATMENT_WORDS: list[tuple[str, str]] = [
    (
        "hospitalized",
        (
            r"hospitali[sz]ed|admitted|inpatient|stayed (in|at) (the )?hospital|"
            r"(nights?|days?|overnight) in (the )?hospital|kept me (in (the )?hospital|overnight)|"
            r"in (the )?hospital for (a |an |\w+ )?(nights?|days?|weeks?)|surgery|operation|"
            r"intensive care|icu\b"
        ),
    ),
    ("emergency_room", r"emergency|a ?& ?e\b|ambulance|paramedic|hospital|casualty"),
    (
        "doctor",
        (
            r"doctor|\bdr\.?\b|\bgp\b|physician|clinic|urgent care|walk-in|nurse|"
            r"stitch|prescri|dermatologist|medic\b|saw (a|my) (doc|physician)|x-?ray|"
            r"\bdoc\b"
        ),
    ),
    (
        "first_aid",
        (
            r"first[ -]?aid|band[ -]?aid|bandage|plaster|\bice\b|\biced\b|cold water|antiseptic|"
            r"cream|ointment|aloe|cleaned|disinfect|patched|treated it myself|"
            r"at home|myself|pharmacy|painkiller|ibuprofen|tylenol|paracetamol"
        ),
    ),
    (
        "none",
        (
            r"^\s*(none|no|nope|nothing|no treatment|not treated|didn'?t need (any )?"
            r"(treatment|anything)|n/?a)\s*[.!]?\s*$|no treatment|didn'?t treat"
        ),
    ),
]
_NEGATED_RE = re.compile(
    r"\b(didn'?t|did not|never|no need to|without|wasn'?t|not)\s+(\w+\s+){0,3}?"
    r"(go(ne)?\s+to\s+(the\s+|a\s+)?)?(er|emergency( room)?|hospital|doctor|gp|clinic|"
    r"urgent care|ambulance|admitted|hospitali[sz]ed)\b",
    re.IGNORECASE,
)


def parse_treatment(text: str | None) -> str | None:
    """Map everyday words to a treatment level: "urgent care" -> doctor, "ER" ->
    emergency_room, "band-aid" -> first_aid... None when the text names no treatment."""
    if not text or not text.strip():
        return None
    stripped = text.strip()
    slug = stripped.lower().replace(" ", "_")
    if slug in TREATMENT_LEVELS:
        return slug
    cleaned = _NEGATED_RE.sub(" ", stripped)
    # Only a capitalised "ER" names the emergency room; a lower-case "er" is a hesitation.
    emergency_room = bool(re.search(r"\bE\.?R\b\.?", cleaned))
    cleaned = cleaned.lower()
    for level, pattern in _TREATMENT_WORDS:
        if re.search(pattern, cleaned) or (level == "emergency_room" and emergency_room):
            return level
    if cleaned != stripped.lower():
        # Only negated care was named ("I didn't see a doctor"): no treatment.
        return "none"
    return None


HARM_KINDS = ("property", "injury", "both")
_PROPERTY_RE = re.compile(
    r"propert|damage|belonging|stuff|thing|item|house|home|furniture|floor|wall|rug|carpet|"
    r"desk|car\b|kitchen|room",
    re.IGNORECASE,
)
_INJURY_RE = re.compile(
    r"injur|hurt|wound|bodily|personal|physical|health|medical|\bme\b|myself|person|"
    r"\b(hands?|arms?|legs?|fingers?|face|skin|eyes?|feet|foot|head|back|neck|body)\b",
    re.IGNORECASE,
)
_BOTH_RE = re.compile(r"\bboth\b|\ball of (the|them)\b|\beach\b|\bthe two\b", re.IGNORECASE)


def parse_harm_kind(text: str | None) -> str | None:
    """Property damage, injury or both, from a button payload or free words."""
    if not text or not text.strip():
        return None
    lowered = text.strip().lower()
    if lowered in HARM_KINDS:
        return lowered
    if _BOTH_RE.search(lowered):
        return "both"
    property_damage = bool(_PROPERTY_RE.search(lowered))
    injury = bool(_INJURY_RE.search(lowered))
    if property_damage and injury:
        return "both"
    if property_damage:
        return "property"
    if injury:
        return "injury"
    return None


_NONE_YET_RE = re.compile(
    r"\b(none|nothing|no (photos?|pictures?|files?|receipts?|evidence|documents?|papers?)|"
    r"don'?t have|do not have|haven'?t got|not yet|skip|later|no\b|nope)",
    re.IGNORECASE,
)
_YES_RE = re.compile(
    r"^\s*(y|yes|yeah|yep|yup|sure|correct|right|ok(ay)?|that'?s (right|correct)|"
    r"looks (good|right|correct)|confirm(ed)?|submit( it)?|go ahead|send it)\b",
    re.IGNORECASE,
)
_NO_RE = re.compile(
    r"^\s*(n|no|nope|nah|not (quite|right)|wrong|incorrect|change)\b", re.IGNORECASE
)


def says_none_yet(text: str | None) -> bool:
    """True when the customer says they have no files (yet) to attach."""
    return bool(text and _NONE_YET_RE.search(text))


def parse_yes_no(text: str | None) -> bool | None:
    """True for yes-like answers, False for no-like answers, None otherwise."""
    if not text:
        return None
    if _NO_RE.match(text):
        return False
    if _YES_RE.match(text):
        return True
    return None
