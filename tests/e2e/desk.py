"""The claims desk in the browser: staff signing in on `/desk`, and claims filed through the API
for the desk to decide (the assistant is not needed: the backend alone serves the desk)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from stack import Stack

from tests.recent_marketplace import DELIVERED

from .chat import Chat

EXPERT, EXPERT_PASSWORD = "Erin", "erin-e2e-password"
ADMIN, ADMIN_PASSWORD = "Ada", "ada-e2e-password"
DESK_STAFF = ((EXPERT, "expert", EXPERT_PASSWORD), (ADMIN, "admin", ADMIN_PASSWORD))
# The sellers' own API keys in tests/recent_marketplace.py.
INSURED_SELLER_KEY = "sk-ins-test-0000000000000000"
UNINSURED_SELLER_KEY = "sk-uni-test-0000000000000000"


def sign_in(page: Page, site: str, username: str, password: str, path: str = "/desk") -> None:
    """Open a desk page and sign in there."""
    page.goto(f"{site}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#staff-name")).to_have_text(username)


# A one-page PDF (the seller's invoice).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def photo(shade: int = 0, upside_down: bool = False) -> bytes:
    """A JPEG photo of a scorched rug (drawn): big enough to show and to be recognised;
    upside down, it is another picture to screening."""
    image = Image.new("RGB", (480, 360), (196 - shade, 170, 140))
    draw = ImageDraw.Draw(image)
    for ring, colour in enumerate([(120, 80, 50), (70, 45, 30), (30, 20, 15)]):
        inset = 60 + ring * 35
        draw.ellipse([inset + 40, inset, 480 - inset - 40, 360 - inset], fill=colour)
    draw.rectangle([0, 300, 480, 360], fill=(90, 110, 160))
    if upside_down:
        image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


class Filing:
    """Claims filed and moved on through the API, as the assistant and sellers do."""

    def __init__(self, backend: Stack, conversation_id: str) -> None:
        self.chat = Chat(backend, sender=conversation_id)

    def call(self, method: str, path: str, body: dict | None = None, **kwargs) -> tuple:
        encoded = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return self.chat.backend(method, path, body=encoded, headers=headers, **kwargs)

    def upload(self, content: bytes) -> str:
        return self.chat.upload_evidence(content, "photo.jpg", "image/jpeg")

    def file(
        self, order_id: str, email: str, sku: str, amount: str, evidence_ids: list[str]
    ) -> dict:
        """File a property-damage claim of `amount` with the service token; the stored claim."""
        status, claim = self.call(
            "POST",
            "/api/claims",
            {
                "order_id": order_id,
                "customer_email": email,
                "sku": sku,
                "incident_date": (DELIVERED + timedelta(days=20)).isoformat(),
                "defect_description": "the cord melted and sparked",
                "property_damage": {"description": "scorched rug", "amount": amount},
                "injury": None,
                "evidence_ids": evidence_ids,
                "channel": "rest",
                "conversation_id": self.chat.sender,
            },
            token="CLAIMS_SERVICE_TOKEN",
        )
        assert status == 201, claim
        return claim

    def file_policy_as_uninsured_seller(self, policy_number: str) -> None:
        """The uninsured seller files a policy with a photo of its certificate as proof."""
        proof = self.chat.upload_evidence(
            photo(shade=60), "certificate.jpg", "image/jpeg", seller_key=UNINSURED_SELLER_KEY
        )
        status, answer = self.chat.backend(
            "POST",
            "/api/seller/insurance",
            body=json.dumps(
                {
                    "policy_number": policy_number,
                    "insurer": "Example Mutual",
                    "per_occurrence_limit": "1000000.00",
                    "additional_insured": True,
                    "valid_from": (DELIVERED - timedelta(days=10)).isoformat(),
                    "valid_to": (DELIVERED + timedelta(days=400)).isoformat(),
                    "proof_evidence_id": proof,
                }
            ).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {UNINSURED_SELLER_KEY}",
            },
        )
        assert status == 201, answer

    def claim(self, reference: str) -> dict:
        """The claim as the admin reads it through the API."""
        status, claim = self.call("GET", f"/api/claims/{reference}")
        assert status == 200, claim
        return claim

    def upload_pdf_as_uninsured_seller(self) -> str:
        """A PDF the uninsured seller uploads (its own evidence); its id."""
        return self.chat.upload_evidence(
            PDF, "invoice.pdf", "application/pdf", seller_key=UNINSURED_SELLER_KEY
        )

    def appeal_as_uninsured_seller(self, reference: str, evidence_ids: list[str]) -> None:
        """The uninsured seller appeals a concession on its item."""
        status, answer = self.chat.backend(
            "POST",
            f"/api/seller/claims/{reference}/appeal",
            body=json.dumps(
                {"statement": "The cable was cut by the customer.", "evidence_ids": evidence_ids}
            ).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {UNINSURED_SELLER_KEY}",
            },
        )
        assert status == 200, answer

    def reject_as_seller(self, reference: str) -> dict:
        """The insured seller rejects the claim with its defence."""
        status, claim = self.chat.backend(
            "POST",
            f"/api/seller/claims/{reference}/response",
            body=json.dumps(
                {"action": "reject", "statement": "The heater was used with an extension cord."}
            ).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {INSURED_SELLER_KEY}",
            },
        )
        assert status == 200, claim
        assert claim["status"] == "seller_rejected", claim
        return claim
