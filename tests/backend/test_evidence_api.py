"""Uploading evidence: type checked by content, size-limited, stored under its digest."""

from __future__ import annotations

import hashlib

import pytest
from aiohttp import FormData
from sqlalchemy import select

from backend.models import Evidence
from tests.backend import evidence_files
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import DANA_EMAIL, claim_body


def form(content, filename="photo.jpg", content_type="image/jpeg", conversation_id=None):
    data = FormData()
    data.add_field("file", content, filename=filename, content_type=content_type)
    if conversation_id is not None:
        data.add_field("conversation_id", conversation_id)
    return data


async def upload(client, data, headers=SERVICE):
    response = await client.post("/api/evidence", data=data, headers=headers)
    return response.status, await response.json()


def stored_files(settings):
    if not settings.evidence_dir.exists():
        return []
    return sorted(path.name for path in settings.evidence_dir.iterdir())


ACCEPTED = {
    "jpeg": (evidence_files.jpeg(), "image/jpeg"),
    "png": (evidence_files.png(), "image/png"),
    "pdf": (evidence_files.pdf(), "application/pdf"),
    "webp": (evidence_files.webp(), "image/webp"),
    "heic": (evidence_files.heic(), "image/heic"),
}


@pytest.mark.parametrize("content, content_type", ACCEPTED.values(), ids=ACCEPTED.keys())
async def test_photos_and_pdfs_are_stored_under_their_digest(
    client, db, settings, content, content_type
):
    # The declared type and name are ignored: only the bytes count.
    status, receipt = await upload(
        client, form(content, "upload.bin", "application/octet-stream", "conv-7")
    )

    digest = hashlib.sha256(content).hexdigest()
    assert status == 201
    assert receipt["id"].startswith("EV-")
    assert receipt == {
        "id": receipt["id"],
        "sha256": digest,
        "content_type": content_type,
        "size": len(content),
    }
    assert (settings.evidence_dir / digest).read_bytes() == content
    with db() as session:
        row = session.get(Evidence, receipt["id"])
        assert (row.sha256, row.content_type, row.size) == (digest, content_type, len(content))
        assert row.conversation_id == "conv-7"
        assert row.original_filename == "upload.bin"


HOSTILE = {
    "exe renamed .jpg": (evidence_files.windows_executable(), "holiday.jpg"),
    "text renamed .jpg": (b"hello, this is not a photo at all", "photo.jpg"),
    "zip renamed .pdf": (evidence_files.zip_archive(), "invoice.pdf"),
    "svg with script": (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "a.png"),
}


@pytest.mark.parametrize("content, filename", HOSTILE.values(), ids=HOSTILE.keys())
async def test_other_files_are_refused_by_content(client, db, settings, content, filename):
    status, answer = await upload(client, form(content, filename))

    assert status == 415
    assert answer["errors"][0]["code"] == "unsupported_file_type"
    assert stored_files(settings) == []
    with db() as session:
        assert session.execute(select(Evidence)).first() is None


async def test_a_file_over_the_limit_is_413(client, db, settings):
    content = evidence_files.jpeg(padding=settings.evidence_max_bytes)

    status, answer = await upload(client, form(content))

    assert status == 413
    assert answer["errors"][0]["code"] == "too_large"
    assert stored_files(settings) == []
    with db() as session:
        assert session.execute(select(Evidence)).first() is None


async def test_a_file_just_under_the_limit_is_accepted(client, settings):
    content = evidence_files.jpeg(padding=settings.evidence_max_bytes - 100)

    status, receipt = await upload(client, form(content))

    assert status == 201
    assert receipt["size"] == len(content)


async def test_an_empty_file_is_refused(client, settings):
    status, answer = await upload(client, form(b""))

    assert status == 422
    assert (answer["errors"][0]["code"], answer["errors"][0]["field"]) == ("empty_file", "file")
    assert stored_files(settings) == []


async def test_a_form_without_a_file_is_refused(client):
    data = FormData()
    data.add_field("conversation_id", "conv-1")
    data.add_field("other", b"x", filename="x.txt")

    status, answer = await upload(client, data)

    assert status == 422
    assert (answer["errors"][0]["code"], answer["errors"][0]["field"]) == ("required", "file")


async def test_a_body_that_is_not_multipart_is_refused(client):
    response = await client.post("/api/evidence", json={"file": "abc"}, headers=SERVICE)

    assert response.status == 415
    assert (await response.json())["errors"][0]["code"] == "unsupported_media_type"


async def test_the_clients_file_name_cannot_escape_the_evidence_directory(client, db, settings):
    # Written by hand: aiohttp's client would percent-encode the name, a hostile client won't.
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="../../../etc/pass wd.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + evidence_files.png() + b"\r\n--XyZ--\r\n"
    )
    response = await client.post(
        "/api/evidence",
        data=body,
        headers={**SERVICE, "Content-Type": "multipart/form-data; boundary=XyZ"},
    )
    status, receipt = response.status, await response.json()

    assert status == 201
    assert stored_files(settings) == [receipt["sha256"]]
    with db() as session:
        assert session.get(Evidence, receipt["id"]).original_filename == "pass wd.png"


async def test_the_same_file_twice_gets_two_ids_and_is_stored_once(client, settings):
    _, first = await upload(client, form(evidence_files.pdf(), "a.pdf"))
    _, second = await upload(client, form(evidence_files.pdf(), "b.pdf"))

    assert first["id"] != second["id"]
    assert first["sha256"] == second["sha256"]
    assert stored_files(settings) == [first["sha256"]]


async def test_uploading_needs_the_service_token(client, settings):
    anonymous, _ = await upload(client, form(evidence_files.jpeg()), headers={})
    admin, _ = await upload(client, form(evidence_files.jpeg()), headers=ADMIN)

    assert (anonymous, admin) == (401, 403)
    assert stored_files(settings) == []


async def test_evidence_is_attached_to_a_claim_and_shown_with_it(loaded):
    _, photo = await upload(loaded, form(evidence_files.jpeg()))
    _, bill = await upload(loaded, form(evidence_files.pdf(), "bill.pdf"))

    filed = await loaded.post(
        "/api/claims",
        json=claim_body(evidence_ids=[photo["id"], bill["id"], photo["id"]]),
        headers=SERVICE,
    )
    claim = await filed.json()
    shown = await loaded.get(
        f"/api/claims/{claim['reference']}", headers={"X-Customer-Email": DANA_EMAIL}
    )

    assert filed.status == 201
    evidence = (await shown.json())["evidence"]
    assert sorted(
        (item["id"], item["sha256"], item["content_type"]) for item in evidence
    ) == sorted(
        [
            (photo["id"], photo["sha256"], "image/jpeg"),
            (bill["id"], bill["sha256"], "application/pdf"),
        ]
    )
