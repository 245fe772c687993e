"""Running an aiohttp application in a background thread, and what it was asked."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Call:
    """One request a fake received: the API method (or path), its parameters, and when."""

    method: str
    params: dict[str, Any]
    path: str = ""
    at: float = field(default_factory=time.monotonic)


class BackgroundServer:
    """An aiohttp app on 127.0.0.1 and a spare port, served by its own thread and event loop."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.port = _free_port()
        self.calls: list[Call] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner = web.AppRunner(app)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, method: str, params: dict[str, Any], path: str = "") -> None:
        self.calls.append(Call(method, params, path))

    def start(self) -> BackgroundServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _serve(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def calls_of(self, method: str, since: int = 0) -> list[Call]:
        """The calls of one method, from the `since`-th call on."""
        return [call for call in self.calls[since:] if call.method == method]

    def wait_for(self, found: Callable[[], Any], timeout: float = 30) -> Any:
        """Poll until `found()` returns something truthy; return it (or fail after `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found()
            if result:
                return result
            time.sleep(0.1)
        raise AssertionError(f"not seen within {timeout}s; calls: {self.calls[-10:]}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
