"""``python -m backend staff create|disable|reset USERNAME``: the claims team's accounts
(passwords as ``backend.account_cli`` takes them)."""

from __future__ import annotations

import argparse
from datetime import datetime

from sqlalchemy.orm import Session

from backend.account_cli import add_password_option, run_account_command
from backend.settings import Settings
from backend.staff import ROLES, StaffError, create_account, disable_account, reset_password


def add_staff_commands(commands: argparse._SubParsersAction) -> None:
    """``staff create USERNAME --role R``, ``staff disable USERNAME``, ``staff reset USERNAME``."""
    staff = commands.add_parser("staff", help="create, disable or reset a staff account")
    actions = staff.add_subparsers(dest="staff_action", required=True)
    create = actions.add_parser("create", help="a new account (agent, expert or admin)")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    add_password_option(create)
    disable = actions.add_parser("disable", help="no more sign-ins; open sessions end")
    disable.add_argument("username")
    reset = actions.add_parser("reset", help="a new password; open sessions end")
    reset.add_argument("username")
    add_password_option(reset)
    staff.set_defaults(run=run_staff_command)


def run_staff_command(settings: Settings, arguments: argparse.Namespace) -> int:
    """Carry out one staff command; 1 with a message when it cannot be done."""
    action = arguments.staff_action

    def act(session: Session, password: str, now: datetime) -> None:
        if action == "create":
            create_account(session, arguments.username, arguments.role, password, now)
        elif action == "disable":
            disable_account(session, arguments.username, now)
        else:
            reset_password(session, arguments.username, password, now)

    return run_account_command(settings, arguments, action, act, StaffError)
