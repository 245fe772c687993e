"""How `make run` (scripts/stack.py) starts the processes: no secret on a command line, the action
server on 127.0.0.1, conversations in the SQL tracker store, and SIGINT/SIGTERM stopping all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from stack import ROOT, Ports, Stack, write_endpoints

from bot.serve import arguments

ENV = {"RASA_TOKEN": "rasa-secret-0123456789", "CLAIMS_SERVICE_TOKEN": "service-secret-987"}


def test_no_token_is_on_any_command_line(tmp_path: Path) -> None:
    stack = Stack(env=dict(ENV), ports=Ports(1, 2, 3), log_dir=tmp_path)
    commands = stack.commands(tmp_path / "endpoints.yml", tmp_path / "credentials.yml")

    flat = " ".join(" ".join(command) for command in commands.values())
    assert "rasa-secret" not in flat and "service-secret" not in flat
    assert commands["rasa"][1:3] == ["-m", "bot.serve"]


def test_the_backend_its_mailbox_and_the_demo_insurer_run_in_the_backends_environment(
    tmp_path: Path,
) -> None:
    stack = Stack(env=dict(ENV), ports=Ports(1, 2, 3), log_dir=tmp_path)
    commands = stack.commands(tmp_path / "endpoints.yml", tmp_path / "credentials.yml")

    backend_python = str(ROOT / ".venv-backend" / "bin" / "python")
    in_backend_environment = {
        name for name, command in commands.items() if command[0] == backend_python
    }
    assert in_backend_environment == {"backend", "mailbox", "insurer"}
    assert commands["rasa"][0] == sys.executable  # the assistant's environment (.venv)


def test_rasa_gets_its_jwt_secret_from_the_environment_only() -> None:
    assert arguments(["run", "--enable-api"], ENV)[-4:] == [
        "--jwt-secret",
        ENV["RASA_TOKEN"],
        "--jwt-method",
        "HS256",
    ]
    with pytest.raises(SystemExit, match="RASA_TOKEN"):
        arguments(["run"], {})


def test_the_action_server_listens_on_loopback_unless_told(tmp_path: Path) -> None:
    assert Stack(env=dict(ENV), log_dir=tmp_path).process_env()["SANIC_HOST"] == "127.0.0.1"
    told = Stack(env={**ENV, "CLAIMS_ACTIONS_HOST": "10.0.0.5"}, log_dir=tmp_path)
    assert told.process_env()["SANIC_HOST"] == "10.0.0.5"


def test_conversations_are_kept_in_the_sql_tracker_store(tmp_path: Path) -> None:
    db = tmp_path / "trackers" / "rasa.db"
    path = write_endpoints(tmp_path / "endpoints.yml", 5055, {"RASA_TRACKER_DB": str(db)})

    store = yaml.safe_load(path.read_text())["tracker_store"]
    assert (store["type"], store["dialect"], store["db"]) == ("SQL", "sqlite", str(db))
    assert db.parent.is_dir()


CHILD = textwrap.dedent(
    """
    import signal, subprocess, sys
    from pathlib import Path
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell starts a background job
    sys.path.insert(0, "scripts")
    from stack import Stack, run_until_stopped
    stack = Stack(env={}, log_dir=Path(sys.argv[1]))
    stack.processes["worker"] = subprocess.Popen(["sleep", "300"], start_new_session=True)
    print(stack.processes["worker"].pid, flush=True)
    run_until_stopped(stack)
    """
)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_background_make_run_stops_everything_on_sigint_and_sigterm(tmp_path, number) -> None:
    launcher = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    worker = int(launcher.stdout.readline())
    time.sleep(0.5)

    launcher.send_signal(number)

    assert launcher.wait(timeout=30) == 0
    assert "Stopped." in launcher.stdout.read()
    with pytest.raises(ProcessLookupError):  # the worker was stopped and reaped
        os.kill(worker, 0)


def test_the_demo_insurer_runs_unless_real_insurers_are_configured(tmp_path: Path) -> None:
    demo = Stack(env=dict(ENV), ports=Ports(1, 2, 3, 4), log_dir=tmp_path)
    assert demo.commands(tmp_path / "e", tmp_path / "c")["insurer"][-2:] == ["--port", "4"]
    insurers = json.loads(demo.process_env()["CLAIMS_INSURERS"])
    assert {insurer["quote_url"].rsplit("/", 2)[0] for insurer in insurers} == {
        "http://127.0.0.1:4"
    }

    real = '[{"id": "acme", "name": "Acme", "quote_url": "https://acme.example/q"}]'
    configured = Stack(env={**ENV, "CLAIMS_INSURERS": real}, log_dir=tmp_path)
    assert "insurer" not in configured.commands(tmp_path / "e", tmp_path / "c")
    assert "insurer" not in configured.health_urls()
    assert configured.process_env()["CLAIMS_INSURERS"] == real
