"""The claims desk's pages: one page at every desk address, never framed, scripts from this
origin only, evidence shown from blobs; its scripts served as static files."""

from __future__ import annotations

import pytest

DESK_ADDRESSES = ["/desk", "/desk/sellers", "/desk/claims/CLM-ABCD1234"]


@pytest.mark.parametrize("address", DESK_ADDRESSES)
async def test_every_desk_address_answers_the_desk_page_unframed(client, address):
    response = await client.get(address)

    assert response.status == 200
    assert response.content_type == "text/html"
    page = await response.text()
    assert "<title>Claims desk</title>" in page
    assert '<script src="/static/desk-start.js"></script>' in page
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "img-src 'self' blob: data:" in policy


async def test_the_desk_scripts_are_served_and_nothing_beside_them(client):
    for name in [
        "staff-session.js",
        "desk.js",
        "desk-queue.js",
        "desk-claim.js",
        "desk-sellers.js",
        "desk-start.js",
        "desk.css",
    ]:
        response = await client.get(f"/static/{name}")
        assert response.status == 200, name

    assert (await client.get("/desk/claims/CLM-A/evidence")).status == 404
