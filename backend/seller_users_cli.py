"""``python -m backend seller-user create SELLER_ID USERNAME | disable USERNAME | reset
USERNAME``: the people of a seller who sign in to the seller portal (passwords as
``backend.account_cli`` takes them)."""

from __future__ import annotations

import argparse
from datetime import datetime

from sqlalchemy.orm import Session

from backend.account_cli import add_password_option, run_account_command
from backend.seller_users import SellerUserError, create_user, disable_user, reset_password
from backend.settings import Settings


def add_seller_user_commands(commands: argparse._SubParsersAction) -> None:
    """``seller-user create SELLER_ID USERNAME [--email E]``, ``seller-user disable USERNAME``,
    ``seller-user reset USERNAME``."""
    users = commands.add_parser("seller-user", help="create, disable or reset a seller's user")
    actions = users.add_subparsers(dest="seller_user_action", required=True)
    create = actions.add_parser("create", help="a new user of a seller, for the seller portal")
    create.add_argument("seller_id")
    create.add_argument("username")
    create.add_argument("--email", help="where the user is reached (optional)")
    add_password_option(create)
    disable = actions.add_parser("disable", help="no more sign-ins; open sessions end")
    disable.add_argument("username")
    reset = actions.add_parser("reset", help="a new password; open sessions end")
    reset.add_argument("username")
    add_password_option(reset)
    users.set_defaults(run=run_seller_user_command)


def run_seller_user_command(settings: Settings, arguments: argparse.Namespace) -> int:
    """Carry out one seller-user command; 1 with a message when it cannot be done."""
    action = arguments.seller_user_action

    def act(session: Session, password: str, now: datetime) -> None:
        if action == "create":
            create_user(
                session, arguments.seller_id, arguments.username, arguments.email, password, now
            )
        elif action == "disable":
            disable_user(session, arguments.username, now)
        else:
            reset_password(session, arguments.username, password, now)

    return run_account_command(settings, arguments, action, act, SellerUserError)
