"""Narrative signatures: finding claims told in nearly the same words, without reading them all.

A claim's narrative (what was defective, what was damaged, who was hurt) becomes a set of word
shingles (three words in a row). Two narratives are as similar as the Jaccard similarity of their
shingle sets. MinHash condenses a set into ``BANDS * ROWS`` numbers so that two sets agree on any
one number with probability equal to their similarity; locality-sensitive hashing cuts those
numbers into bands and hashes each band into a bucket. Claims sharing a ``(band, bucket)`` are
candidates (stored as ``NarrativeSignature`` rows and looked up by index); the exact similarity
of the few candidates then decides.

With 20 bands of 5 rows, narratives 80% alike share a bucket with probability 0.9997, 50% alike
0.47, 30% alike 0.05: near-identical texts are found, merely similar ones rarely cost a look.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SHINGLE_WORDS = 3
BANDS = 20
ROWS = 5
# Short accounts ("the cord melted and sparked, scorched rug, burn on right hand") are worded
# alike by honest customers; only narratives of about 17 words or more are compared.
MIN_SHINGLES = 15

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_PRIME = (1 << 61) - 1  # a Mersenne prime: the hash family works modulo it


def _seeded(index: int, salt: bytes) -> int:
    digest = hashlib.blake2b(index.to_bytes(4, "big"), digest_size=8, key=salt).digest()
    return int.from_bytes(digest, "big") % _PRIME or 1


# Fixed coefficients, so signatures stored by one process match those computed by another.
_HASH_FAMILY = tuple(
    (_seeded(index, b"minhash-a"), _seeded(index, b"minhash-b")) for index in range(BANDS * ROWS)
)


@dataclass(frozen=True)
class NarrativeSignature:
    """A narrative's shingles (for exact comparison) and its ``(band, bucket)`` keys."""

    shingles: frozenset[str]
    bands: tuple[tuple[int, str], ...]  # empty when the narrative is too short to compare


def narrative_text(*parts: str | None) -> str:
    """The claim's narrative: its descriptions, in order, those given."""
    return " ".join(part for part in parts if part)


def shingles(text: str) -> frozenset[str]:
    """The text's runs of ``SHINGLE_WORDS`` consecutive words, lower-cased, punctuation ignored."""
    words = _WORD.findall(text.lower())
    return frozenset(
        " ".join(words[start : start + SHINGLE_WORDS])
        for start in range(len(words) - SHINGLE_WORDS + 1)
    )


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """Jaccard similarity of two shingle sets: shared shingles over all shingles (0..1)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _shingle_number(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def signature(text: str) -> NarrativeSignature:
    """The narrative's signature; no bands when it has fewer than ``MIN_SHINGLES`` shingles."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return NarrativeSignature(found, ())
    numbers = [_shingle_number(shingle) for shingle in found]
    minhash = [min((a * number + b) % _PRIME for number in numbers) for a, b in _HASH_FAMILY]
    bands = []
    for band in range(BANDS):
        rows = minhash[band * ROWS : (band + 1) * ROWS]
        packed = b"".join(value.to_bytes(8, "big") for value in rows)
        bands.append((band, hashlib.blake2b(packed, digest_size=16).hexdigest()))
    return NarrativeSignature(found, tuple(bands))
