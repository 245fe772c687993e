"""A person from the claims team takes a web chat over on the agent console and hands it back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from stack import Stack

from tests.recent_marketplace import (
    DANA,
    INTAKE_ORDER,
    PERSONA_ITEMS,
    SINGLE_ITEM_ORDER,
    persona_email,
    persona_order_id,
)

from .browser import ChatPage
from .chat import AGENT, AGENT_PASSWORD, http

pytestmark = pytest.mark.e2e


def sign_in(console: Page, site: str, stack: Stack) -> None:
    """Sign in on the console as AGENT."""
    console.goto(f"{site}/agent")
    console.get_by_label("Username").fill(AGENT)
    console.get_by_label("Password").fill(AGENT_PASSWORD)
    console.get_by_role("button", name="Sign in").click()
    expect(console.locator("#agent-name")).to_have_text(AGENT)


def test_an_agent_takes_over_a_chat_and_hands_it_back(
    new_page: Callable[..., Page], site: str, stack: Stack
) -> None:
    customer = ChatPage(new_page(), site).open()
    customer.say("my space heater caught fire and burned my rug", "order")
    customer.say(SINGLE_ITEM_ORDER, "email")
    customer.say(DANA, "when did it happen")
    customer.say("can I talk to a person please", "colleague")
    conversation_id = customer.conversation_id

    console = new_page()
    sign_in(console, site, stack)
    waiting = console.locator(".queue-item", has_text=conversation_id)
    expect(waiting).to_contain_text("Asked for a person")
    expect(waiting).to_contain_text("web chat")
    expect(waiting).to_contain_text(SINGLE_ITEM_ORDER)
    waiting.click()
    expect(console.locator("#facts")).to_contain_text(DANA)
    expect(console.locator("#transcript")).to_contain_text("can I talk to a person please")

    before = len(customer.replies())
    console.get_by_role("button", name="Take over").click()
    customer.wait_for_replies(before, f"chatting with {AGENT}")
    expect(console.locator("#conversation-status")).to_have_text(f"with {AGENT}")
    expect(waiting).to_contain_text(f"with {AGENT}")
    # The handoff is recorded as taken by the signed-in account, not a name typed in.
    handoff_id = waiting.get_attribute("data-handoff-id")
    status, handoff = http(
        "GET",
        f"{site}/api/agent/handoffs/{handoff_id}",
        headers={"Authorization": f"Bearer {stack.env['CLAIMS_AGENT_TOKEN']}"},
    )
    assert status == 200, handoff
    assert (handoff["status"], handoff["agent"]) == ("active", AGENT)

    console.get_by_label("Message to the customer").fill("Hi, I'm looking at your order now.")
    console.locator("#agent-message").get_by_role("button", name="Send").click()
    from_agent = customer.page.locator(".message.agent").last
    expect(from_agent).to_contain_text("I'm looking at your order now.")
    expect(from_agent.locator(".who")).to_contain_text(AGENT)

    # While the agent has the chat, the customer's answer goes to the agent, not the assistant.
    customer.page.fill("#message", "Thanks! It happened in the living room.")
    customer.page.press("#message", "Enter")
    expect(console.locator("#transcript")).to_contain_text("It happened in the living room.")

    before = len(customer.replies())
    console.get_by_role("button", name="Hand back").click()
    expect(console.locator("#conversation-status")).to_have_text("back with the assistant")
    next_question = customer.wait_for_replies(before, "when did it happen")
    assert "order number" not in next_question.lower(), next_question


def test_an_agent_starts_a_claim_that_the_customer_finishes(
    new_page: Callable[..., Page], site: str, stack: Stack
) -> None:
    customer = ChatPage(new_page(), site).open()
    console = new_page()
    sign_in(console, site, stack)

    before = len(customer.replies())
    intake = console.locator("#intake")
    intake.get_by_label("Channel").select_option("socketio")
    intake.get_by_label("Conversation id").fill(customer.conversation_id)
    intake.get_by_label("Order id").fill(persona_order_id(INTAKE_ORDER))
    intake.get_by_label("Item (optional)").fill("kettle")
    intake.get_by_label("Customer email (optional)").fill(persona_email(INTAKE_ORDER))
    intake.get_by_role("button", name="Start the claim").click()
    expect(console.locator("#conversation-reasons")).to_contain_text("Started by an agent")
    expect(console.locator("#facts")).to_contain_text(persona_email(INTAKE_ORDER))

    # The assistant picks the claim up at its first unknown: not the order, item or email.
    customer.wait_for_replies(before, f"when did it happen with the {PERSONA_ITEMS['kettle'][1]}")
    customer.say((date.today() - timedelta(days=3)).isoformat(), "defective")
    customer.say("the base overheated and melted", "property damage, an injury")
    customer.click_button("Property damage", "describe the property damage")
    customer.say("it scorched my kitchen counter", "cost")
    customer.say("$180", "attach")
    customer.click_button("I have none yet", "shall i file it")
    confirmation = customer.click_button("Yes, file it", r"CLM-[A-Z0-9]{4,}")

    reference = re.search(r"CLM-[A-Z0-9]{4,}", confirmation).group()
    expect(console.locator("#claims")).to_contain_text(reference)
