"""What the customer and the seller read about a decision, keyed by its reason code.

The rules decide (a reason code and the facts); this module words it. Change a sentence here and
every place that tells it changes with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from backend.clock import format_timestamp
from backend.money import format_dollars


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


# ---- to the customer --------------------------------------------------------------------------

FOR_CUSTOMER: dict[str, Callable[..., str]] = {
    # Filing: why a claim cannot be filed at all.
    "not_delivered": lambda: (
        "Our records show this order has not been delivered yet, so the product cannot "
        "have caused harm. If it has arrived, please contact customer service."
    ),
    "incident_before_delivery": lambda delivered_at: (
        f"The incident date is before the order was delivered "
        f"({delivered_at.date().isoformat()}). Please check the date of the incident."
    ),
    "incident_in_future": lambda: (
        "The incident date is in the future. Please check the date of the incident."
    ),
    "no_harm_reported": lambda: (
        "A claim needs property damage or injury costs of more than zero. "
        "For a refund of the item itself, please use a return."
    ),
    "amount_over_limit": lambda cap, total: (
        f"A claim can be for at most {format_dollars(cap)}; "
        f"this one asks for {format_dollars(total)}."
    ),
    "late_filing": lambda window_days, days_since: (
        f"Claims must be filed within {window_days} days of the incident, "
        f"and this one was filed {days_since} days after it."
    ),
    # The decision at filing.
    "denied": lambda why: "We cannot accept this claim. " + why,
    "referred_for_review": lambda review_days: (
        "Thank you, we have received your claim. Before we decide, a claims specialist "
        f"will review it within {review_days} days, as we do for some claims, and we "
        "will let you know the outcome. Meanwhile you can add photos, receipts or "
        "medical papers to it, or ask for its status."
    ),
    "under_concession_limit": lambda limit, total: (
        f"Your claim is accepted. Because it is under {format_dollars(limit)}, "
        f"the marketplace is paying you {format_dollars(total)} now, and we have let "
        "the seller know."
    ),
    "at_or_over_concession_limit": lambda limit, insured, due: (
        f"Your claim is valid. Because it is {format_dollars(limit)} or more, "
        f"we have sent it to the seller{' and its insurer' if insured else ''}, "
        f"who must respond by {_day(due)}. If the seller does not respond in time, "
        "the marketplace steps in. We will keep you informed."
    ),
    "uncovered_losses_excluded": lambda uncovered: (
        "Pain and suffering, punitive and other non-economic "
        f"damages are not covered, so the {format_dollars(uncovered)} listed for them is "
        "not part of the claim."
    ),
    # A fraud expert's review.
    "cleared_by_review": lambda: "Our fraud specialists have reviewed your claim and cleared it. ",
    "abusive": lambda: (
        "Our fraud specialists reviewed it and concluded that it misuses the claims "
        "process. If you think this is a mistake, please contact customer service."
    ),
    "unsubstantiated": lambda: (
        "Our fraud specialists reviewed it and found that the information and evidence we "
        "have do not show that the product caused the harm claimed. If you have photos, "
        "receipts or medical papers that show it, please add them to the claim and contact "
        "customer service."
    ),
    # The seller's response.
    "seller_accepted": lambda total: (
        f"The seller has accepted your claim and will pay you "
        f"{format_dollars(total)}. We will keep you informed."
    ),
    "forwarded_to_insurer": lambda insurer, total: (
        f"The seller has accepted your claim and passed it to its insurer, {insurer}, "
        f"which will pay you {format_dollars(total)}. "
        "We will keep you informed."
    ),
    "seller_rejected": lambda: (
        "The seller has rejected your claim. The marketplace is reviewing the seller's "
        "answer and will let you know what happens next."
    ),
    # The marketplace steps in.
    "seller_deadline_missed": lambda due, total: (
        f"The seller did not respond to your claim by {_day(due)}, so the "
        f"marketplace is paying you {format_dollars(total)} now. "
        "We will keep you informed."
    ),
    "marketplace_stepped_in": lambda total, after_rejection: (
        (
            "The seller rejected your claim, but the marketplace considers it valid"
            if after_rejection
            else "The marketplace has decided to step in"
        )
        + f" and is paying you {format_dollars(total)} now. We will keep you informed."
    ),
    # The desk's decision on a seller's rejection, and the end of a claim.
    "seller_defence_upheld": lambda: (
        "We cannot accept this claim. The seller rejected it, and after reviewing the "
        "seller's answer and your evidence the marketplace agrees that the product did not "
        "cause the harm claimed. If you have new evidence, please contact customer service."
    ),
    "claim_closed": lambda reference, paid: (
        f"Your claim {reference} is settled: {format_dollars(paid)} was paid to you, and the "
        "claim is now closed. Thank you for your patience."
    ),
}


def for_customer(code: str, **facts: object) -> str:
    """The customer's sentence for reason ``code``, given the facts it names."""
    return FOR_CUSTOMER[code](**facts)


# ---- to the seller ----------------------------------------------------------------------------

FOR_SELLER: dict[str, Callable[..., str]] = {
    # The insurance requirement.
    "not_required": lambda threshold: (
        f"No calendar month has reached {format_dollars(threshold)} of sales, "
        "so insurance is not required."
    ),
    "required": lambda amount, month: (
        f"Sales reached {format_dollars(amount)} in {month:%B %Y}, so qualifying insurance is "
        "required"
    ),
    "compliant": lambda why, policy_number: f"{why}, and policy {policy_number} qualifies.",
    "proof_not_yet_due": lambda why, due, shortfall: (
        f"{why}; proof is due by {due.isoformat()}. {shortfall}"
    ),
    "overdue": lambda why, due, shortfall: (
        f"{why}; proof was due by {due.isoformat()}. {shortfall}"
    ),
    "no_policy": lambda: "No policy is on file.",
    "not_yet_in_force": lambda cover, minimum: f"starts only on {cover.valid_from.isoformat()}",
    "lapsed": lambda cover, minimum: f"ended on {cover.valid_to.isoformat()}",
    "limit_too_low": lambda cover, minimum: (
        f"covers only {format_dollars(cover.per_occurrence_limit)} per "
        f"occurrence (at least {format_dollars(minimum)} is required)"
    ),
    "not_additional_insured": lambda cover, minimum: (
        "does not name the marketplace as additional insured"
    ),
    # Partner insurance quotes.
    "quotes_required": lambda threshold, near: (
        "Insurance is required and no qualifying policy is on file: compare our partners' offers."
    ),
    "quotes_near_threshold": lambda threshold, near: (
        f"A month of your sales reached {format_dollars(near)}, close to the "
        f"{format_dollars(threshold)} that makes insurance required: compare our partners' offers."
    ),
    "quotes_insured": lambda threshold, near: (
        "A qualifying policy is on file already, so no quotes are needed."
    ),
    "quotes_below_threshold": lambda threshold, near: (
        f"Quotes are offered once a month of sales reaches {format_dollars(near)}; insurance is "
        f"required from {format_dollars(threshold)}."
    ),
    # An appeal against a concession.
    "not_appealable": lambda: "only a concession can be appealed",
    "already_appealed": lambda: "it has already been appealed",
    "appeal_window_closed": lambda closes: f"the time to appeal ended {format_timestamp(closes)}",
    # The desk's decision on an appeal.
    "appeal_upheld": lambda: "the concession stands, and its reimbursement stays as it was",
    "appeal_granted": lambda: "you owe no reimbursement of the concession",
}


def for_seller(code: str, **facts: object) -> str:
    """The seller's words for reason ``code``, given the facts it names."""
    return FOR_SELLER[code](**facts)


def shortfall(
    policy_number: str | None, cover: object, codes: tuple[str, ...], minimum: Decimal
) -> str:
    """Why the seller's best policy does not qualify, in words."""
    if policy_number is None:
        return for_seller("no_policy")
    return (
        f"Policy {policy_number} "
        + " and ".join(for_seller(code, cover=cover, minimum=minimum) for code in codes)
        + "."
    )


# ---- to the claims desk -----------------------------------------------------------------------

# What each reason code of a decision means, in plain words for the people deciding; screening's
# own findings carry their sentence with them and are read from there.
FOR_DESK: dict[str, str] = {
    "valid": "The claim meets the policy: a covered loss, filed in time, on a delivered order.",
    "under_concession_limit": "It is under the concession limit, so the marketplace pays at once.",
    "at_or_over_concession_limit": (
        "It is at or over the concession limit, so it goes to the seller with a deadline."
    ),
    "uncovered_losses_excluded": (
        "Losses the policy does not cover (pain and suffering, punitive) were left out."
    ),
    "late_filing": "It was filed after the filing window.",
    "duplicate": "Another claim on the same order and item still stands.",
    "not_covered": "It lists only losses the policy does not cover.",
    "referred_for_review": "Screening found enough to ask a fraud expert before paying.",
    "cleared_by_review": "A fraud expert reviewed it and cleared it.",
    "abusive": "A fraud expert concluded that it misuses the claims process.",
    "unsubstantiated": "A fraud expert found the evidence does not show the harm claimed.",
    "seller_accepted": "The seller accepted the claim and pays the customer.",
    "forwarded_to_insurer": "The seller passed the claim to its insurer, which pays.",
    "seller_rejected": "The seller rejected the claim with a defence.",
    "seller_deadline_missed": "The seller did not answer by its deadline.",
    "marketplace_stepped_in": "The marketplace stepped in and pays the customer.",
    "reimbursement_waived": "The seller proved valid insurance: no reimbursement is sought.",
    "appeal_granted": "The seller's appeal was granted: no reimbursement is sought.",
    "seller_defence_upheld": "The desk upheld the seller's defence: the claim is denied.",
}


def for_desk(code: str) -> str:
    """The desk's plain words for reason ``code`` (the code itself, spelled out, if unknown)."""
    return FOR_DESK.get(code, code.replace("_", " ").capitalize() + ".")
