"""Take the README's screenshots of the chat page and the agent console: `make screenshots`.

It starts the whole product on spare ports with a database of its own (the demo marketplace and
an agent's staff account) under var/screenshots/, and stops it when done; a running `make run`
is neither needed nor touched. A customer starts a claim on the chat page
(docs/screenshots/chat.png) and asks for a person; the agent signs in on the console and opens
that conversation (docs/screenshots/agent-console.png). It files nothing: the claim is left at
its incident date question. (`make screenshots` then takes the desk's and the seller portal's
from their browser tests.)
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright
from stack import (
    DEMO_MARKETPLACE,
    ROOT,
    Ports,
    Stack,
    isolated_environment,
    spare_port,
    staff_account,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
WORKDIR = ROOT / "var" / "screenshots"
AGENT = "demo-agent"
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


def agent_console(page: Page, site: str, password: str, conversation_id: str, out: Path) -> None:
    """The agent, signed in with a staff account, looks at that conversation in the queue."""
    page.goto(f"{site}/agent")
    page.get_by_label("Username").fill(AGENT)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#agent-name")).to_have_text(AGENT, timeout=TIMEOUT_MS)
    page.locator(".queue-item", has_text=conversation_id).click(timeout=TIMEOUT_MS)
    expect(page.locator("#transcript")).to_contain_text("talk to a person", timeout=TIMEOUT_MS)
    page.screenshot(path=out / "agent-console.png")


def take_screenshots(site: str, password: str, out: Path) -> None:
    """Both screenshots, a phone-sized customer and a desktop-sized agent."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        customer = browser.new_context(viewport={"width": 420, "height": 760})
        conversation_id = chat(customer.new_page(), site, out)
        agent = browser.new_context(viewport={"width": 1280, "height": 800})
        agent_console(agent.new_page(), site, password, conversation_id, out)
        browser.close()


def main() -> None:
    """Start a stack of its own, take both screenshots, stop it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir(parents=True)

    env = isolated_environment(WORKDIR, json.loads(DEMO_MARKETPLACE.read_text()))
    password = secrets.token_urlsafe(12)
    staff_account(env, AGENT, "agent", password)
    ports = Ports(backend=spare_port(), actions=spare_port(), rasa=spare_port())
    # The chat page dials Rasa's socket.io on the page's host at port 5005 unless told otherwise.
    env["CLAIMS_RASA_PUBLIC_URL"] = f"http://127.0.0.1:{ports.rasa}"
    stack = Stack(env=env, ports=ports, log_dir=WORKDIR / "log", mail_dir=WORKDIR / "mail")
    print(f"Starting the product on spare ports (logs in {WORKDIR / 'log'}) ...", flush=True)
    stack.start()
    try:
        take_screenshots(f"http://127.0.0.1:{ports.backend}", password, arguments.out)
    finally:
        stack.stop()
    print(f"wrote {arguments.out / 'chat.png'} and {arguments.out / 'agent-console.png'}")


if __name__ == "__main__":
    main()
