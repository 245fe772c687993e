"""What the claims desk refuses to do, in domain terms: no HTTP status here.

A service raises one of these with the problems it found; the API edge
(``backend.api.refusals``) answers each kind with its status, in the errors shape.
"""

from __future__ import annotations

from collections.abc import Iterable

from backend.problem import Problem


class Refusal(Exception):
    """Something the desk will not do, and every problem found; nothing is stored."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))

    @classmethod
    def single(cls, code: str, message: str, field: str | None = None) -> Refusal:
        """A refusal with one problem."""
        return cls([Problem(code, field, message)])


class InvalidOrderId(Refusal):
    """An order id not shaped like ``112-1234567-1234567``."""


class OrderNotFound(Refusal):
    """No order has that id."""


class CustomerMismatch(Refusal):
    """The email given is not the one on the order."""


class InvalidClaim(Refusal):
    """A claim that cannot be filed: its order, identity, item, dates, amounts or evidence."""


class IdempotencyConflict(Refusal):
    """An Idempotency-Key used before for a different request."""


class ClaimNotFound(Refusal):
    """No claim has that reference, or none the caller may see."""

    @classmethod
    def of(cls, reference: str) -> ClaimNotFound:
        """The refusal for claim ``reference``."""
        return cls.single(
            "claim_not_found", f"We could not find claim {reference}.", field="reference"
        )


class NotAwaitingResponse(Refusal):
    """The seller answers a claim that is not awaiting its response."""


class ResponseDeadlinePassed(Refusal):
    """The seller answers after its response deadline."""


class InvalidResponse(Refusal):
    """A seller's response missing its defence, evidence or insurance."""


class CannotStepIn(Refusal):
    """The marketplace steps in only on a claim awaiting the seller or rejected by it."""


class NotAppealable(Refusal):
    """A claim that is not a concession, already appealed, or past the appeal window."""


class InvalidAppeal(Refusal):
    """An appeal missing its statement or evidence."""


class NotUnderReview(Refusal):
    """A fraud expert decides only a claim under review."""


class OtherConversation(Refusal):
    """The service acts for a customer in another conversation than the one that filed."""


class ClaimFinished(Refusal):
    """A claim paid or finished: it can no longer be withdrawn or added to."""


class InvalidEvidence(Refusal):
    """Evidence ids that name no stored file."""


class StaleState(Refusal):
    """The desk decided on a claim no longer in the status its page showed."""

    @classmethod
    def of(cls, reference: str, expected: str, actual: str) -> StaleState:
        """The refusal for claim ``reference``, shown as ``expected``, now ``actual``."""
        return cls.single(
            "stale_state",
            f"Claim {reference} is now {actual.replace('_', ' ')}, no longer "
            f"{expected.replace('_', ' ')}: reload it and decide again.",
            field="expected_status",
        )


class NotDecidable(Refusal):
    """A desk decision that does not fit where the claim (or message) stands now."""


class MessageNotFound(Refusal):
    """No outbox message has that id."""


class NotEligibleForQuotes(Refusal):
    """Partner quotes are for sellers required to insure, or near it, without qualifying cover."""


class QuoteNotFound(Refusal):
    """No offer has that id, or none made to the calling seller."""


class QuoteNotOpen(Refusal):
    """An offer that expired, was chosen already, or whose round has a chosen offer."""


class InvalidBody(Refusal):
    """A request body (or a marketplace file) that does not fit its schema in openapi.yaml."""


class EmptyFile(Refusal):
    """An uploaded file with nothing in it."""


class UnsupportedFile(Refusal):
    """A file that is not a photo or a PDF, or is more than one kind of file at once."""


class UploadLimitReached(Refusal):
    """A conversation that has uploaded all the files (or bytes) it may."""


class SellerNotFound(Refusal):
    """No seller has that id."""


class InvalidMarketplaceData(Refusal):
    """Marketplace data at odds with itself or with what is stored; nothing is loaded."""


class InvalidInsurance(Refusal):
    """A seller's insurance policy that ends before it starts, or whose proof is unknown."""


class PolicyLocked(Refusal):
    """A policy number the marketplace loaded or verified already: the seller cannot change it."""


class PolicyNotFound(Refusal):
    """The seller has no policy with that number."""


class PolicyNotPending(Refusal):
    """A policy verified or rejected already: there is nothing left to decide."""


class HandoffNotFound(Refusal):
    """No handoff has that id."""


class HandoffConflict(Refusal):
    """A handoff another agent holds, already back with the assistant, or still open."""


class AssistantUnreachable(Refusal):
    """The Rasa server cannot be reached or refuses; what the desk kept is in the message."""
