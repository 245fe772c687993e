"""Identifiers people read aloud (claims, evidence, handoffs, insurance quotes): random and unambiguous."""

from __future__ import annotations

import secrets

# No 0/O and no 1/I, so a customer reading a reference over the phone cannot confuse them.
UNAMBIGUOUS_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CLAIM_REFERENCE_LENGTH = 6
EVIDENCE_ID_LENGTH = 16
HANDOFF_ID_LENGTH = 10
QUOTE_ID_LENGTH = 10


def random_code(length: int) -> str:
    """A random code of ``length`` characters from the unambiguous alphabet."""
    return "".join(secrets.choice(UNAMBIGUOUS_ALPHABET) for _ in range(length))


def new_claim_reference() -> str:
    """A fresh claim reference such as ``CLM-7K3Q9X``."""
    return "CLM-" + random_code(CLAIM_REFERENCE_LENGTH)


def new_evidence_id() -> str:
    """A fresh evidence id; long, because knowing it is enough to attach the file to a claim."""
    return "EV-" + random_code(EVIDENCE_ID_LENGTH)


def new_handoff_id() -> str:
    """A fresh handoff id such as ``HO-7K3Q9XABCD``."""
    return "HO-" + random_code(HANDOFF_ID_LENGTH)


def new_quote_id() -> str:
    """A fresh id for a partner insurer's offer, such as ``QT-7K3Q9XABCD``."""
    return "QT-" + random_code(QUOTE_ID_LENGTH)
