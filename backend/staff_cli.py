"""``python -m backend staff create|disable|reset USERNAME``: the claims team's accounts.

A password is never an argument (``ps`` and shell history would keep it): ``--password-stdin``
reads it from the standard input; without it a strong one is generated and printed once.
"""

from __future__ import annotations

import argparse
import secrets
import sys

from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.settings import Settings
from backend.staff import ROLES, StaffError, create_account, disable_account, reset_password


def add_staff_commands(commands: argparse._SubParsersAction) -> None:
    """``staff create USERNAME --role R``, ``staff disable USERNAME``, ``staff reset USERNAME``."""
    staff = commands.add_parser("staff", help="create, disable or reset a staff account")
    actions = staff.add_subparsers(dest="staff_action", required=True)
    create = actions.add_parser("create", help="a new account (agent, expert or admin)")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--password-stdin", action="store_true")
    disable = actions.add_parser("disable", help="no more sign-ins; open sessions end")
    disable.add_argument("username")
    reset = actions.add_parser("reset", help="a new password; open sessions end")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    staff.set_defaults(run=run_staff_command)


def _password(arguments: argparse.Namespace) -> tuple[str, bool]:
    """The password to set, and whether it was generated (and must be shown)."""
    if getattr(arguments, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n"), False
    return secrets.token_urlsafe(15), True


def run_staff_command(settings: Settings, arguments: argparse.Namespace) -> int:
    """Carry out one staff command; 1 with a message when it cannot be done."""
    now = settings.clock()
    action = arguments.staff_action
    password, generated = _password(arguments) if action != "disable" else ("", False)

    def act(session) -> None:
        if action == "create":
            create_account(session, arguments.username, arguments.role, password, now)
        elif action == "disable":
            disable_account(session, arguments.username, now)
        else:
            reset_password(session, arguments.username, password, now)

    engine = make_engine(settings.database_url)
    try:
        run_in_transaction(make_session_factory(engine), act)
    except StaffError as error:
        print(f"staff {action}: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    done = {"create": "created", "disable": "disabled", "reset": "reset"}[action]
    print(f"{arguments.username}: {done}")
    if generated:
        print(f"password: {password}")
    return 0
