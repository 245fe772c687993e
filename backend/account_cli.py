"""What the account commands share (``staff``, ``seller-user``): a password is never an argument
(``ps`` and shell history would keep it): ``--password-stdin`` reads it from the standard input;
without it a strong one is generated and printed once."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.settings import Settings

# What each action reports when done.
DONE = {"create": "created", "disable": "disabled", "reset": "reset"}


def add_password_option(parser: argparse.ArgumentParser) -> None:
    """``--password-stdin``: read the password from the standard input."""
    parser.add_argument("--password-stdin", action="store_true")


def _password(arguments: argparse.Namespace) -> tuple[str, bool]:
    """The password to set, and whether it was generated (and must be shown)."""
    if getattr(arguments, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n"), False
    return secrets.token_urlsafe(15), True


def run_account_command(
    settings: Settings,
    arguments: argparse.Namespace,
    action: str,
    act: Callable[[Session, str, datetime], None],
    refusal: type[Exception],
) -> int:
    """Carry out ``act(session, password, now)`` in one transaction and say what was done; 1 with
    a message when it raises ``refusal``. ``disable`` takes no password."""
    now = settings.clock()
    password, generated = _password(arguments) if action != "disable" else ("", False)
    engine = make_engine(settings.database_url)
    try:
        run_in_transaction(
            make_session_factory(engine), lambda session: act(session, password, now)
        )
    except refusal as error:
        print(f"{arguments.command} {action}: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"{arguments.username}: {DONE[action]}")
    if generated:
        print(f"password: {password}")
    return 0
