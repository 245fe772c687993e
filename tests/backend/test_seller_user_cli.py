"""`python -m backend seller-user create|disable|reset`: the people of a seller who sign in to
the seller portal, passwords kept as argon2id hashes, never taken from the command line."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from backend.__main__ import main
from backend.models import SellerUser


@pytest.fixture
def cli(loaded, settings, monkeypatch):
    """The command line on the database of ``loaded`` (the test marketplace's sellers)."""
    monkeypatch.setenv("CLAIMS_DATABASE_URL", settings.database_url)

    def run(*arguments: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main(["seller-user", *arguments])

    return run


def user(db, username):
    with db() as session:
        return session.execute(
            select(SellerUser).where(SellerUser.username == username)
        ).scalar_one_or_none()


async def test_a_user_is_created_for_its_seller_and_signs_in(cli, loaded, db, capsys):
    created = cli(
        "create",
        "S-ACME",
        "alice",
        "--email",
        "alice@acme.example",
        "--password-stdin",
        stdin="a long passphrase\n",
    )

    assert created == 0
    stored = user(db, "alice")
    assert (stored.seller_id, stored.email, stored.disabled) == (
        "S-ACME",
        "alice@acme.example",
        False,
    )
    assert stored.password_hash.startswith("$argon2id$")
    assert "alice: created" in capsys.readouterr().out
    response = await loaded.post(
        "/api/seller/sign-in", json={"username": "alice", "password": "a long passphrase"}
    )
    assert (await response.json())["seller_id"] == "S-ACME"


def test_without_a_password_one_is_generated_and_shown_once(cli, capsys):
    assert cli("create", "S-ACME", "alice") == 0

    shown = capsys.readouterr().out
    assert "password: " in shown and len(shown.split("password: ")[1].strip()) >= 16


@pytest.mark.parametrize(
    "arguments, stdin, complaint",
    [
        (("create", "S-ACME", "x", "--password-stdin"), "short\n", "at least 12"),
        (("create", "S-NOBODY", "alice"), "", "no seller 'S-NOBODY'"),
        (("create", "S-ACME", "alice:admin"), "", "letters, digits"),
        (("disable", "nobody"), "", "no seller user"),
        (("reset", "nobody", "--password-stdin"), "a long passphrase\n", "no seller user"),
    ],
)
def test_what_cannot_be_done_is_refused(cli, db, capsys, arguments, stdin, complaint):
    assert cli(*arguments, stdin=stdin) == 1
    assert complaint in capsys.readouterr().err
    with db() as session:
        assert session.execute(select(SellerUser)).first() is None


def test_a_taken_username_is_refused_even_for_another_seller(cli, capsys):
    assert cli("create", "S-ACME", "alice") == 0
    assert cli("create", "S-BARE", "alice") == 1
    assert "exists already" in capsys.readouterr().err


def test_disable_and_reset(cli, db):
    cli("create", "S-ACME", "alice")

    assert cli("disable", "alice") == 0
    assert user(db, "alice").disabled is True
    before = user(db, "alice").password_hash
    assert cli("reset", "alice", "--password-stdin", stdin="another passphrase\n") == 0
    after = user(db, "alice")
    assert after.disabled is False and after.password_hash != before


def test_a_password_is_never_an_argument(cli):
    with pytest.raises(SystemExit):
        cli("create", "S-ACME", "alice", "--password", "on the command line")
