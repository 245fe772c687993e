"""Command line: ``python -m backend migrate | load-marketplace FILE | serve | work | dispatch | sweep |
staff | seller-user | forget | mailbox``."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from contextlib import suppress
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from backend.api.app import run_app
from backend.clock import parse_timestamp
from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.mailbox import DEFAULT_MAIL_DIR, serve_mailbox
from backend.marketplace import load_marketplace
from backend.migrations import upgrade_database
from backend.openapi import validate_body
from backend.outbox import session_info
from backend.refusals import Refusal
from backend.retention import forget_older_than, retention_cutoff
from backend.seller_users_cli import add_seller_user_commands
from backend.settings import Settings
from backend.staff_cli import add_staff_commands
from backend.sweep import sweep_deadlines
from backend.workers import dispatch_once, work


def migrate(settings: Settings, arguments: argparse.Namespace) -> int:
    """Bring the database named by CLAIMS_DATABASE_URL up to the latest schema."""
    upgrade_database(settings.database_url)
    print("database is up to date")
    return 0


def load_marketplace_file(settings: Settings, arguments: argparse.Namespace) -> int:
    """Load a marketplace JSON file (the same shape as POST /api/admin/marketplace)."""
    path: Path = arguments.file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"cannot read {path}: {error}", file=sys.stderr)
        return 1
    engine = make_engine(settings.database_url)
    try:
        validate_body("MarketplaceData", data)
        loaded = run_in_transaction(
            make_session_factory(engine),
            lambda session: load_marketplace(session, data, settings.webhook_allow_private),
        )
    except SQLAlchemyError as error:
        print(
            f"cannot load into {settings.database_url}: {error.__class__.__name__}; "
            "is it migrated (python -m backend migrate)?",
            file=sys.stderr,
        )
        return 1
    except Refusal as refusal:
        for problem in refusal.problems:
            print(
                f"{path}: {problem.field or '-'}: {problem.code}: {problem.message}",
                file=sys.stderr,
            )
        return 1
    finally:
        engine.dispose()
    print(f"loaded {loaded.sellers} sellers and {loaded.orders} orders from {path}")
    return 0


def dispatch(settings: Settings, arguments: argparse.Namespace) -> int:
    """Deliver every due webhook, customer message and e-mail in the outbox once; say what happened."""
    engine = make_engine(settings.database_url)
    try:
        report = asyncio.run(dispatch_once(make_session_factory(engine), settings))
    finally:
        engine.dispose()
    print(
        f"outbox: {report.claimed} claimed, {report.delivered} delivered, "
        f"{report.retrying} to retry, {report.failed} failed, {report.kept} customer news kept"
    )
    return 0


def sweep(settings: Settings, arguments: argparse.Namespace) -> int:
    """Apply every deadline due by --now (default: now) and print what changed as JSON."""
    now = arguments.now or settings.clock()
    engine = make_engine(settings.database_url)
    try:
        summary = sweep_deadlines(
            make_session_factory(engine, session_info(settings)), settings, now
        )
    finally:
        engine.dispose()
    print(json.dumps(summary.as_json()))
    return 0


def positive_days(text: str) -> int:
    """A number of days for --days: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of days, at least 1")
    return int(text)


def forget(settings: Settings, arguments: argparse.Namespace) -> int:
    """Delete evidence files, outbox payloads and handoff facts older than --days (default
    CLAIMS_RETENTION_DAYS) that nothing depends on any more; print how many, as JSON."""
    cutoff = retention_cutoff(settings.clock(), arguments.days or settings.retention_days)
    engine = make_engine(settings.database_url)
    try:
        forgotten = run_in_transaction(
            make_session_factory(engine),
            lambda session: forget_older_than(session, settings.evidence_dir, cutoff),
        )
    finally:
        engine.dispose()
    print(json.dumps(forgotten.as_json()))
    return 0


def serve(settings: Settings, arguments: argparse.Namespace) -> int:
    """Run the HTTP API on CLAIMS_HOST:CLAIMS_PORT, sweeping and dispatching in the background
    unless --without-workers."""
    _log_to_stderr()
    run_app(settings, with_workers=not arguments.without_workers)
    return 0


def run_workers(settings: Settings, arguments: argparse.Namespace) -> int:
    """Sweep deadlines and dispatch the outbox on their intervals, without the HTTP API, until
    interrupted."""
    _log_to_stderr()
    with suppress(KeyboardInterrupt):
        asyncio.run(work(settings))
    return 0


def _log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def mailbox(settings: Settings, arguments: argparse.Namespace) -> int:
    """Run a local SMTP server keeping each message as a file (the demo's mail; nothing is
    relayed)."""
    serve_mailbox(arguments.dir, arguments.host, arguments.port)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m backend", description="The claims backend.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help=migrate.__doc__).set_defaults(run=migrate)
    loader = commands.add_parser("load-marketplace", help=load_marketplace_file.__doc__)
    loader.add_argument("file", type=Path)
    loader.set_defaults(run=load_marketplace_file)
    server = commands.add_parser("serve", help=serve.__doc__)
    server.add_argument("--without-workers", action="store_true", help="for `work` elsewhere")
    server.set_defaults(run=serve)
    commands.add_parser("work", help=run_workers.__doc__).set_defaults(run=run_workers)
    sweeper = commands.add_parser("sweep", help=sweep.__doc__)
    sweeper.add_argument("--now", type=parse_timestamp, help="e.g. 2026-12-01T00:00:00Z")
    sweeper.set_defaults(run=sweep)
    commands.add_parser("dispatch", help=dispatch.__doc__).set_defaults(run=dispatch)
    mailboxes = commands.add_parser("mailbox", help=mailbox.__doc__)
    mailboxes.add_argument("--host", default="127.0.0.1")
    mailboxes.add_argument("--port", type=int, default=8025)
    mailboxes.add_argument("--dir", type=Path, default=DEFAULT_MAIL_DIR, help="default var/mail")
    mailboxes.set_defaults(run=mailbox)
    add_staff_commands(commands)
    add_seller_user_commands(commands)
    forgetting = commands.add_parser("forget", help=forget.__doc__)
    forgetting.add_argument("--days", type=positive_days, help="age in days (at least 1)")
    forgetting.set_defaults(run=forget)
    arguments = parser.parse_args(argv)
    return arguments.run(Settings.from_env(), arguments)


if __name__ == "__main__":
    sys.exit(main())
