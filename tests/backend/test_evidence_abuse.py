"""Uploads nobody can abuse (issue 11): a file that is a PDF and something else at once is
refused, and one conversation cannot fill the disk. Nothing refused is stored."""

from __future__ import annotations

import dataclasses

import pytest
from aiohttp import FormData
from sqlalchemy import func, select

from backend.api.app import create_app
from backend.models import Evidence
from tests.backend import evidence_files
from tests.backend.conftest import SERVICE

PDF = evidence_files.pdf()
POLYGLOTS = {
    "image a PDF reader opens": evidence_files.jpeg()[:20] + PDF + evidence_files.jpeg()[20:],
    "PDF carrying a ZIP": PDF.replace(b"trailer", evidence_files.zip_archive() + b"trailer"),
    "PDF carrying a web page": PDF.replace(b"endobj", b"endobj <html><script>x()</script>"),
    "PDF with a file after its end": PDF + evidence_files.png(),
}


def form(content: bytes, conversation_id: str | None = None) -> FormData:
    data = FormData()
    data.add_field("file", content, filename="file.pdf")
    if conversation_id:
        data.add_field("conversation_id", conversation_id)
    return data


def stored(db) -> int:
    with db() as session:
        return session.execute(select(func.count()).select_from(Evidence)).scalar_one()


@pytest.mark.parametrize("content", POLYGLOTS.values(), ids=POLYGLOTS.keys())
async def test_a_polyglot_is_refused_and_nothing_stored(client, db, settings, content):
    response = await client.post("/api/evidence", data=form(content), headers=SERVICE)

    assert response.status == 415
    assert (await response.json())["errors"][0]["code"] == "polyglot_file"
    assert stored(db) == 0
    assert not settings.evidence_dir.exists() or not any(settings.evidence_dir.iterdir())


async def test_a_plain_pdf_and_photo_still_pass(client):
    for content in (PDF, evidence_files.png(), evidence_files.jpeg()):
        response = await client.post("/api/evidence", data=form(content), headers=SERVICE)
        assert response.status == 201, await response.text()


async def test_one_conversation_uploads_a_bounded_number_of_files_and_bytes(
    aiohttp_client, settings, db
):
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, conversation_max_files=2))
    )
    statuses = []
    for padding in (10, 20, 30):
        data = form(evidence_files.jpeg(padding), "web-flood")
        statuses.append((await client.post("/api/evidence", data=data, headers=SERVICE)).status)
    other = form(evidence_files.jpeg(40), "web-other")

    assert statuses == [201, 201, 429]
    assert (await client.post("/api/evidence", data=other, headers=SERVICE)).status == 201
    assert stored(db) == 3


async def test_one_conversation_uploads_a_bounded_number_of_bytes(aiohttp_client, settings, db):
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, conversation_max_bytes=250))
    )
    first = form(evidence_files.jpeg(100), "web-big")
    second = form(evidence_files.jpeg(200), "web-big")

    assert (await client.post("/api/evidence", data=first, headers=SERVICE)).status == 201
    refused = await client.post("/api/evidence", data=second, headers=SERVICE)
    assert refused.status == 429
    assert (await refused.json())["errors"][0]["code"] == "upload_limit_reached"
    assert stored(db) == 1
