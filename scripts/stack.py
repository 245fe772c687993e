"""Run the whole claims assistant on one machine: backend, action server and Rasa, a local
mailbox (an SMTP server keeping each e-mail under var/mail/) unless CLAIMS_SMTP_URL names a
server, and the demo insurer on a spare loopback port unless CLAIMS_INSURERS names partners.

`make run` uses `main()`; the end-to-end tests use `Stack` with spare ports, so what a
newcomer starts is what the tests drive.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from demo_insurer import insurers_setting

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_MODEL = ROOT / "models" / "claims.tar.gz"
DEMO_MARKETPLACE = ROOT / "data" / "demo" / "marketplace.json"
TOKEN_VARIABLES = (
    "CLAIMS_ADMIN_TOKEN",
    "CLAIMS_SERVICE_TOKEN",
    "CLAIMS_AGENT_TOKEN",
    "RASA_TOKEN",
    "CLAIMS_SIGNING_SECRET",
    "CLAIMS_WEBHOOK_SECRET",
)
# Messaging channels, switched on by their first variable. Each setting names the environment
# variable Rasa reads it from (`${VAR}` in the credentials file), so no secret is written to disk.
CHANNELS = {
    "telegram": (
        "bot.channels.telegram.TelegramConnector",
        {
            "access_token": "TELEGRAM_BOT_TOKEN",
            "verify": "TELEGRAM_BOT_NAME",
            "webhook_url": "TELEGRAM_WEBHOOK_URL",
            "secret_token": "TELEGRAM_SECRET_TOKEN",
            "api_url": "TELEGRAM_API_URL",
        },
    ),
    "twilio": (
        "bot.channels.twilio.TwilioConnector",
        {
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_NUMBER",
            "whatsapp_number": "TWILIO_WHATSAPP_NUMBER",
            "webhook_url": "TWILIO_WEBHOOK_URL",
            "api_url": "TWILIO_API_URL",
        },
    ),
}
STARTUP_SECONDS = 240
DEFAULT_MAIL_DIR = ROOT / "var" / "mail"


def spare_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Ports:
    """Where each process listens (the demo insurer and the mailbox: spare loopback ports)."""

    backend: int = 8000
    actions: int = 5055
    rasa: int = 5005
    insurer: int = field(default_factory=spare_port)
    mailbox: int = field(default_factory=spare_port)


def ensure_tokens(env: dict[str, str]) -> dict[str, str]:
    """Fill every unset token in `env` with a fresh random one; return the generated ones.

    TELEGRAM_SECRET_TOKEN too when Telegram is on: without it the webhook takes updates from
    anyone. The connector registers the webhook with it at start (Telegram then sends it back).
    """
    generated = {}
    names = list(TOKEN_VARIABLES)
    if env.get("TELEGRAM_BOT_TOKEN"):
        names.append("TELEGRAM_SECRET_TOKEN")
    for name in names:
        if not env.get(name):
            # Hex: a token starting with "-" would read as an option on the command line.
            env[name] = generated[name] = secrets.token_hex(24)
    return generated


def run_backend_cli(env: dict[str, str], *arguments: str) -> None:
    """Run `python -m backend ...` (migrations, data loading) and fail loudly if it fails."""
    subprocess.run([sys.executable, "-m", "backend", *arguments], cwd=ROOT, env=env, check=True)


def isolated_environment(
    workdir: Path, marketplace: dict, database_url: str | None = None
) -> dict[str, str]:
    """The environment of a stack of its own in `workdir` (tests, screenshots): fresh tokens, a
    new database (a SQLite file unless `database_url` names an empty one; migrated, `marketplace`
    loaded), its own evidence folder and Rasa
    tracker store, and none of the caller's SMTP server, partner insurers or messaging channels."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in (*TOKEN_VARIABLES, "CLAIMS_SMTP_URL", "CLAIMS_INSURERS")
        and not name.startswith(("TELEGRAM_", "TWILIO_"))
    }
    ensure_tokens(env)
    env["CLAIMS_DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'claims.db'}"
    env["CLAIMS_EVIDENCE_DIR"] = str(workdir / "evidence")
    env["RASA_TRACKER_DB"] = str(workdir / "rasa_tracker.db")
    market_file = workdir / "marketplace.json"
    market_file.write_text(json.dumps(marketplace))
    run_backend_cli(env, "migrate")
    run_backend_cli(env, "load-marketplace", str(market_file))
    return env


DEMO_STAFF = (("demo-agent", "agent"), ("demo-expert", "expert"), ("demo-admin", "admin"))


def _account(
    env: dict[str, str], kind: str, create: list[str], username: str, password: str
) -> None:
    """Create an account with `python -m backend KIND create ...` (or, if it exists, set its
    password with `KIND reset USERNAME`), the password on stdin."""
    for arguments in (["create", *create], ["reset", username]):
        done = subprocess.run(
            [sys.executable, "-m", "backend", kind, *arguments, "--password-stdin"],
            check=False,
            cwd=ROOT,
            env=env,
            input=password + "\n",
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            return
    raise RuntimeError(f"cannot set up {kind} account {username}: {done.stderr.strip()}")


def staff_account(env: dict[str, str], username: str, role: str, password: str) -> None:
    """Create the staff account (or, if it exists, set its password)."""
    _account(env, "staff", [username, "--role", role], username, password)


def seller_user(env: dict[str, str], seller_id: str, username: str, password: str) -> None:
    """Create the seller portal user of `seller_id` (or, if it exists, set its password)."""
    _account(env, "seller-user", [seller_id, username], username, password)


def demo_staff(env: dict[str, str]) -> list[tuple[str, str, str]]:
    """`make run`'s demo account per role, each with a fresh password: (username, role, password)."""
    accounts = []
    for username, role in DEMO_STAFF:
        password = secrets.token_urlsafe(12)
        staff_account(env, username, role, password)
        accounts.append((username, role, password))
    return accounts


# `make run`'s seller portal user, for the demo marketplace's first seller.
DEMO_SELLER = ("S-ACME", "demo-seller")


def demo_seller_user(env: dict[str, str]) -> tuple[str, str, str]:
    """`make run`'s seller portal user, with a fresh password: (seller id, username, password)."""
    seller_id, username = DEMO_SELLER
    password = secrets.token_urlsafe(12)
    seller_user(env, seller_id, username, password)
    return seller_id, username, password


def write_endpoints(path: Path, actions_port: int, env: dict[str, str]) -> Path:
    """Write Rasa's endpoints file pointing at the action server on `actions_port`.

    The SQLite tracker store's file is `RASA_TRACKER_DB` when set (the end-to-end tests give each
    stack its own); another tracker store configured in endpoints.yml is kept as it is.
    """
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{actions_port}/webhook"}
    store = endpoints.get("tracker_store") or {}
    if store.get("dialect", "sqlite") == "sqlite" and store.get("type") == "SQL":
        db = Path(env.get("RASA_TRACKER_DB") or ROOT / store.get("db", "var/rasa_tracker.db"))
        db.parent.mkdir(parents=True, exist_ok=True)
        store["db"] = str(db)
    path.write_text(yaml.safe_dump(endpoints))
    return path


def enabled_channels(env: dict[str, str]) -> list[str]:
    """The messaging channels whose first variable (bot token, account sid) is set."""
    return [
        name for name, (_, settings) in CHANNELS.items() if env.get(next(iter(settings.values())))
    ]


def write_credentials(path: Path, env: dict[str, str]) -> Path:
    """Write Rasa's credentials file: credentials.yml plus a block per enabled messaging channel."""
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    for name in enabled_channels(env):
        connector, settings = CHANNELS[name]
        credentials[connector] = {
            key: f"${{{variable}}}" for key, variable in settings.items() if env.get(variable)
        }
    path.write_text(yaml.safe_dump(credentials, sort_keys=False))
    return path


def _answers(url: str) -> bool:
    if url.startswith("smtp://"):
        host, _, port = url.removeprefix("smtp://").partition(":")
        try:
            socket.create_connection((host, int(port)), timeout=2).close()
        except OSError:
            return False
        return True
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Stack:
    """The three processes of the product, started together and stopped together."""

    env: dict[str, str]
    ports: Ports = field(default_factory=Ports)
    log_dir: Path = ROOT / "var" / "log"
    model: Path = DEFAULT_MODEL
    mail_dir: Path = DEFAULT_MAIL_DIR
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def demo_insurer(self) -> bool:
        """Whether the demo insurer runs: CLAIMS_INSURERS names no partner insurers."""
        return not self.env.get("CLAIMS_INSURERS")

    @property
    def runs_mailbox(self) -> bool:
        """Whether e-mail goes to the local mailbox (no CLAIMS_SMTP_URL of one's own)."""
        return not self.env.get("CLAIMS_SMTP_URL")

    def commands(self, endpoints: Path, credentials: Path) -> dict[str, list[str]]:
        """The command line of each process, in start order (Rasa reads both files)."""
        insurer = {
            "insurer": [
                sys.executable,
                str(ROOT / "scripts" / "demo_insurer.py"),
                "--port",
                str(self.ports.insurer),
            ]
        }
        mailbox = [
            *(sys.executable, "-m", "backend", "mailbox"),
            *("--port", str(self.ports.mailbox), "--dir", str(self.mail_dir)),
        ]
        return {
            **({"mailbox": mailbox} if self.runs_mailbox else {}),
            **(insurer if self.demo_insurer else {}),
            "backend": [sys.executable, "-m", "backend", "serve"],
            "actions": [
                str(VENV_BIN / "rasa"),
                "run",
                "actions",
                "--port",
                str(self.ports.actions),
                "--actions",
                "actions",
            ],
            # RASA_TOKEN reaches Rasa through the environment (bot/serve.py), never argv.
            "rasa": [
                sys.executable,
                "-m",
                "bot.serve",
                "run",
                "--enable-api",
                "--cors",
                "*",
                "--port",
                str(self.ports.rasa),
                "--model",
                str(self.model),
                "--credentials",
                str(credentials),
                "--endpoints",
                str(endpoints),
            ],
        }

    def health_urls(self) -> dict[str, str]:
        """A URL per process that answers 200 (the mailbox: takes connections) once ready."""
        insurer = {"insurer": f"http://127.0.0.1:{self.ports.insurer}/health"}
        return {
            **({"mailbox": self.smtp_url} if self.runs_mailbox else {}),
            **(insurer if self.demo_insurer else {}),
            "backend": f"http://127.0.0.1:{self.ports.backend}/api/health",
            "actions": f"http://127.0.0.1:{self.ports.actions}/health",
            "rasa": f"http://127.0.0.1:{self.ports.rasa}/webhooks/rest/",
        }

    def start(self, names: list[str] | None = None) -> None:
        """Start every process (or only those `names`, e.g. the backend for the seller portal's
        tests) and wait until each answers; stop all if one fails."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = self.process_env()
        endpoints = self.write_endpoints(env)
        credentials = write_credentials(self.log_dir / "credentials.yml", env)
        for name, command in self.commands(endpoints, credentials).items():
            if names is None or name in names:
                self.launch(name, command, env)
        try:
            self.wait_until_ready(names)
        except RuntimeError:
            self.stop()
            raise

    def write_endpoints(self, env: dict[str, str]) -> Path:
        """Write Rasa's endpoints file for this stack (the production profile adds its stores)."""
        return write_endpoints(self.log_dir / "endpoints.yml", self.ports.actions, env)

    @property
    def smtp_url(self) -> str:
        """Where the backend sends e-mail: CLAIMS_SMTP_URL, else the local mailbox."""
        return self.env.get("CLAIMS_SMTP_URL") or f"smtp://127.0.0.1:{self.ports.mailbox}"

    def process_env(self) -> dict[str, str]:
        """The environment every process gets: `env` plus where the others listen. The action
        server holds the service token and authenticates nobody: it listens on 127.0.0.1
        (rasa_sdk reads SANIC_HOST) unless CLAIMS_ACTIONS_HOST says otherwise. Without
        CLAIMS_INSURERS the backend gets quotes from the demo insurer."""
        insurers = (
            insurers_setting(f"http://127.0.0.1:{self.ports.insurer}")
            if self.demo_insurer
            else self.env["CLAIMS_INSURERS"]
        )
        return dict(
            self.env,
            CLAIMS_INSURERS=insurers,
            CLAIMS_PORT=str(self.ports.backend),
            CLAIMS_BACKEND_URL=f"http://127.0.0.1:{self.ports.backend}",
            CLAIMS_RASA_URL=f"http://127.0.0.1:{self.ports.rasa}",
            CLAIMS_SMTP_URL=self.smtp_url,
            SANIC_HOST=self.env.get("CLAIMS_ACTIONS_HOST") or "127.0.0.1",
        )

    def launch(self, name: str, command: list[str], env: dict[str, str]) -> None:
        """Start one process, its output appended to its log."""
        with open(self.log_dir / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def restart(self, name: str) -> None:
        """Stop one process and start it again as it was (the tests restart Rasa mid-claim)."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        credentials = self.log_dir / "credentials.yml"
        command = self.commands(self.log_dir / "endpoints.yml", credentials)[name]
        self.launch(name, command, self.process_env())
        self.wait_until_ready([name])

    def wait_until_ready(self, names: list[str] | None = None) -> None:
        """Poll each process's health URL; raise with its log tail if it dies or stalls."""
        deadline = time.monotonic() + STARTUP_SECONDS
        pending = {
            name: url for name, url in self.health_urls().items() if names is None or name in names
        }
        while pending:
            for name, url in list(pending.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.log_tail(name)}")
                if _answers(url):
                    del pending[name]
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {STARTUP_SECONDS}s: {sorted(pending)}")
            time.sleep(0.5)

    def log_tail(self, name: str, lines: int = 40) -> str:
        """The last lines a process wrote, for error messages."""
        path = self.log_dir / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def stop(self) -> None:
        """Terminate every process group, politely first."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def main() -> None:
    """`make run`: migrate, load the demo marketplace, start everything, stop on Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--marketplace", type=Path, default=DEMO_MARKETPLACE)
    arguments = parser.parse_args()

    env = dict(os.environ)
    generated = ensure_tokens(env)
    run_backend_cli(env, "migrate")
    run_backend_cli(env, "load-marketplace", str(arguments.marketplace))
    staff = demo_staff(env)
    seller_id, seller_username, seller_password = demo_seller_user(env)
    stack = Stack(env=env)
    print("Starting backend, action server, Rasa and mail (logs in var/log/) ...", flush=True)
    stack.start()
    ports = stack.ports
    insurers = (
        f"demo insurer on http://127.0.0.1:{ports.insurer} (CLAIMS_INSURERS names real ones)"
        if stack.demo_insurer
        else "CLAIMS_INSURERS"
    )
    channels = (
        ", ".join(enabled_channels(env)) or "none (set TELEGRAM_BOT_TOKEN / TWILIO_ACCOUNT_SID)"
    )
    print(f"""
The claims assistant is running.
  Chat page:       http://localhost:{ports.backend}/chat
  Agent console:   http://localhost:{ports.backend}/agent
  Claims desk:     http://localhost:{ports.backend}/desk
  Seller portal:   http://localhost:{ports.backend}/seller
  Chat (REST):     POST http://localhost:{ports.rasa}/webhooks/rest/webhook
                   {{"sender": "me", "message": "my heater caught fire"}}
  Messaging:       {channels}
  Backend API:     http://localhost:{ports.backend}/api/openapi.json
  Action server:   http://localhost:{ports.actions}/health
  Database:        {env.get("CLAIMS_DATABASE_URL", "sqlite:///var/claims.db")}
  Insurers:        {insurers}
  E-mail:          {mail_note(stack)}
""")
    for name, value in generated.items():
        print(f"  {name}={value}   (generated; set it to choose your own)")
    print("\nSign in on the agent console with a demo account (new passwords every start):")
    for username, role, password in staff:
        print(f"  {role:<7} {username:<12} password {password}")
    print("  (your own: python -m backend staff create NAME --role agent|expert|admin)")
    print(
        f"\nSign in on the seller portal as {seller_id}'s demo user (a new password every start):"
    )
    print(f"  seller  {seller_username:<12} password {seller_password}")
    print("  (your own: python -m backend seller-user create SELLER_ID NAME)")
    print("\nPress Ctrl-C to stop.", flush=True)

    run_until_stopped(stack)


def mail_note(stack: Stack) -> str:
    """Where the e-mails to customers and sellers go, for the start banner."""
    if not stack.runs_mailbox:
        return "sent to CLAIMS_SMTP_URL"
    return (
        f"kept as files in {stack.mail_dir.relative_to(ROOT)}/ (one .eml per message; "
        f"local SMTP server on port {stack.ports.mailbox}, nothing leaves this machine)"
    )


def run_until_stopped(stack: Stack) -> None:
    """Wait for SIGINT or SIGTERM (or a process dying), then stop every process.

    Both handlers are set explicitly: a shell starts a background job (`make run &`) with SIGINT
    ignored, and Python then installs no KeyboardInterrupt for it.
    """
    stopping = []
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stopping.append(True))
    while not stopping:
        for name, process in stack.processes.items():
            if process.poll() is not None:
                print(f"{name} stopped unexpectedly:\n{stack.log_tail(name)}", file=sys.stderr)
                stopping.append(True)
        time.sleep(0.2)
    print("\nStopping ...", flush=True)
    stack.stop()
    print("Stopped.", flush=True)


if __name__ == "__main__":
    main()
