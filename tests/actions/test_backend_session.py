"""The action server keeps one session to the backend: its calls share a kept-alive connection,
and the session closes when the server stops."""

from __future__ import annotations

from aiohttp import web

from actions.backend_session import backend_session, close_backend_session
from actions.claims_backend import ClaimsBackend
from actions.settings import BackendSettings

ORDER_ID = "112-0000000-0000001"


async def test_backend_calls_share_one_connection_until_the_server_stops(aiohttp_server):
    peers = []

    async def order(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"id": ORDER_ID, "delivered_at": None, "items": []})

    app = web.Application()
    app.router.add_get("/api/orders/{order_id}", order)
    server = await aiohttp_server(app)
    backend = ClaimsBackend(
        BackendSettings(base_url=str(server.make_url("")).rstrip("/"), service_token="t")
    )

    first = await backend.get_order(ORDER_ID)
    second = await backend.get_order(ORDER_ID)
    session = backend_session()
    await close_backend_session()

    assert first.id == second.id == ORDER_ID
    assert len(peers) == 2 and peers[0] == peers[1]  # one session, one kept-alive connection
    assert session.closed
    assert backend_session() is not session  # a new one on the next call
    await close_backend_session()
