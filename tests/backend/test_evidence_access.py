"""Opening an uploaded file (GET /api/evidence/{id}): staff any, a seller only those of its
claims put before it and its own, everyone else nothing; never where the file lies."""

from __future__ import annotations

from aiohttp import FormData

from tests.backend import evidence_files
from tests.backend.claim_steps import file_claim, file_suspicious_claim, upload
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.desk_steps import sign_in
from tests.backend.marketplace_data import harm
from tests.backend.seller_side import ACME, BARE


async def test_staff_open_a_claims_photo_by_its_id_only(desk, settings) -> None:
    photo = evidence_files.png()
    evidence = await upload(desk, photo)
    await file_claim(desk, **harm("4000.00"), evidence_ids=[evidence])
    for headers in (await sign_in(desk, "Eve", "expert"), await sign_in(desk), ADMIN):
        response = await desk.get(f"/api/evidence/{evidence}", headers=headers)
        assert response.status == 200
        assert await response.read() == photo
        assert response.content_type == "image/png"
        assert response.headers["Content-Disposition"] == f'inline; filename="{evidence}.png"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert str(settings.evidence_dir) not in str(response.headers)


async def test_the_claims_seller_opens_it_another_seller_and_programs_do_not(desk) -> None:
    evidence = await upload(desk)
    await file_claim(desk, **harm("4000.00"), evidence_ids=[evidence])
    assert (await desk.get(f"/api/evidence/{evidence}", headers=ACME)).status == 200
    other = await desk.get(f"/api/evidence/{evidence}", headers=BARE)
    assert other.status == 404 and (await other.json())["errors"][0]["code"] == "not_found"
    for program in (SERVICE, AGENT):
        assert (await desk.get(f"/api/evidence/{evidence}", headers=program)).status == 403
    assert (await desk.get(f"/api/evidence/{evidence}")).status == 401


async def test_a_seller_never_opens_the_photos_of_a_claim_under_review(desk) -> None:
    evidence = await upload(desk)
    await file_suspicious_claim(desk, evidence_ids=[evidence])
    assert (await desk.get(f"/api/evidence/{evidence}", headers=ACME)).status == 404
    assert (await desk.get(f"/api/evidence/{evidence}", headers=ADMIN)).status == 200


async def test_a_seller_opens_the_defence_file_it_uploaded(desk) -> None:
    claim = await file_claim(desk, **harm("4000.00"))
    form = FormData()
    form.add_field("file", evidence_files.pdf(), filename="report.pdf")
    defence = (await (await desk.post("/api/evidence", data=form, headers=ACME)).json())["id"]
    response = await desk.post(
        f"/api/seller/claims/{claim['reference']}/response",
        json={"action": "reject", "statement": "the rug was old", "evidence_ids": [defence]},
        headers=ACME,
    )
    assert response.status == 200, await response.text()
    opened = await desk.get(f"/api/evidence/{defence}", headers=ACME)
    assert opened.status == 200 and opened.content_type == "application/pdf"
    assert (await desk.get(f"/api/evidence/{defence}", headers=BARE)).status == 404


async def test_naming_a_customers_photo_in_a_response_does_not_open_it(desk) -> None:
    # Dana's heater claim (seller A) has a photo; seller B names its id in its own answer.
    photo = await upload(desk)
    await file_claim(desk, **harm("4000.00"), evidence_ids=[photo])
    kettle = await file_claim(desk, **harm("4000.00"), sku="B0KETTLE02")
    response = await desk.post(
        f"/api/seller/claims/{kettle['reference']}/response",
        json={"action": "reject", "statement": "see this", "evidence_ids": [photo]},
        headers=BARE,
    )
    assert response.status == 200, await response.text()
    assert (await desk.get(f"/api/evidence/{photo}", headers=BARE)).status == 404


async def test_an_unknown_or_forgotten_file(desk, settings) -> None:
    assert (await desk.get("/api/evidence/EV-NOSUCHFILE", headers=ADMIN)).status == 404
    evidence = await upload(desk)
    with_digest = await desk.get(f"/api/evidence/{evidence}", headers=ADMIN)
    for stored in settings.evidence_dir.iterdir():
        stored.unlink()
    gone = await desk.get(f"/api/evidence/{evidence}", headers=ADMIN)
    assert with_digest.status == 200 and gone.status == 410
    assert (await gone.json())["errors"][0]["code"] == "evidence_forgotten"
