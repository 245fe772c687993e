"""A seller's user on the seller portal (`/seller`), in Chromium: signs in, opens a claim with the
customer's photo, rejects it with a defence and a file of its own, which an admin then finds on
the desk (`/desk`); files proof of insurance; gets partner insurers' quotes side by side and picks
one.

Only the backend runs (the portal needs no assistant), as `make run` starts it, on a spare port
and a fresh database, asking fake partner insurers (tests/backend/fake_insurers.py) served on
loopback for quotes. What the seller did is checked through the admin API.
"""

from __future__ import annotations

import json
import secrets
import socket
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from stack import Ports, Stack, isolated_environment, seller_user, staff_account

from tests.backend.fake_insurers import FakeInsurer, failing, offering
from tests.fakes.server import BackgroundServer
from tests.recent_marketplace import (
    DANA,
    HEATER,
    KETTLE,
    MULTI_ITEM_ORDER,
    SAM,
    SINGLE_ITEM_ORDER,
    TODAY,
    marketplace,
)

from .browser import screenshot
from .desk import ADMIN, ADMIN_PASSWORD
from .desk import sign_in as desk_sign_in

pytestmark = pytest.mark.e2e

SELLER = "S-INS"  # sells Dana's heater; insured, and required to be ($12,500.00 this month)
USERNAME = "priya"
PASSWORD = "a long portal passphrase"
# A seller without insurance whose $8,400.00 this month is within 20 % of the $10,000 threshold,
# and its user: offered partner quotes.
GROWING = {
    "id": "S-GROW",
    "name": "Growing Goods",
    "email": "claims@growing.example",
    "api_key": "sk-grow-test-000000000000000",
    "monthly_sales": [{"month": TODAY.strftime("%Y-%m"), "amount": "8400.00"}],
    "insurance": None,
}
GROWING_USER = "omar"
DEFENCE = "The heater's manual forbids extension cords; the photo shows one melted."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def picture(path: Path, colour: str, mark: str) -> Path:
    """A photo-like PNG (a stain on a floor) the browser can show."""
    image = Image.new("RGB", (480, 320), "#d9c7a3")
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 80, 360, 240), fill=colour)
    draw.text((16, 16), mark, fill="#1d2430")
    image.save(path, "PNG")
    return path


def policy_document(path: Path) -> Path:
    """A one-page PDF: the policy's declarations page."""
    Image.new("RGB", (300, 400), "white").save(path, "PDF")
    return path


@dataclass
class Backend:
    """The backend, started alone, and the admin's and service's way into its API."""

    url: str
    env: dict[str, str]

    def request(
        self, method: str, path: str, token: str, body: Any = None, files: bytes | None = None
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"}
        data = None
        if files is not None:
            boundary = uuid.uuid4().hex
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            data = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                    f'filename="photo.png"\r\nContent-Type: image/png\r\n\r\n'
                ).encode()
                + files
                + f"\r\n--{boundary}--\r\n".encode()
            )
        elif body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                kind = response.headers.get("Content-Type", "")
                return response.status, json.loads(raw) if "json" in kind else raw
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        status, answer = self.request(method, path, self.env["CLAIMS_ADMIN_TOKEN"], body)
        assert status < 300, (status, answer)
        return answer

    def file_claim(
        self,
        photo: Path,
        amount: str,
        email: str = DANA,
        order_id: str = SINGLE_ITEM_ORDER,
        sku: str = HEATER["sku"],
    ) -> dict[str, Any]:
        """A customer's claim (Dana's about the heater), with a photo, as the assistant files
        it."""
        service = self.env["CLAIMS_SERVICE_TOKEN"]
        status, upload = self.request("POST", "/api/evidence", service, files=photo.read_bytes())
        assert status == 201, upload
        status, claim = self.request(
            "POST",
            "/api/claims",
            service,
            {
                "order_id": order_id,
                "customer_email": email,
                "sku": sku,
                "incident_date": TODAY.isoformat(),
                "defect_description": "the heater's cord melted and scorched the rug",
                "property_damage": {"description": "scorched rug and floor", "amount": amount},
                "injury": None,
                "evidence_ids": [upload["id"]],
                "channel": "socketio",
                "conversation_id": f"web-{secrets.token_hex(8)}",
            },
        )
        assert status == 201, claim
        return claim


@pytest.fixture(scope="module")
def insurers() -> Iterator[list[FakeInsurer]]:
    """Two partner insurers quoting cover valid for a month, and one that is down; served on
    loopback."""
    valid_until = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    fakes = [
        FakeInsurer(
            "harbor", "Harbor Insurance", offering("HQ", "1450.50", valid_until=valid_until)
        ),
        FakeInsurer(
            "mutual",
            "Mutual Co",
            offering("MQ", "1900.00", valid_until=valid_until, deductible="500.00"),
        ),
        FakeInsurer("down-co", "Down & Co", failing()),
    ]
    servers = [BackgroundServer(fake.app()).start() for fake in fakes]
    for fake, server in zip(fakes, servers):
        fake.url = f"{server.url}/quote"
    yield fakes
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def backend(
    tmp_path_factory: pytest.TempPathFactory, insurers: list[FakeInsurer]
) -> Iterator[Backend]:
    """The backend alone, with the recent marketplace, one user of seller S-INS, and the fake
    partner insurers."""
    workdir = tmp_path_factory.mktemp("seller-portal")
    env = isolated_environment(workdir, marketplace())
    env["CLAIMS_INSURERS"] = json.dumps(
        [{"id": fake.id, "name": fake.name, "quote_url": fake.url} for fake in insurers]
    )
    seller_user(env, SELLER, USERNAME, PASSWORD)
    staff_account(env, ADMIN, "admin", ADMIN_PASSWORD)
    running = Stack(env=env, ports=Ports(backend=free_port()), log_dir=workdir / "log")
    running.start(["backend"])
    yield Backend(f"http://127.0.0.1:{running.ports.backend}", running.process_env())
    running.stop()


def sign_in(page: Page, backend: Backend, username: str = USERNAME, seller: str = SELLER) -> None:
    page.goto(f"{backend.url}/seller")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#seller-user")).to_have_text(username)
    expect(page.locator("#seller-id")).to_have_text(seller)


def assert_no_customer_contact(page: Page, claim: dict[str, Any]) -> None:
    """Nothing on the page reaches the customer: no email, name, postal code or conversation."""
    shown = page.locator("body").inner_text()
    for contact in (DANA, "Dana", "97201", claim["conversation_id"]):
        assert contact not in shown, contact


def test_a_seller_rejects_a_claim_with_a_statement_and_a_file(
    new_page: Callable[..., Page], backend: Backend, tmp_path: Path
) -> None:
    claim = backend.file_claim(
        picture(tmp_path / "rug.png", "#3b2a1a", "customer's rug"), "1500.00"
    )
    assert claim["status"] == "awaiting_seller", claim["decision"]
    page = new_page()
    sign_in(page, backend)

    page.locator(".queue-item", has_text=claim["reference"]).click()
    expect(page.locator("#claim-title")).to_have_text(f"Claim {claim['reference']}")
    expect(page.locator("#claim-facts")).to_contain_text("scorched rug and floor")
    expect(page.locator("#deadline-left")).to_contain_text("6 days")
    page.get_by_role("button", name=f"View Customer's file {claim['evidence'][0]['id']}").click()
    photo = page.locator("#file-preview img")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.naturalWidth") == 480
    assert_no_customer_contact(page, claim)

    page.get_by_label("Reject, with your defence").check()
    page.get_by_label("Statement (required to reject)").fill(DEFENCE)
    page.get_by_label("Your files (photos or PDFs, optional)").set_input_files(
        str(picture(tmp_path / "manual.png", "#0b5cad", "manual, page 3"))
    )
    screenshot(page, "seller-portal")
    page.get_by_role("button", name="Send your answer").click()

    expect(page.locator("#claim-status")).to_have_text("Rejected by you: in dispute")
    expect(page.locator("#claim-answers")).to_contain_text(DEFENCE)
    expect(page.locator("#response")).to_be_hidden()
    assert_no_customer_contact(page, claim)

    desk = backend.admin("GET", f"/api/claims/{claim['reference']}")
    assert desk["status"] == "seller_rejected"
    [response] = desk["seller_responses"]
    assert (response["action"], response["statement"]) == ("reject", DEFENCE)
    [file_id] = response["evidence_ids"]
    assert desk["events"][-1]["actor"] == f"seller:{SELLER}:{USERNAME}"
    assert desk["events"][-1]["note"] == DEFENCE

    # An admin on the desk finds the dispute waiting, with the seller's statement and file.
    desk_page = new_page()
    desk_sign_in(desk_page, backend.url, ADMIN, ADMIN_PASSWORD)
    waiting = desk_page.locator(".desk-item[data-kind='dispute']", has_text=claim["reference"])
    expect(waiting).to_contain_text("seller S-INS")
    waiting.get_by_role("link", name=claim["reference"]).click()
    expect(desk_page.locator("#claim-status")).to_have_text("seller rejected")
    expect(desk_page.locator("#claim-money")).to_contain_text(DEFENCE)
    defence = desk_page.locator(f".evidence-item[data-evidence-id='{file_id}']")
    expect(defence).to_contain_text("from the seller")
    image = defence.get_by_role("img", name=f"Photo {file_id}")
    expect(image).to_be_visible()
    assert image.evaluate("image => image.naturalWidth") == 480

    # The desk upholds the defence: the seller still sees the claim, denied, nobody paying.
    desk_page.get_by_label("Note (kept in the timeline)").fill("The manual forbids the cord.")
    desk_page.get_by_role("button", name="Uphold the seller's defence").click()
    expect(desk_page.locator("#claim-status")).to_have_text("denied")
    page.reload()
    page.locator(".queue-item", has_text=claim["reference"]).click()
    expect(page.locator("#claim-status")).to_have_text("Denied")
    expect(page.locator("#claim-outcome")).to_contain_text("Nobody")


def test_the_insurance_page_shows_the_requirement_and_files_a_policy(
    new_page: Callable[..., Page], backend: Backend, tmp_path: Path
) -> None:
    status = backend.admin("GET", f"/api/admin/sellers/{SELLER}/insurance")
    assert status["required"] and status["proof_due"]
    page = new_page()
    sign_in(page, backend)

    page.get_by_role("button", name="Insurance").click()
    requirement = page.locator("#requirement")
    expect(requirement).to_contain_text(f"Yes, since {TODAY.strftime('%Y-%m')}")
    expect(requirement).to_contain_text("$12,500.00")
    expect(requirement).to_contain_text(status["proof_due"])
    expect(page.locator("#policies")).to_contain_text("PL-T")
    expect(page.locator("#policies")).to_contain_text("Verified")

    form = page.locator("#policy")
    form.get_by_label("Policy number").fill("PL-2027-88")
    form.get_by_label("Insurer").fill("Harbor Casualty")
    form.get_by_label("Limit per occurrence (USD)").fill("2000000.00")
    form.get_by_label("The marketplace is named as additional insured").check()
    form.get_by_label("Valid from").fill(TODAY.isoformat())
    form.get_by_label("Valid to").fill(TODAY.replace(year=TODAY.year + 1).isoformat())
    form.get_by_label("Policy document (PDF or photo)").set_input_files(
        str(policy_document(tmp_path / "declarations.pdf"))
    )
    form.get_by_role("button", name="File the policy").click()

    expect(page.locator("#policy-done")).to_contain_text("PL-2027-88 is filed")
    row = page.locator("#policies tr", has_text="PL-2027-88")
    expect(row).to_contain_text("Pending verification")
    expect(row).to_contain_text("$2,000,000.00")
    row.get_by_role("button").click()
    expect(page.locator("#policy-preview a")).to_contain_text("application/pdf")

    desk = backend.admin("GET", f"/api/admin/sellers/{SELLER}/insurance")
    [filed] = [p for p in desk["policies"] if p["policy_number"] == "PL-2027-88"]
    assert (filed["verification"], filed["submitted_by"]) == ("pending", "seller")
    assert backend.admin("GET", f"/api/evidence/{filed['proof_evidence_id']}").startswith(b"%PDF")


def test_the_metrics_page_counts_over_the_chosen_period(
    new_page: Callable[..., Page], backend: Backend, tmp_path: Path
) -> None:
    photo = picture(tmp_path / "kettle.png", "#5b6575", "kettle base")
    small = backend.file_claim(photo, "150.00", SAM, MULTI_ITEM_ORDER, KETTLE["sku"])
    assert small["status"] == "concession_paid", small["decision"]
    wanted = backend.admin("GET", f"/api/admin/sellers/{SELLER}/metrics?days=30")
    assert wanted["concessions"] >= 1
    page = new_page()
    sign_in(page, backend)

    page.get_by_role("button", name="Metrics").click()
    page.get_by_label("Period: the last").select_option("30")

    figures = page.locator("#metrics")
    for label, key in (
        ("Orders", "orders"),
        ("Claims", "claims"),
        ("Concessions paid by the marketplace", "concessions"),
        ("Claims counting as defects", "odr_claims"),
    ):
        figure = figures.locator("div", has=page.locator(f"dt:text-is('{label}')"))
        expect(figure.locator("dd")).to_have_text(str(wanted[key]))


def test_a_seller_gets_quotes_and_picks_one(
    new_page: Callable[..., Page], backend: Backend, insurers: list[FakeInsurer]
) -> None:
    backend.admin("POST", "/api/admin/marketplace", {"sellers": [GROWING]})
    seller_user(backend.env, GROWING["id"], GROWING_USER, PASSWORD)
    page = new_page()
    sign_in(page, backend, GROWING_USER, GROWING["id"])

    page.get_by_role("button", name="Insurance").click()
    quotes = page.locator("#quotes")
    expect(quotes).to_contain_text("$8,000")  # why it is offered: within 20 % of the threshold
    quotes.get_by_role("button", name="Get quotes").click()

    offers = quotes.locator(".offer")
    expect(offers).to_have_count(2)
    cheapest, other = offers.nth(0), offers.nth(1)
    for text in ("Harbor Insurance", "$1,450.50 a year", "$1,000,000.00", "$2,000,000.00"):
        expect(cheapest).to_contain_text(text)
    expect(cheapest.locator("dd").nth(2)).to_have_text("$1,000.00")  # the deductible
    for text in ("Mutual Co", "$1,900.00 a year"):
        expect(other).to_contain_text(text)
    expect(other.locator("dd").nth(2)).to_have_text("$500.00")
    expect(page.locator("#quotes-unavailable")).to_contain_text("down-co")
    screenshot(page, "seller-quotes")

    quotes.get_by_role("button", name="Choose the offer of Harbor Insurance").click()
    expect(page.locator("#quote-chosen")).to_contain_text("policy harbor-HQ-1 is pending")
    expect(cheapest).to_contain_text("Chosen: policy harbor-HQ-1")
    expect(quotes.get_by_role("button", name="Choose the offer of Mutual Co")).to_have_count(0)
    row = page.locator("#policies tr", has_text="harbor-HQ-1")
    expect(row).to_contain_text("Harbor Insurance")
    expect(row).to_contain_text("Pending verification")

    status = backend.admin("GET", f"/api/admin/sellers/{GROWING['id']}/insurance")
    [policy] = [p for p in status["policies"] if p["policy_number"] == "harbor-HQ-1"]
    assert (policy["verification"], policy["submitted_by"]) == ("pending", "partner_quote")
    # Each partner was asked once, for this seller.
    assert [len(fake.requests) for fake in insurers] == [1, 1, 1]
    assert insurers[0].requests[0]["body"]["seller"]["id"] == GROWING["id"]
