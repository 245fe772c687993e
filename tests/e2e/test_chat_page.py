"""A customer files a claim on the web chat page, in a real browser, with a photo."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.recent_marketplace import (
    CHAT_PAGE_ORDER,
    DANA,
    PERSONA_ITEMS,
    SINGLE_ITEM_ORDER,
    persona_email,
    persona_order_id,
)

from .browser import PHONE, ChatPage
from .chat import Chat, png_image

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")


def test_customer_files_a_claim_with_a_photo_and_a_reload_keeps_it(
    chat_page: ChatPage, chat: Chat, tmp_path: Path
) -> None:
    incident = (date.today() - timedelta(days=10)).isoformat()
    order, email = persona_order_id(CHAT_PAGE_ORDER), persona_email(CHAT_PAGE_ORDER)
    photo = tmp_path / "rug.png"
    photo.write_bytes(png_image())

    chat_page.say(
        "Hi, my space heater caught fire, damaged my rug and burned my right hand", "order"
    )
    chat_page.say(order, "email")
    chat_page.say(email, "when did it happen")
    chat_page.say(incident, "cost")
    chat_page.say("$350", "treatment")
    chat_page.click_button("First aid", "medical costs")
    assert chat_page.customer_messages()[-1] == "First aid"  # the title, not the payload
    chat_page.say("0", "earnings")
    chat_page.say("0", "attach")

    with chat_page.page.expect_response("**/api/evidence") as uploaded:
        summary = chat_page.attach(str(photo), "shall i file it")
    assert uploaded.value.status == 201
    evidence_id = uploaded.value.json()["id"]
    assert "📎 rug.png" in chat_page.customer_messages()[-1]
    expect(chat_page.page.locator(".message.customer img.thumbnail")).to_be_visible()
    assert "350" in summary and "heater" in summary.lower(), summary
    confirmation = chat_page.click_button("Yes, file it", REFERENCE.pattern)

    reference = REFERENCE.search(confirmation).group()
    conversation_id = chat_page.conversation_id
    status, body = chat.backend("GET", f"/api/admin/claims?conversation_id={conversation_id}")
    assert status == 200 and len(body["claims"]) == 1, body
    claim = body["claims"][0]
    assert claim["reference"] == reference
    assert claim["order_id"] == order and claim["sku"] == PERSONA_ITEMS["heater"][0]
    assert claim["incident_date"] == incident
    assert claim["claimed_total"] == "350.00"
    assert claim["injury"]["treatment"] == "first_aid"
    assert claim["channel"] == "socketio"
    assert [item["id"] for item in claim["evidence"]] == [evidence_id]

    # A reload shows the same conversation and carries on with it.
    shown = chat_page.page.locator("#log").inner_text()
    chat_page.page.reload()
    chat_page.page.wait_for_selector("body[data-conversation-id]")
    assert chat_page.conversation_id == conversation_id
    expect(chat_page.page.locator("#log")).to_contain_text(reference)
    reloaded = chat_page.page.locator("#log").inner_text()
    for line in (order, email, "📎 rug.png", "First aid", reference):
        assert line in shown and line in reloaded, reloaded


def test_a_file_of_the_wrong_type_is_refused_before_anything_is_sent(
    chat_page: ChatPage, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")

    chat_page.page.set_input_files("#file", str(notes))

    error = chat_page.page.locator("#chat-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("notes.txt")
    expect(error).to_contain_text("photo (JPEG, PNG, WebP or HEIC) or a PDF")
    assert chat_page.customer_messages() == []

    # A file that only claims to be a photo passes the page's check; the backend's refusal
    # (415, it looks at the content) is shown in its own words, and still nothing is sent.
    fake = tmp_path / "fake.png"
    fake.write_text("not a photo either")
    with chat_page.page.expect_response("**/api/evidence") as refused:
        chat_page.page.set_input_files("#file", str(fake))
    assert refused.value.status == 415
    expect(error).to_have_text(refused.value.json()["errors"][0]["message"])
    assert chat_page.customer_messages() == []


def test_the_chat_fits_a_phone_screen(new_page: Callable[..., Page], site: str) -> None:
    phone = ChatPage(new_page(viewport=PHONE), site).open()
    phone.say("my kettle leaked and scalded my hand", "order")

    widths = phone.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == PHONE["width"], widths
    for control in ("#message", "#send", "label[for=file]"):
        box = phone.page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], control


def test_the_keyboard_alone_sends_a_message(chat_page: ChatPage) -> None:
    page = chat_page.page
    page.locator("body").focus()
    # Tab from the top of the page to the message box, as a keyboard user would.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    before = len(chat_page.replies())
    page.keyboard.type("I want to file a claim")
    page.keyboard.press("Enter")

    chat_page.wait_for_replies(before, "order")
    assert chat_page.customer_messages() == ["I want to file a claim"]
    assert page.evaluate("document.activeElement.id") == "message"


def test_a_signed_in_customer_is_not_asked_for_an_email(
    new_page: Callable[..., Page], site: str, chat: Chat
) -> None:
    status, issued = chat.backend(
        "POST",
        "/api/customer-tokens",
        token="CLAIMS_SERVICE_TOKEN",
        body=json.dumps({"email": DANA}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 201, issued
    page = new_page()
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    signed_in = ChatPage(page, site).open(f"#customer_token={issued['token']}")

    expect(page.locator("#signed-in")).to_be_visible()
    assert "customer_token" not in page.url  # not left in the address bar or the history
    # A fragment never travels to the server: the token is in no access log.
    assert issued["token"] not in (chat.stack.log_dir / "backend.log").read_text()
    signed_in.say("my space heater caught fire and burned my rug", "order")
    reply = signed_in.say(SINGLE_ITEM_ORDER, "when did it happen")
    assert "email" not in reply.lower(), reply
    messages = [frame for frame in sent if "user_uttered" in frame]
    assert len(messages) == 2 and all(issued["token"] in frame for frame in messages), sent
    # The conversation ends with the tab: the next person on this browser starts afresh.
    assert page.evaluate("localStorage.getItem('claimsChat.session')") is None
    assert page.evaluate("sessionStorage.getItem('claimsChat.session')")
