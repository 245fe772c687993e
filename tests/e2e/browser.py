"""Browser fixtures: Debian's Chromium driven by Playwright against the running stack, and
`ChatPage`, a customer on the web chat page."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from stack import Stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
# How long the assistant may take to answer one message (the action server calls the backend).
REPLY_SECONDS = 60
# Rasa sends one turn's messages action by action: a turn is over after this long without more.
QUIET_SECONDS = 1.5
# A folder (docs/screenshots: `make screenshots`) to save the README's screenshots of the pages.
SCREENSHOTS = os.environ.get("CLAIMS_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium (the system's; Playwright's own download is not used)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(stack: Stack) -> str:
    """The base URL of the backend, which serves the web pages."""
    return f"http://127.0.0.1:{stack.ports.backend}"


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (its own storage: another person); closed after."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def open_page(viewport: dict[str, int] = DESKTOP) -> Page:
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(REPLY_SECONDS * 1000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    # A script error on a page is a failure of the page, not something to scroll past.
    assert not errors, errors


def screenshot(page: Page, name: str) -> None:
    """Save the whole page as `name`.png in CLAIMS_SCREENSHOTS, when set."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@dataclass
class ChatPage:
    """A customer on `/chat`: types, clicks buttons, attaches files, reads the replies."""

    page: Page
    site: str

    def open(self, query: str = "") -> ChatPage:
        """Load the chat page and wait until it is connected to the assistant."""
        self.page.goto(f"{self.site}/chat{query}")
        self.page.wait_for_selector("body[data-conversation-id]")
        return self

    @property
    def conversation_id(self) -> str:
        return self.page.evaluate("document.body.dataset.conversationId")

    def replies(self) -> list[str]:
        """The texts of every message from the assistant or an agent so far."""
        return self.page.locator(
            ".message.assistant .bubble, .message.agent .bubble"
        ).all_inner_texts()

    def customer_messages(self) -> list[str]:
        return self.page.locator(".message.customer .bubble").all_inner_texts()

    def wait_for_replies(self, before: int, expect: str | None = None) -> str:
        """The replies after the first `before`, once they match `expect` (a regex, case
        insensitive) or, without one, once the turn is over."""
        deadline = time.monotonic() + REPLY_SECONDS
        seen, quiet_since = before, time.monotonic()
        while time.monotonic() < deadline:
            replies = self.replies()
            text = "\n".join(replies[before:])
            if expect is not None and re.search(expect, text, re.IGNORECASE):
                return text
            if len(replies) != seen:
                seen, quiet_since = len(replies), time.monotonic()
            elif (
                expect is None and seen > before and time.monotonic() - quiet_since > QUIET_SECONDS
            ):
                return text
            time.sleep(0.2)
        raise AssertionError(
            f"no reply{f' matching {expect!r}' if expect else ''} after {REPLY_SECONDS}s; "
            f"the page shows: {self.page.locator('#log').inner_text()}"
        )

    def say(self, text: str, expect: str | None = None) -> str:
        """Type a message and press Enter; return the assistant's replies to it."""
        before = len(self.replies())
        self.page.fill("#message", text)
        self.page.press("#message", "Enter")
        return self.wait_for_replies(before, expect)

    def click_button(self, title: str, expect: str | None = None) -> str:
        """Click the quick reply titled `title` in the latest message; return the replies."""
        before = len(self.replies())
        self.page.locator(".message").last.get_by_role("button", name=title).click()
        return self.wait_for_replies(before, expect)

    def attach(self, path: str, expect: str | None = None) -> str:
        """Choose a file with the attach button's file input; return the replies."""
        before = len(self.replies())
        self.page.set_input_files("#file", path)
        return self.wait_for_replies(before, expect)


@pytest.fixture
def chat_page(new_page: Callable[..., Page], site: str) -> ChatPage:
    """A customer with a fresh browser on the chat page."""
    return ChatPage(new_page(), site).open()
