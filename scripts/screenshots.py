"""Take the README's screenshots of the web pages from a running stack (`make run`).

    .venv/bin/python scripts/screenshots.py --site http://localhost:8000 --agent-token $CLAIMS_AGENT_TOKEN

A customer starts a claim on the chat page (docs/screenshots/chat.png) and asks for a person; an
agent signs in on the console and opens that conversation (docs/screenshots/agent-console.png).
It files nothing: the claim is left at its incident date question.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
# The demo marketplace's (data/demo/marketplace.json) first order and its customer.
ORDER_ID = "112-1234567-1234567"
EMAIL = "dana@example.com"
TIMEOUT_MS = 60_000


def say(page: Page, text: str, expect_reply: str) -> None:
    """Send a chat message and wait until the conversation shows `expect_reply`."""
    page.fill("#message", text)
    page.press("#message", "Enter")
    expect(page.locator(".message:not(.customer)").last).to_contain_text(
        expect_reply, ignore_case=True, timeout=TIMEOUT_MS
    )


def chat(page: Page, site: str, out: Path) -> str:
    """A customer's first answers on the chat page; returns the conversation id."""
    page.goto(f"{site}/chat")
    page.wait_for_selector("body[data-conversation-id]")
    say(page, "My space heater caught fire and burned my rug", "order number")
    say(page, ORDER_ID, "email address")
    say(page, EMAIL, "when did it happen")
    page.screenshot(path=out / "chat.png")
    say(page, "Can I talk to a person please?", "continue my claim")
    return page.evaluate("document.body.dataset.conversationId")


def agent_console(page: Page, site: str, token: str, conversation_id: str, out: Path) -> None:
    """The agent's view of that conversation, waiting in the queue."""
    page.goto(f"{site}/agent")
    page.get_by_label("Your name").fill("Alex")
    page.get_by_label("Agent token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    waiting = page.locator(".queue-item", has_text=conversation_id)
    waiting.click(timeout=TIMEOUT_MS)
    expect(page.locator("#transcript")).to_contain_text("talk to a person", timeout=TIMEOUT_MS)
    page.screenshot(path=out / "agent-console.png")


def main() -> None:
    """Parse the arguments and take both screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default="http://localhost:8000", help="the backend's URL")
    parser.add_argument("--agent-token", default=os.environ.get("CLAIMS_AGENT_TOKEN"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    if not arguments.agent_token:
        parser.error("--agent-token (or CLAIMS_AGENT_TOKEN) is required")
    arguments.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        customer = browser.new_context(viewport={"width": 420, "height": 760})
        conversation_id = chat(customer.new_page(), arguments.site, arguments.out)
        agent = browser.new_context(viewport={"width": 1280, "height": 800})
        agent_console(
            agent.new_page(), arguments.site, arguments.agent_token, conversation_id, arguments.out
        )
        browser.close()
    print(f"wrote {arguments.out / 'chat.png'} and {arguments.out / 'agent-console.png'}")


if __name__ == "__main__":
    main()
