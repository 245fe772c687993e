"""The production profile: several instances of Rasa, the action server and the backend behind
nginx, on PostgreSQL, Redis and RabbitMQ (`make run-production`).

- Rasa keeps conversations in PostgreSQL (SQL tracker store, RASA_TRACKER_URL), takes a
  conversation's lock in Redis (CLAIMS_REDIS_URL) and publishes its events to RabbitMQ
  (CLAIMS_RABBITMQ_URL, queue CLAIMS_RABBITMQ_QUEUE); its socket.io rooms are shared through
  Redis, so an agent's message reaches the customer whichever instance holds the socket.
- The backend runs on PostgreSQL (CLAIMS_DATABASE_URL); its sweeps and outbox claim rows, so
  several backends settle each deadline and deliver each message once.
- The action server keeps nothing between calls.
- nginx listens on the contract's ports (Rasa 5005, actions 5055, backend 8000) and balances each
  kind over its instances (CLAIMS_INSTANCES, default 2), socket.io sticky by client address.

`ProductionStack` is `Stack` with N instances of each kind; the tests drive it on spare ports.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import aio_pika
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from stack import (
    DEMO_MARKETPLACE,
    Ports,
    Stack,
    demo_seller_user,
    demo_staff,
    ensure_tokens,
    run_backend_cli,
    run_until_stopped,
    spare_port,
)

# The kinds of process that run as several instances behind nginx.
SCALED = ("rasa", "actions", "backend")
NGINX = "/usr/sbin/nginx"
DEFAULTS = {
    "CLAIMS_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/claims",
    "RASA_TRACKER_URL": "postgresql://postgres@127.0.0.1:5432/rasa",
    "CLAIMS_REDIS_URL": "redis://127.0.0.1:6379/0",
    "CLAIMS_RABBITMQ_URL": "amqp://guest:guest@127.0.0.1:5672/",
    "CLAIMS_RABBITMQ_QUEUE": "rasa_events",
    "CLAIMS_INSTANCES": "2",
    # nginx reaches the backends from loopback and names the client in X-Forwarded-For.
    "CLAIMS_TRUSTED_PROXIES": "127.0.0.1",
}


def production_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with every production setting it leaves unset at its default."""
    return {**DEFAULTS, **{name: value for name, value in env.items() if value}}


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database `url` names unless it exists."""
    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(target.database)
                connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        server.dispose()


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database `url` names, closing whatever still holds it."""
    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            quoted = connection.dialect.identifier_preparer.quote(target.database)
            connection.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
    finally:
        server.dispose()


def create_stores(env: dict[str, str]) -> None:
    """Create the backend's and Rasa's databases unless they exist."""
    ensure_database(env["CLAIMS_DATABASE_URL"])
    ensure_database(env["RASA_TRACKER_URL"])


def remove_stores(env: dict[str, str]) -> None:
    """Remove the databases and the event queue a throwaway profile (tests, benchmark) had.

    The queue is deleted from a thread of its own, so callers inside an event loop may call this.
    """
    drop_database(env["CLAIMS_DATABASE_URL"])
    drop_database(env["RASA_TRACKER_URL"])
    queue = _delete_queue(env["CLAIMS_RABBITMQ_URL"], env["CLAIMS_RABBITMQ_QUEUE"])
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, queue).result()


async def _delete_queue(url: str, queue: str) -> None:
    async with await aio_pika.connect(url) as connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)


def rasa_stores(env: dict[str, str]) -> dict[str, dict]:
    """Rasa's tracker store, lock store and event broker in endpoints.yml's terms.

    Passwords stay out of the file: Rasa reads `${VAR}` from its environment.
    """
    tracker = make_url(env["RASA_TRACKER_URL"])
    redis = make_url(env["CLAIMS_REDIS_URL"])
    rabbit = make_url(env["CLAIMS_RABBITMQ_URL"])
    return {
        "tracker_store": {
            "type": "SQL",
            "dialect": "postgresql",
            "url": tracker.host,
            "port": tracker.port or 5432,
            "db": tracker.database,
            "username": tracker.username,
            **({"password": "${RASA_TRACKER_PASSWORD}"} if tracker.password else {}),
        },
        "lock_store": {
            "type": "redis",
            "url": redis.host,
            "port": redis.port or 6379,
            "db": int(redis.database or 0),
            **({"password": "${CLAIMS_REDIS_PASSWORD}"} if redis.password else {}),
            "key_prefix": env.get("CLAIMS_REDIS_PREFIX") or "claims",
        },
        "event_broker": {
            "type": "pika",
            "url": rabbit.host,
            "port": rabbit.port or 5672,
            "username": rabbit.username or "guest",
            "password": "${CLAIMS_RABBITMQ_PASSWORD}",
            "queues": [env["CLAIMS_RABBITMQ_QUEUE"]],
        },
    }


def store_secrets(env: dict[str, str]) -> dict[str, str]:
    """The passwords `rasa_stores` refers to, for Rasa's environment."""
    tracker = make_url(env["RASA_TRACKER_URL"])
    redis = make_url(env["CLAIMS_REDIS_URL"])
    rabbit = make_url(env["CLAIMS_RABBITMQ_URL"])
    return {
        **({"RASA_TRACKER_PASSWORD": tracker.password} if tracker.password else {}),
        **({"CLAIMS_REDIS_PASSWORD": redis.password} if redis.password else {}),
        "CLAIMS_RABBITMQ_PASSWORD": rabbit.password or "guest",
    }


def nginx_conf(front: Ports, instances: list[Ports], prefix: Path) -> str:
    """nginx's configuration: a server per kind on the front ports, balancing its instances."""

    def upstream(name: str, kind: str, balance: str) -> str:
        # An instance that refuses a connection (starting, restarting) is passed over for 2 s.
        servers = "".join(
            f"    server 127.0.0.1:{getattr(ports, kind)} fail_timeout=2s;\n" for ports in instances
        )
        return f"upstream {name} {{\n    {balance};\n{servers}    keepalive 32;\n}}\n"

    def server(port: int, upstream_name: str, extra: str = "") -> str:
        return f"""server {{
    listen 127.0.0.1:{port};
    client_max_body_size 110m;
{extra}    location / {{
        proxy_pass http://{upstream_name};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_read_timeout 300s;
        # Streamed both ways: no temporary files (nginx's workers may not write the log folder).
        proxy_request_buffering off;
        proxy_buffering off;
    }}
}}
"""

    # A socket.io client's polling requests and its upgrade must reach the instance that knows
    # its session: the same client address always goes to the same Rasa.
    socketio = """    location /socket.io/ {
        proxy_pass http://rasa_sticky;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $host;
        proxy_read_timeout 300s;
        proxy_request_buffering off;
        proxy_buffering off;
    }
"""
    return f"""worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
{upstream("rasa", "rasa", "least_conn")}{upstream("rasa_sticky", "rasa", "ip_hash")}\
{upstream("actions", "actions", "least_conn")}{upstream("backend", "backend", "least_conn")}\
{server(front.rasa, "rasa", socketio)}{server(front.actions, "actions")}\
{server(front.backend, "backend")}}}
"""


def instance_ports(count: int, front: Ports) -> list[Ports]:
    """Spare loopback ports for each instance (the mailbox and insurer are shared)."""
    return [
        Ports(
            backend=spare_port(),
            actions=spare_port(),
            rasa=spare_port(),
            insurer=front.insurer,
            mailbox=front.mailbox,
        )
        for _ in range(count)
    ]


@dataclass
class ProductionStack(Stack):
    """`Stack` with `len(instances)` of Rasa, the action server and the backend behind nginx;
    `ports` are nginx's (the front every client and every process calls)."""

    instances: list[Ports] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.instances:
            count = int(production_env(self.env)["CLAIMS_INSTANCES"])
            self.instances = instance_ports(count, self.ports)

    def commands(self, endpoints: Path, credentials: Path) -> dict[str, list[str]]:
        """The shared processes, nginx, then `rasa-1`, `actions-1`, `backend-1`, ..."""
        shared = super().commands(endpoints, credentials)
        commands = {name: command for name, command in shared.items() if name not in SCALED}
        commands["nginx"] = [NGINX, "-c", str(self.log_dir / "nginx.conf"), "-g", "daemon off;"]
        for number, ports in self.numbered():
            one = Stack.commands(replace(self, ports=ports), endpoints, credentials)
            commands.update({f"{kind}-{number}": one[kind] for kind in SCALED})
        return commands

    def health_urls(self) -> dict[str, str]:
        shared = super().health_urls()
        urls = {name: url for name, url in shared.items() if name not in SCALED}
        urls["nginx"] = shared["backend"]  # the backend through nginx
        for number, ports in self.numbered():
            one = Stack.health_urls(replace(self, ports=ports))
            urls.update({f"{kind}-{number}": one[kind] for kind in SCALED})
        return urls

    def numbered(self) -> list[tuple[int, Ports]]:
        """Each instance's number (from 1) and ports."""
        return list(enumerate(self.instances, start=1))

    def process_env(self) -> dict[str, str]:
        """Every process's environment: the production settings, passwords for Rasa's stores,
        and socket.io rooms shared through Redis."""
        env = production_env(super().process_env())
        return {**env, **store_secrets(env), "CLAIMS_SOCKETIO_REDIS_URL": env["CLAIMS_REDIS_URL"]}

    def write_endpoints(self, env: dict[str, str]) -> Path:
        """Rasa's endpoints (the action servers through nginx, the production stores), and
        beside them nginx's configuration."""
        path = super().write_endpoints(env)
        endpoints = yaml.safe_load(path.read_text())
        endpoints.update(rasa_stores(env))
        path.write_text(yaml.safe_dump(endpoints))
        prefix = self.log_dir / "nginx"
        prefix.mkdir(parents=True, exist_ok=True)
        (self.log_dir / "nginx.conf").write_text(nginx_conf(self.ports, self.instances, prefix))
        return path

    def launch(self, name: str, command: list[str], env: dict[str, str]) -> None:
        """Start one process; a backend instance listens on its own port."""
        kind, _, number = name.rpartition("-")
        if kind == "backend":
            env = {**env, "CLAIMS_PORT": str(self.instances[int(number) - 1].backend)}
        super().launch(name, command, env)


def services_missing(env: dict[str, str]) -> list[str]:
    """The services the profile needs that do not answer (PostgreSQL, Redis, RabbitMQ, nginx)."""
    missing = [] if shutil.which(NGINX) else [f"nginx ({NGINX}; make nginx installs it)"]
    for name in ("CLAIMS_DATABASE_URL", "CLAIMS_REDIS_URL", "CLAIMS_RABBITMQ_URL"):
        url = make_url(env[name])
        default_port = {"CLAIMS_DATABASE_URL": 5432, "CLAIMS_REDIS_URL": 6379}.get(name, 5672)
        try:
            socket.create_connection((url.host, url.port or default_port), timeout=2).close()
        except OSError:
            missing.append(f"{name} ({url.render_as_string(hide_password=True)})")
    return missing


def main() -> None:
    """`make run-production`: prepare the databases, start everything, stop on Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--marketplace", type=Path, default=DEMO_MARKETPLACE)
    arguments = parser.parse_args()

    env = production_env(dict(os.environ))
    missing = services_missing(env)
    if missing:
        raise SystemExit("The production profile needs: " + ", ".join(missing))
    generated = ensure_tokens(env)
    create_stores(env)
    run_backend_cli(env, "migrate")
    run_backend_cli(env, "load-marketplace", str(arguments.marketplace))
    staff = demo_staff(env)
    seller_id, seller_username, seller_password = demo_seller_user(env)
    stack = ProductionStack(env=env)
    print(f"Starting {len(stack.instances)}x Rasa, actions, backend behind nginx ...", flush=True)
    stack.start()
    ports = stack.ports
    print(f"""
The claims assistant is running (production profile; logs in {stack.log_dir}).
  Chat page:       http://localhost:{ports.backend}/chat
  Chat (REST):     POST http://localhost:{ports.rasa}/webhooks/rest/webhook
  Backend API:     http://localhost:{ports.backend}/api/openapi.json
  Instances:       {", ".join(f"{kind}-{n}" for n, _ in stack.numbered() for kind in SCALED)}
  Stores:          {stores_note(env)}
""")
    for name, value in generated.items():
        print(f"  {name}={value}   (generated; set it to choose your own)")
    for username, role, password in staff:
        print(f"  {role:<7} {username:<12} password {password}")
    print(f"  seller  {seller_username:<12} password {seller_password} ({seller_id})")
    print("\nPress Ctrl-C to stop.", flush=True)
    run_until_stopped(stack)


def stores_note(env: dict[str, str]) -> str:
    """Where the profile keeps things, passwords hidden, for the start banner."""

    def shown(name: str) -> str:
        return make_url(env[name]).render_as_string(hide_password=True)

    return (
        f"backend {shown('CLAIMS_DATABASE_URL')}, conversations {shown('RASA_TRACKER_URL')}, "
        f"locks and socket.io rooms {shown('CLAIMS_REDIS_URL')}, "
        f"events {shown('CLAIMS_RABBITMQ_URL')} queue {env['CLAIMS_RABBITMQ_QUEUE']}"
    )


if __name__ == "__main__":
    main()
