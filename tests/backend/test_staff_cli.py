"""`python -m backend staff create|disable|reset`: accounts for each person of the claims team,
passwords kept as argon2id hashes, never taken from the command line."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from backend.__main__ import main
from backend.models import StaffAccount


@pytest.fixture
def cli(settings, monkeypatch):
    monkeypatch.setenv("CLAIMS_DATABASE_URL", settings.database_url)

    def run(*arguments: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main(["staff", *arguments])

    return run


def account(db, username):
    with db() as session:
        return session.execute(
            select(StaffAccount).where(StaffAccount.username == username)
        ).scalar_one_or_none()


def test_an_account_is_created_with_a_hashed_password(cli, db, capsys):
    assert (
        cli("create", "erin", "--role", "expert", "--password-stdin", stdin="a long passphrase\n")
        == 0
    )

    stored = account(db, "erin")
    assert (stored.role, stored.disabled) == ("expert", False)
    assert stored.password_hash.startswith("$argon2id$")
    assert "a long passphrase" not in stored.password_hash
    assert "erin: created" in capsys.readouterr().out


def test_without_a_password_one_is_generated_and_shown_once(cli, capsys):
    assert cli("create", "alex", "--role", "agent") == 0

    shown = capsys.readouterr().out
    assert "password: " in shown and len(shown.split("password: ")[1].strip()) >= 16


@pytest.mark.parametrize(
    "arguments, stdin, complaint",
    [
        (("create", "x", "--role", "agent", "--password-stdin"), "short\n", "at least 12"),
        (("create", "admin", "--role", "admin"), "", "not a role's name"),
        (("disable", "nobody"), "", "no staff account"),
        (("reset", "nobody", "--password-stdin"), "a long passphrase\n", "no staff account"),
    ],
)
def test_what_cannot_be_done_is_refused(cli, db, capsys, arguments, stdin, complaint):
    assert cli(*arguments, stdin=stdin) == 1
    assert complaint in capsys.readouterr().err
    with db() as session:
        assert session.execute(select(StaffAccount)).first() is None


def test_a_taken_username_is_refused(cli, capsys):
    assert cli("create", "alex", "--role", "agent") == 0
    assert cli("create", "alex", "--role", "admin") == 1
    assert "exists already" in capsys.readouterr().err


def test_disable_and_reset(cli, db):
    cli("create", "alex", "--role", "agent")

    assert cli("disable", "alex") == 0
    assert account(db, "alex").disabled is True
    before = account(db, "alex").password_hash
    assert cli("reset", "alex", "--password-stdin", stdin="another passphrase\n") == 0
    after = account(db, "alex")
    assert after.disabled is False and after.password_hash != before


def test_a_password_is_never_an_argument(cli):
    with pytest.raises(SystemExit):
        cli("create", "alex", "--role", "agent", "--password", "on the command line")
