"""Start Rasa's server with its HTTP API guarded by `RASA_TOKEN`, which never appears on a
command line (where `ps` shows it) nor in a query string (where access logs keep it).

`python -m bot.serve run --enable-api ...` is `rasa run --enable-api ...` plus
`--jwt-secret $RASA_TOKEN --jwt-method HS256`, added inside this process: callers of the API (the
backend) present a short-lived JWT signed with `RASA_TOKEN` as `Authorization: Bearer <jwt>`. It
also makes Rasa check custom actions' answers with a validator built once
(`bot/action_result_schema.py`), find event classes in a table made once (`bot/event_types.py`),
keep its SQLite tracker store's connections open, writing ahead
(`bot/sqlite_tracker_store.py`), and save each turn's new events without reading the
conversation again (`bot/stored_events.py`).
"""

from __future__ import annotations

import os
import sys


def arguments(argv: list[str], environ: dict[str, str]) -> list[str]:
    """Rasa's arguments with the JWT secret from the environment; refuses to run without it."""
    secret = environ.get("RASA_TOKEN")
    if not secret:
        raise SystemExit("RASA_TOKEN must be set: it guards Rasa's HTTP API.")
    return ["rasa", *argv, "--jwt-secret", secret, "--jwt-method", "HS256"]


def main() -> None:
    from rasa.__main__ import main as rasa_main

    from bot import action_result_schema, event_types, sqlite_tracker_store, stored_events

    action_result_schema.install()
    event_types.install()
    sqlite_tracker_store.install()
    stored_events.install()
    sys.argv = arguments(sys.argv[1:], dict(os.environ))
    rasa_main()


if __name__ == "__main__":
    main()
