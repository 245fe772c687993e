"""Delivery addresses, normalised: one key per place however the address was typed.

Screening counts claims per delivery address (``Claim.delivery_address_key``), so
"12 Main Street, Apt. 4" and "12 main st apt 4" must give the same key. The unit stays in the
key: neighbours in one building are different households.
"""

from __future__ import annotations

import re
import unicodedata

KEY_LENGTH = 255  # the column's size

# Common spellings of the same word, as postal services abbreviate them.
_ABBREVIATIONS = {
    "street": "st",
    "str": "st",
    "avenue": "ave",
    "av": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "drive": "dr",
    "lane": "ln",
    "court": "ct",
    "place": "pl",
    "square": "sq",
    "highway": "hwy",
    "parkway": "pkwy",
    "terrace": "ter",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "apartment": "unit",
    "apt": "unit",
    "suite": "unit",
    "ste": "unit",
    "flat": "unit",
}


def delivery_address_key(address: str | None) -> str | None:
    """The normalised address: accents, case, punctuation and common abbreviations evened out.

    ``None`` for an unknown or empty address (such claims are not counted per address).
    """
    if not address:
        return None
    folded = unicodedata.normalize("NFKD", address.casefold())  # "Straße" -> "strasse"
    ascii_text = folded.encode("ascii", "ignore").decode()
    # "#4" is a unit; other punctuation separates words.
    words = re.sub(r"#", " unit ", ascii_text)
    words = re.findall(r"[a-z0-9]+", words)
    key = " ".join(_ABBREVIATIONS.get(word, word) for word in words)
    key = re.sub(r"\b(unit )+", "unit ", key)  # "apt #4" -> "unit unit 4" -> "unit 4"
    return key[:KEY_LENGTH] or None
