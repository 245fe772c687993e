"""The claims desk in Chromium: an expert clears a claim from the review queue after looking at
its photo; an admin decides a seller's rejection and takes the claim to `closed`; a decision on a
claim that changed meanwhile is refused with a reload. Only the backend runs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from stack import Stack

from tests.recent_marketplace import (
    DANA,
    HEATER,
    KETTLE,
    MULTI_ITEM_ORDER,
    SAM,
    SINGLE_ITEM_ORDER,
    persona_email,
    persona_order_id,
)

from .browser import screenshot
from .desk import ADMIN, ADMIN_PASSWORD, EXPERT, EXPERT_PASSWORD, Filing, photo, sign_in

pytestmark = pytest.mark.e2e

# Persona orders no other desk test files on: (order number, sku) of a heater each ...
DISPUTED_ORDER, CHANGED_ORDER = 1, 14
# ... orders with an item of the uninsured seller (a phone case, a cable), and a kettle's.
APPEAL_ORDERS, RECOVERY_ORDER = (6, 9), 2
PERSONA_HEATER = "P0HEATER"


@pytest.fixture
def site(backend_only: Stack) -> str:
    return f"http://127.0.0.1:{backend_only.ports.backend}"


def rejected_claim(backend_only: Stack, order: int) -> str:
    """A $1,234.56 claim on a persona's heater that its seller rejected: the desk decides it."""
    filing = Filing(backend_only, f"desk-dispute-{order}")
    claim = filing.file(
        persona_order_id(order), persona_email(order), PERSONA_HEATER, "1234.56", []
    )
    assert claim["status"] == "awaiting_seller", claim
    filing.reject_as_seller(claim["reference"])
    return claim["reference"]


def test_an_expert_clears_the_oldest_queued_claim_after_looking_at_its_photo(
    new_page: Callable[..., Page], site: str, backend_only: Stack
) -> None:
    filing = Filing(backend_only, "desk-review")
    picture = photo()
    earlier = filing.file(MULTI_ITEM_ORDER, SAM, KETTLE["sku"], "120.00", [filing.upload(picture)])
    # The same photo on another customer's claim, beside one of another picture: screening sends
    # the claim to the fraud experts.
    reused, other = filing.upload(picture), filing.upload(photo(upside_down=True))
    claim = filing.file(SINGLE_ITEM_ORDER, DANA, HEATER["sku"], "350.00", [reused, other])
    assert claim["status"] == "under_review", claim
    reference = claim["reference"]

    desk = new_page()
    sign_in(desk, site, EXPERT, EXPERT_PASSWORD)
    oldest = desk.locator(".desk-item[data-kind='review']").first
    expect(oldest).to_contain_text(reference)
    expect(oldest).to_contain_text("$350.00")
    oldest.get_by_role("link", name=reference).click()

    expect(desk.get_by_role("heading", name=reference)).to_be_visible()
    expect(desk.locator("#claim-status")).to_have_text("under review")
    evidence = desk.locator(f".evidence-item[data-evidence-id='{reused}']")
    image = evidence.get_by_role("img")
    expect(image).to_be_visible()
    assert desk.evaluate("img => img.naturalWidth", image.element_handle()) == 480
    assert image.get_attribute("src").startswith("blob:")
    # What screening found about the reused photo stands beside it, naming the other claim; the
    # other photo has nothing beside it.
    expect(evidence.locator(".finding")).to_have_count(1)
    expect(evidence.locator(".finding")).to_contain_text(earlier["reference"])
    beside_other = desk.locator(f".evidence-item[data-evidence-id='{other}'] .findings")
    expect(beside_other).to_have_text("Nothing found about this file.")
    expect(desk.locator("#claim-findings")).not_to_contain_text(earlier["reference"])
    screenshot(desk, "desk-claim")

    desk.get_by_label("Note (kept in the timeline)").fill("Same rug, two households: checked.")
    desk.get_by_role("button", name="Clear the claim").click()
    expect(desk.locator("#claim-status")).to_have_text("concession paid")
    expect(desk.locator("#timeline")).to_contain_text(f"by {EXPERT}")

    decided = filing.claim(reference)
    assert decided["status"] == "concession_paid"
    assert decided["decision"]["outcome"] == "concession"
    reviewed = [event for event in decided["events"] if event["actor"] == EXPERT]
    assert reviewed and reviewed[0]["note"] == "Same rug, two households: checked."


def test_an_admin_decides_a_dispute_and_closes_the_claim(
    new_page: Callable[..., Page], site: str, backend_only: Stack
) -> None:
    reference = rejected_claim(backend_only, DISPUTED_ORDER)

    desk = new_page()
    sign_in(desk, site, ADMIN, ADMIN_PASSWORD)
    waiting = desk.locator(".desk-item[data-kind='dispute']", has_text=reference)
    expect(waiting).to_contain_text("due ")
    desk.get_by_label("Status").select_option("seller_rejected")
    desk.get_by_label("Seller id").fill("S-INS")
    desk.get_by_role("button", name="Search").click()
    found = desk.locator("#search-results tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(persona_email(DISPUTED_ORDER))
    expect(found).to_contain_text("$1,234.56")
    screenshot(desk, "desk-queue")
    waiting.get_by_role("link", name=reference).click()

    expect(desk.locator("#claim-status")).to_have_text("seller rejected")
    expect(desk.locator("#claim-money")).to_contain_text("extension cord")
    desk.get_by_label("Note (kept in the timeline)").fill("The defence does not hold up.")
    desk.get_by_role("button", name="Step in for the customer").click()
    expect(desk.locator("#claim-status")).to_have_text("marketplace stepped in")

    desk.get_by_role("button", name="Mark the payout paid").click()
    expect(desk.locator("#claim-money")).to_contain_text("paid ")
    desk.get_by_role("button", name="Release the held recovery").click()
    expect(desk.locator("#claim-money")).to_contain_text("released")
    desk.get_by_role("button", name="Close the claim").click()
    expect(desk.locator("#claim-status")).to_have_text("closed")
    expect(desk.locator("#no-actions")).to_be_visible()

    closed = Filing(backend_only, "desk-check").claim(reference)
    assert closed["status"] == "closed"
    assert {event["actor"] for event in closed["events"]} >= {ADMIN}


def test_a_decision_on_a_claim_that_changed_meanwhile_asks_for_a_reload(
    new_page: Callable[..., Page], site: str, backend_only: Stack
) -> None:
    reference = rejected_claim(backend_only, CHANGED_ORDER)
    desk = new_page()
    sign_in(desk, site, ADMIN, ADMIN_PASSWORD, path=f"/desk/claims/{reference}")
    expect(desk.locator("#claim-status")).to_have_text("seller rejected")

    # Another admin decides first, through the API.
    status, _ = Filing(backend_only, "desk-other-admin").call(
        "POST", f"/api/admin/claims/{reference}/dispute", {"decision": "uphold_seller", "note": "x"}
    )
    assert status == 200
    desk.get_by_role("button", name="Step in for the customer").click()
    expect(desk.locator("#decision-error")).to_contain_text("changed since you opened it")
    desk.get_by_role("button", name="Reload the claim").click()
    expect(desk.locator("#claim-status")).to_have_text("denied")
    assert Filing(backend_only, "desk-check").claim(reference)["status"] == "denied"


def test_an_admin_verifies_a_sellers_policy_after_viewing_its_proof(
    new_page: Callable[..., Page], site: str, backend_only: Stack
) -> None:
    filing = Filing(backend_only, "desk-insurance")
    filing.file_policy_as_uninsured_seller("PL-UNI-1")

    desk = new_page()
    sign_in(desk, site, ADMIN, ADMIN_PASSWORD, path="/desk/sellers")
    seller = desk.locator(".seller[data-seller-id='S-UNI']")
    policy = seller.locator(".policy", has_text="PL-UNI-1")
    expect(policy).to_contain_text("pending")
    policy.get_by_role("button", name="View proof").click()
    proof = policy.get_by_role("img", name="proof of policy PL-UNI-1")
    expect(proof).to_be_visible()
    assert desk.evaluate("img => img.naturalWidth", proof.element_handle()) == 480
    screenshot(desk, "desk-sellers")

    policy.get_by_role("button", name="Verify policy PL-UNI-1").click()
    expect(seller.locator(".policy", has_text="PL-UNI-1")).to_contain_text("verified")
    status, insurance = filing.call("GET", "/api/admin/sellers/S-UNI/insurance")
    assert status == 200, insurance
    assert insurance["policy"]["policy_number"] == "PL-UNI-1"


def test_an_admin_decides_appeals_opens_a_pdf_and_collects_a_held_recovery(
    new_page: Callable[..., Page], site: str, backend_only: Stack
) -> None:
    filing = Filing(backend_only, "desk-appeals")
    # Two $150.00 concessions on items of the uninsured seller, which appeals both, one with a PDF.
    upheld, granted = (
        filing.file(persona_order_id(order), persona_email(order), sku, "150.00", [])["reference"]
        for order, sku in ((APPEAL_ORDERS[0], "P0PHONECASE"), (APPEAL_ORDERS[1], "P0CABLE"))
    )
    invoice = filing.upload_pdf_as_uninsured_seller()
    filing.appeal_as_uninsured_seller(upheld, [invoice])
    filing.appeal_as_uninsured_seller(granted, [])
    # A claim the insured seller rejected: stepping in holds a recovery while it defends.
    held = filing.file(
        persona_order_id(RECOVERY_ORDER), persona_email(RECOVERY_ORDER), "P0KETTLE", "1234.56", []
    )["reference"]
    filing.reject_as_seller(held)

    desk = new_page()
    sign_in(desk, site, ADMIN, ADMIN_PASSWORD)
    appeal = desk.locator(".desk-item[data-kind='appeal']", has_text=upheld)
    appeal.get_by_role("link", name=upheld).click()
    pdf = desk.locator(f".evidence-item[data-evidence-id='{invoice}']")
    expect(pdf).to_contain_text("application/pdf")
    with desk.expect_popup() as opened:
        pdf.get_by_role("link", name=f"Open File {invoice} in a new tab").click()
    assert opened.value.url.startswith("blob:")
    desk.get_by_role("button", name="Uphold the concession").click()
    expect(desk.locator("#claim-money")).to_contain_text("upheld")
    assert filing.claim(upheld)["appeals"][0]["status"] == "upheld"

    desk.goto(f"{site}/desk/claims/{granted}")
    desk.get_by_role("button", name="Grant the appeal (waive the reimbursement)").click()
    expect(desk.locator("#claim-money")).to_contain_text("granted")
    expect(desk.locator("#claim-money")).to_contain_text("waived")

    desk.goto(f"{site}/desk/claims/{held}")
    desk.get_by_role("button", name="Step in for the customer").click()
    expect(desk.locator("#claim-money")).to_contain_text("held")
    desk.get_by_role("button", name="Collect the held recovery").click()
    expect(desk.locator("#claim-money")).to_contain_text(", open")
    desk.get_by_role("button", name="Mark the recovery collected").click()
    expect(desk.locator("#claim-money")).to_contain_text(", collected")
    status, view = filing.call("GET", f"/api/desk/claims/{held}")
    assert status == 200 and [r["status"] for r in view["recoveries"]] == ["collected"], view
