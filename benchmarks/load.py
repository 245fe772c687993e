"""Load benchmark: simulated customers completing claims over Rasa's REST channel, against this
assistant and, in the same run on the same machine, against a bare `rasa init` assistant.

For each number of concurrent customers (default 1, 10, 20, 50), each assistant gets a bounded
stretch of load (``--seconds`` and ``--max-conversations``); every customer runs conversation
after conversation with a fresh sender id. A customer of this assistant files a standard claim
(one kettle, property damage, the story first) and answers whatever the assistant asks, by the
questions' wording (the end-to-end tests' ``question_asked``); a customer of the bare assistant
has its three-turn mood conversation. With ``--production``, the same customers also talk to the
production profile (``scripts/production.py``: two of each process behind nginx, PostgreSQL,
Redis, RabbitMQ; its own databases, dropped afterwards). Recorded per level and assistant: turn latency p50/p95,
turns per second, errors, the CPU each process spent per turn (from /proc), and for this
assistant the claims confirmed to the customer against the claims stored in the backend, and the
filing turn's latency ("yes" to the summary -> the decision: submit -> decision as seen).
Everything listens on 127.0.0.1. The bare assistant is made once with ``rasa init`` under
``var/bench/bare`` (trained there, a minute or two).

    python -m benchmarks.load [--customers 1 10 20 50] [--seconds 30] [--production]

Results: ``benchmarks/results/load.json`` and ``load.md`` (``--name`` chooses another name); the
ratios compare the assistants measured in this run, never figures of another day. With
``--cpu-profile`` the single-instance assistant's Rasa and action server are sampled
(``benchmarks/profiled.py``) while it is measured, and where their CPU went is written beside the
figures (under the name ``profile`` unless ``--name`` says otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from production import (
    ProductionStack,
    create_stores,
    production_env,
    remove_stores,
    services_missing,
)
from sqlalchemy.engine import make_url
from stack import (
    DEFAULT_MODEL,
    Ports,
    Stack,
    _answers,
    isolated_environment,
)

from benchmarks import profiled
from benchmarks.machine import machine
from tests.e2e.customer import REFERENCE, question_asked

RESULTS = Path(__file__).resolve().parent / "results"
BARE_DIR = ROOT / "var" / "bench" / "bare"
PROFILES = ROOT / "var" / "bench" / "profiles"
KETTLE = {"sku": "B0BENCHKTL", "title": "Electric kettle 1.7L"}
TURN_TIMEOUT = aiohttp.ClientTimeout(total=120)
MAX_TURNS = 20
BARE_TURNS = ("hello there", "I am feeling very sad", "yes, that helped")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---- the marketplace and the customers ---------------------------------------------------------


def order_id(number: int) -> str:
    return f"9{number // 10_000_000 % 100:02d}-{number % 10_000_000:07d}-0000000"


def email(number: int) -> str:
    return f"bench{number:06d}@example.com"


def bench_marketplace(orders: int, today: date) -> dict[str, Any]:
    """One insured seller and ``orders`` one-kettle orders delivered ten days ago."""
    delivered = f"{(today - timedelta(days=10)).isoformat()}T12:00:00Z"
    return {
        "sellers": [
            {
                "id": "S-BENCH",
                "name": "Bench Home",
                "email": "claims@bench.example",
                "api_key": "sk-bench-0000000000000000000000",
                "monthly_sales": [],
                "insurance": {
                    "policy_number": "PL-BENCH",
                    "insurer": "Example Mutual",
                    "per_occurrence_limit": "1000000.00",
                    "additional_insured": True,
                    "valid_from": (today - timedelta(days=365)).isoformat(),
                    "valid_to": (today + timedelta(days=365)).isoformat(),
                },
            }
        ],
        "orders": [
            {
                "id": order_id(number),
                "customer": {
                    "id": f"C-BENCH-{number}",
                    "name": f"Bench Customer {number}",
                    "email": email(number),
                    "postal_code": "10001",
                },
                "placed_at": delivered,
                "delivered_at": delivered,
                "items": [{**KETTLE, "seller_id": "S-BENCH", "price": "34.50", "quantity": 1}],
            }
            for number in range(1, orders + 1)
        ],
    }


def claim_answer(number: int, slot: str, buttons: list[dict]) -> str:
    """What a benchmark customer says when asked for ``slot``."""
    if slot == "claim_sku" and buttons:
        return buttons[0]["payload"]
    return {
        "order_id": order_id(number),
        "customer_email": email(number),
        "claim_sku": "the kettle",
        "incident_date": "3 days ago",
        "defect_description": "the base overheated and started to smoke",
        "harm_kind": "property damage",
        "property_damage_description": "a burn mark on my wooden countertop",
        "property_damage_amount": "240 dollars",
        "injury_description": "nobody was hurt",
        "injury_treatment": "no treatment",
        "medical_costs": "none",
        "lost_earnings": "none",
        "evidence_provided": "I have no photos",
        "claim_confirmed": "yes",
        "what_happened": "my kettle overheated and burned my countertop",
    }.get(slot, "yes")


@dataclass
class Figures:
    """What one stretch of load measured."""

    turn_seconds: list[float] = field(default_factory=list)
    # the turn that files the claim: "yes" to the summary -> the decision (submit -> decision)
    filing_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conversations: int = 0
    confirmed: dict[str, str] = field(default_factory=dict)  # sender -> claim reference


class RestChannel:
    """A customer's messages to one assistant's REST channel, each turn timed."""

    def __init__(self, http: aiohttp.ClientSession, url: str, token: str | None, figures: Figures):
        self.http, self.url, self.figures = http, url, figures
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def say(self, sender: str, message: str, filing: bool = False) -> list[dict]:
        started = time.perf_counter()
        async with self.http.post(
            self.url, json={"sender": sender, "message": message}, headers=self.headers
        ) as response:
            replies = await response.json()
            if response.status != 200:
                raise RuntimeError(f"{response.status}: {replies}")
        seconds = time.perf_counter() - started
        self.figures.turn_seconds.append(seconds)
        if filing:
            self.figures.filing_seconds.append(seconds)
        return replies


async def claim_conversation(channel: RestChannel, number: int) -> None:
    """File one standard claim, answering each question; record the reference confirmed."""
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    replies = await channel.say(
        sender,
        f"Hi, my kettle from order {order_id(number)} overheated 3 days ago and burned my "
        f"countertop. My email is {email(number)}.",
    )
    for _ in range(MAX_TURNS):
        said = "\n".join(reply.get("text", "") for reply in replies)
        reference = REFERENCE.search(said)
        if reference and ("filed" in said or "recorded" in said):
            channel.figures.confirmed[sender] = reference.group()
            return
        slot, buttons = question_asked(replies)
        if slot is None:
            raise RuntimeError(f"no question recognised in {said!r}")
        replies = await channel.say(
            sender, claim_answer(number, slot, buttons), filing=slot == "claim_confirmed"
        )
    raise RuntimeError(f"not filed after {MAX_TURNS} turns")


async def bare_conversation(channel: RestChannel, number: int) -> None:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    for message in BARE_TURNS:
        replies = await channel.say(sender, message)
        if not replies:
            raise RuntimeError(f"no reply to {message!r}")


async def load(
    conversation: Callable[[RestChannel, int], Awaitable[None]],
    url: str,
    token: str | None,
    customers: int,
    seconds: float,
    max_conversations: int,
    numbers: Iterator[int],
) -> tuple[Figures, float]:
    """``customers`` concurrent customers, conversation after conversation, until ``seconds``
    have passed or ``max_conversations`` were started; returns the figures and the time taken."""
    figures = Figures()
    started = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=customers)
    async with aiohttp.ClientSession(timeout=TURN_TIMEOUT, connector=connector) as http:
        channel = RestChannel(http, url, token, figures)

        async def customer() -> None:
            while (
                time.perf_counter() - started < seconds
                and figures.conversations < max_conversations
            ):
                figures.conversations += 1
                try:
                    await conversation(channel, next(numbers))
                except Exception as error:  # noqa: BLE001 - every failure is a figure
                    figures.errors.append(f"{type(error).__name__}: {error}"[:300])

        await asyncio.gather(*(customer() for _ in range(customers)))
    return figures, time.perf_counter() - started


# ---- processes and their CPU ------------------------------------------------------------------


def cpu_seconds(process_group: int) -> float:
    """User + system CPU of every live process in ``process_group``, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == process_group:  # fields: state ppid pgrp ... utime(11) stime(12)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


@dataclass
class Assistant:
    """One assistant under load: its REST URL, token, processes and kind of customer."""

    name: str
    url: str
    token: str | None
    processes: dict[str, int]  # name -> process group
    conversation: Callable[[RestChannel, int], Awaitable[None]]


def bare_assistant() -> tuple[Assistant, subprocess.Popen]:
    """Start the bare `rasa init` assistant (made and trained once under var/bench/bare)."""
    rasa = str(Path(sys.executable).parent / "rasa")
    if not list((BARE_DIR / "models").glob("*.tar.gz")):
        shutil.rmtree(BARE_DIR, ignore_errors=True)
        BARE_DIR.mkdir(parents=True)
        subprocess.run([rasa, "init", "--no-prompt", "--init-dir", str(BARE_DIR)], check=True)
    port = free_port()
    log = open(BARE_DIR / "rasa.log", "ab")  # noqa: SIM115 - open while the process runs
    process = subprocess.Popen(
        [rasa, "run", "--enable-api", "--port", str(port), "--model", "models"],
        cwd=BARE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
    )
    deadline = time.monotonic() + 240
    while not _answers(f"http://127.0.0.1:{port}/webhooks/rest/"):
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                stop(process)  # too slow: not left running
            raise RuntimeError(f"the bare assistant did not start; see {BARE_DIR / 'rasa.log'}")
        time.sleep(0.5)
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    return Assistant("bare rasa init", url, None, {"rasa": process.pid}, bare_conversation), process


def stop(process: subprocess.Popen) -> None:
    """Stop a process group started with ``start_new_session`` (if it still runs)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


PROFILED = ("rasa", "actions")


@dataclass
class ProfiledStack(Stack):
    """The stack with Rasa and the action server under ``benchmarks.profiled``."""

    def commands(self, endpoints: Path, credentials: Path) -> dict[str, list[str]]:
        commands = super().commands(endpoints, credentials)
        rasa, actions = commands["rasa"], commands["actions"]
        module = {"rasa": rasa[2:], "actions": ["rasa", *actions[1:]]}  # `-m bot.serve`, `rasa`
        for name in PROFILED:
            out = self.log_dir / f"{name}.profile.json"
            commands[name] = [sys.executable, "-m", "benchmarks.profiled", str(out), *module[name]]
        return commands

    def profile_files(self) -> dict[str, Path]:
        return {name: self.log_dir / f"{name}.profile.json" for name in PROFILED}

    def start_profiling(self) -> None:
        for name in PROFILED:
            os.kill(self.processes[name].pid, signal.SIGUSR1)

    def stop_profiling(self) -> None:
        """Stop profiling and wait until each process has written what it profiled so far."""
        for name, path in self.profile_files().items():
            path.unlink(missing_ok=True)
            os.kill(self.processes[name].pid, signal.SIGUSR2)
        deadline = time.monotonic() + 60
        while not all(path.exists() for path in self.profile_files().values()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"no profiles written in {self.log_dir}")
            time.sleep(0.2)


def claims_assistant(
    workdir: Path,
    orders: int,
    production: dict[str, str] | None = None,
    model: Path = DEFAULT_MODEL,
    cpu_profile: bool = False,
) -> tuple[Assistant, Stack]:
    """Start this assistant with the bench orders: as `make run` does (SQLite, single
    instances), or with `production` settings as `make run-production` does."""
    workdir.mkdir(parents=True, exist_ok=True)
    production = production or {}
    env = isolated_environment(
        workdir, bench_marketplace(orders, date.today()), production.get("CLAIMS_DATABASE_URL")
    )
    env.update(production)
    kind = ProductionStack if production else ProfiledStack if cpu_profile else Stack
    stack = kind(
        env=env,
        ports=Ports(backend=free_port(), actions=free_port(), rasa=free_port()),
        log_dir=workdir / "log",
        model=model,
    )
    stack.start()
    assistant = Assistant(
        "production profile" if production else "claims assistant",
        f"http://127.0.0.1:{stack.ports.rasa}/webhooks/rest/webhook",
        env["CLAIMS_SERVICE_TOKEN"],
        {name: process.pid for name, process in stack.processes.items()},
        claim_conversation,
    )
    return assistant, stack


def production_settings(cleanup: contextlib.ExitStack) -> dict[str, str]:
    """Settings for a production profile of the benchmark's own: fresh databases, lock prefix,
    socket.io channel and event queue, all removed when `cleanup` closes."""
    suffix = uuid.uuid4().hex[:10]
    server = make_url(production_env({})["CLAIMS_DATABASE_URL"])
    settings = production_env(
        {
            "CLAIMS_DATABASE_URL": server.set(database=f"bench_claims_{suffix}").render_as_string(
                hide_password=False
            ),
            "RASA_TRACKER_URL": server.set(database=f"bench_rasa_{suffix}").render_as_string(
                hide_password=False
            ),
            "CLAIMS_REDIS_PREFIX": f"bench{suffix}",
            "CLAIMS_SOCKETIO_CHANNEL": f"bench-socketio-{suffix}",
            "CLAIMS_RABBITMQ_QUEUE": f"bench_events_{suffix}",
        }
    )
    missing = services_missing(settings)
    if missing:
        raise SystemExit("--production needs " + ", ".join(missing))
    create_stores(settings)
    cleanup.callback(remove_stores, settings)
    return settings


async def stored_claims(stack: Stack) -> dict[str, str]:
    """conversation id -> reference of every claim the backend stored."""
    url = f"http://127.0.0.1:{stack.ports.backend}/api/admin/claims"
    headers = {"Authorization": f"Bearer {stack.env['CLAIMS_ADMIN_TOKEN']}"}
    async with (
        aiohttp.ClientSession(timeout=TURN_TIMEOUT) as http,
        http.get(url, headers=headers) as response,
    ):
        claims = (await response.json())["claims"]
    return {claim["conversation_id"]: claim["reference"] for claim in claims}


# ---- the run -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(assistant: Assistant, figures: Figures, elapsed: float, cpu: dict[str, float]) -> dict:
    turns = len(figures.turn_seconds)
    milliseconds = [seconds * 1000 for seconds in figures.turn_seconds]
    filing = [seconds * 1000 for seconds in figures.filing_seconds]
    return {
        "assistant": assistant.name,
        "conversations": figures.conversations,
        "turns": turns,
        "errors": len(figures.errors),
        "first_errors": figures.errors[:3],
        "turn_ms_p50": round(statistics.median(milliseconds), 1) if milliseconds else None,
        "turn_ms_p95": round(percentile(milliseconds, 0.95), 1) if milliseconds else None,
        "turns_per_second": round(turns / elapsed, 2),
        "filing_turn_ms_p50": round(statistics.median(filing), 1) if filing else None,
        "filing_turn_ms_p95": round(percentile(filing, 0.95), 1) if filing else None,
        "cpu_ms_per_turn": {
            name: round(seconds * 1000 / turns, 1) if turns else None
            for name, seconds in cpu.items()
        },
    }


async def measure(
    assistant: Assistant, customers: int, arguments: argparse.Namespace, numbers: Iterator[int]
) -> tuple[dict, Figures]:
    before = {name: cpu_seconds(group) for name, group in assistant.processes.items()}
    figures, elapsed = await load(
        assistant.conversation,
        assistant.url,
        assistant.token,
        customers,
        arguments.seconds,
        arguments.max_conversations,
        numbers,
    )
    cpu = {name: cpu_seconds(group) - before[name] for name, group in assistant.processes.items()}
    return summary(assistant, figures, elapsed, cpu), figures


def ratio(ours: float | None, bare: float | None) -> float | None:
    return round(ours / bare, 2) if ours and bare else None


async def run(arguments: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    orders = arguments.max_conversations * len(arguments.customers) + 10
    anyone = itertools.count(1)  # the bare assistant's customers need no order
    levels, cpu_profiles = [], {}
    with contextlib.ExitStack() as cleanup:  # whatever started is stopped, even on a failure
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        bare, bare_process = bare_assistant()
        cleanup.callback(stop, bare_process)
        ours = {}  # report key -> (assistant, its stack)
        profiles = {"claims_assistant": None}
        if arguments.production:
            profiles["production"] = production_settings(cleanup)
        # Each claim its own order (no duplicates); each profile has its own database.
        numbers = {key: iter(range(1, orders + 1)) for key in profiles}
        for key, production in profiles.items():
            assistant, stack = claims_assistant(
                workdir / key, orders, production, arguments.model, arguments.cpu_profile
            )
            cleanup.callback(stack.stop)
            ours[key] = assistant, stack
        # Warm them up (first-turn model loading, connection pools) outside the figures.
        await load(bare.conversation, bare.url, bare.token, 1, 0.1, 1, anyone)
        for key, (assistant, _) in ours.items():
            await load(
                assistant.conversation, assistant.url, assistant.token, 1, 0.1, 1, numbers[key]
            )
        for customers in arguments.customers:
            print(f"{customers} customers ...", flush=True)
            bare_figures, _ = await measure(bare, customers, arguments, anyone)
            level = {"customers": customers, "bare": bare_figures, "ratio": {}}
            for key, (assistant, stack) in ours.items():
                sampled = arguments.cpu_profile and isinstance(stack, ProfiledStack)
                if sampled:
                    stack.start_profiling()
                our_figures, figures = await measure(assistant, customers, arguments, numbers[key])
                if sampled:
                    stack.stop_profiling()
                stored = await stored_claims(stack)
                our_figures["claims_confirmed"] = len(figures.confirmed)
                our_figures["claims_confirmed_and_stored"] = sum(
                    stored.get(sender) == reference
                    for sender, reference in figures.confirmed.items()
                )
                level[key] = our_figures
                level["ratio"][key] = {
                    "turn_p50": ratio(our_figures["turn_ms_p50"], bare_figures["turn_ms_p50"]),
                    "turns_per_second": ratio(
                        our_figures["turns_per_second"], bare_figures["turns_per_second"]
                    ),
                }
            levels.append(level)
        if arguments.cpu_profile:  # each profile covers every level, as the turns summed here
            _, stack = ours["claims_assistant"]
            turns = sum(level["claims_assistant"]["turns"] for level in levels)
            for name, path in stack.profile_files().items():
                cpu_profiles[name] = profiled.summary(path, turns)
                PROFILES.mkdir(parents=True, exist_ok=True)  # the whole samples, for a closer look
                shutil.copy(path, PROFILES / path.name)
    return {
        "machine": machine(),
        "profiles": {
            "claims_assistant": "single instances, SQLite (make run)",
            **(
                {
                    "production": "2x Rasa, actions, backend behind nginx; PostgreSQL, Redis, RabbitMQ"
                }
                if arguments.production
                else {}
            ),
        },
        "model": str(arguments.model),
        "method": (
            f"per level and assistant: at most {arguments.seconds:g} s and "
            f"{arguments.max_conversations} conversations; bare first, then this assistant; "
            "latency is the REST call's round trip as the customer sees it"
        ),
        "levels": levels,
        "cpu_profiles": cpu_profiles,
    }


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    profiles = report["cpu_profiles"]
    lines = [
        f"# {'CPU profile under load' if profiles else 'Load benchmark'} ({m['date']})",
        "",
        f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory']}; Python {m['python']}.",
        "Profiles: "
        + "; ".join(f"{key}: {text}" for key, text in report["profiles"].items())
        + f"; model {report['model']}. Method: {report['method']}.",
        "",
        (
            "| customers | assistant | turn p50 ms | p95 ms | turns/s | errors | CPU ms/turn "
            "| claims confirmed / stored | filing turn p50 / p95 ms | p50 ratio | turns/s ratio |"
        ),
        "| ---: | --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |",
    ]
    for level in report["levels"]:
        for key in ("bare", *report["profiles"]):
            run = level[key]
            cpu = ", ".join(f"{name} {ms}" for name, ms in run["cpu_ms_per_turn"].items())
            claims, filing = (
                (
                    f"{run['claims_confirmed']} / {run['claims_confirmed_and_stored']}",
                    f"{run['filing_turn_ms_p50']} / {run['filing_turn_ms_p95']}",
                )
                if key != "bare"
                else ("-", "-")
            )
            ratios = (
                (level["ratio"][key]["turn_p50"], level["ratio"][key]["turns_per_second"])
                if key != "bare"
                else ("", "")
            )
            lines.append(
                f"| {level['customers']} | {run['assistant']} | {run['turn_ms_p50']} "
                f"| {run['turn_ms_p95']} | {run['turns_per_second']} | {run['errors']} | {cpu} "
                f"| {claims} | {filing} | {ratios[0]} | {ratios[1]} |"
            )
    if profiles:
        lines += ["", "The figures above were measured while sampled: load.md has the plain ones."]
    for name, text in profiles.items():
        lines += ["", f"## {name}", "", text]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[1, 10, 20, 50])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-conversations", type=int, default=300)
    parser.add_argument(
        "--production", action="store_true", help="also load the production profile"
    )
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="this assistant's")
    parser.add_argument("--cpu-profile", action="store_true", help="sample Rasa and the actions")
    parser.add_argument("--name", help="results file name without suffix (load, or profile)")
    arguments = parser.parse_args(argv)
    report = asyncio.run(run(arguments))
    RESULTS.mkdir(exist_ok=True)
    name = arguments.name or ("profile" if arguments.cpu_profile else "load")
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
