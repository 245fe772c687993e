"""Screening benchmark: claims screened per second and filing latency, by claims already stored.

For each database (SQLite file, PostgreSQL schema) and each size (0 claims stored: the baseline;
then e.g. 10,000 and 1,000,000), it seeds a fresh migrated database (``benchmarks.seeding``),
then files ``--claims`` new claims one after another through ``backend.claims.submit_claim`` in
its real unit of work (``run_in_transaction``: validation, screening queries, rules, decision,
storage, commit), in process, without HTTP. It records, per claim:
- the screening time: gathering the facts (the bounded, indexed queries) and running the rules,
  timed inside those real filings;
- the filing latency: the whole unit of work, commit included.
Screening throughput is one over the mean screening time (one worker). The ratio against the
baseline of the same database is what must stay near 1.

It also records the query plan of every SELECT one filing runs, at the largest size.
Results: ``benchmarks/results/screening.json`` and ``screening.md`` (committed).

    python -m benchmarks.screening [--sizes 10000 1000000] [--databases sqlite postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.schema import CreateSchema

import backend.claims as claims_module
from backend.commands import FileClaim
from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.migrations import upgrade_database
from backend.models import Evidence, Order, OrderItem
from backend.settings import Settings
from benchmarks.machine import machine as this_machine
from benchmarks.seeding import (
    EVIDENCE_EVERY,
    SELLERS,
    customer_address,
    order_id,
    population,
    seed_claims,
    seed_marketplace,
    template_story,
    unique_story,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
POSTGRES_URL = os.environ.get(
    "CLAIMS_BENCH_POSTGRES_URL",
    os.environ.get("CLAIMS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
)
WARM_UP = 20
SIGNATURE_INDEX = "ix_narrative_signatures_bucket_band"
SQLITE_SEEDING_CACHE_KIB = 4_000_000  # the seeding connection's page cache: 4 GB


# ---- databases -------------------------------------------------------------------------------


def fresh_database(kind: str, size: int) -> str:
    """An empty database for one run: a new SQLite file or a new PostgreSQL schema."""
    if kind == "sqlite":
        path = REPO_ROOT / "var" / "bench" / f"claims-{size}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{path.name}*"):
            stale.unlink()
        return f"sqlite:///{path}"
    schema = f"bench_{size}"
    server = create_engine(POSTGRES_URL)
    with server.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(CreateSchema(schema))
    server.dispose()
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _analyze(engine: Engine) -> None:
    """Fresh planner statistics, as production's autovacuum / a nightly ANALYZE keep them."""
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def _bench_orders(people, count: int, rng_seed: int = 11) -> tuple[list[dict], list[dict]]:
    """Orders (one item each) for the claims the benchmark files, by customers with history."""
    orders, items = [], []
    for index in range(count):
        customer = (index * 7919) % people.customers
        order = order_id(800, index)
        delivered = NOW - timedelta(days=10)
        orders.append(
            {
                "id": order,
                "customer_id": f"C-{customer}",
                "placed_at": delivered - timedelta(days=2),
                "delivered_at": delivered,
                "delivery_address": customer_address(customer),
            }
        )
        items.append(
            {
                "order_id": order,
                "sku": "B0BENCHNEW",
                "title": "Bench space heater",
                "seller_id": f"S-B{index % SELLERS:02d}",
                "price": Decimal("89.99"),
                "quantity": 1,
            }
        )
    return orders, items


def seed(url: str, size: int, bench_claims: int) -> dict[str, Any]:
    """Migrate, seed ``size`` claims and the bench orders; how long it took."""
    started = time.perf_counter()
    upgrade_database(url)
    engine = make_engine(url)
    people = population(size, NOW)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # rows are consistent by design
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_SEEDING_CACHE_KIB}")
        # 20 signature rows per claim go in faster with their index built once, afterwards.
        connection.execute(text(f"DROP INDEX {SIGNATURE_INDEX}"))
        rows = seed_marketplace(connection, people)
        rows += seed_claims(connection, people)
        connection.execute(
            text(f"CREATE INDEX {SIGNATURE_INDEX} ON narrative_signatures (bucket, band)")
        )
        orders, items = _bench_orders(people, bench_claims)
        connection.execute(Order.__table__.insert(), orders)
        connection.execute(OrderItem.__table__.insert(), items)
        connection.execute(
            Evidence.__table__.insert(),
            [
                {
                    "id": f"EV-B{index:010d}",
                    "sha256": f"{index:064x}",
                    "content_type": "image/jpeg",
                    "size": 90_000,
                    "uploaded_at": NOW - timedelta(hours=1),
                }
                for index in range(bench_claims)
            ],
        )
        rows += 2 * len(orders) + bench_claims
        if engine.dialect.name == "postgresql" and size:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('claims', 'id'), :top)"), {"top": size}
            )
    _analyze(engine)
    engine.dispose()
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": round(seconds, 1), "rows_per_second": round(rows / seconds)}


# ---- the claims filed ------------------------------------------------------------------------


def bench_body(index: int, people) -> dict[str, Any]:
    """A new claim on bench order ``index``: mostly ordinary, a few telling a stock story or
    reusing a seeded claim's evidence file, so every rule has its queries answered."""
    rng = random.Random(1000 + index)
    customer = (index * 7919) % people.customers
    story = template_story(index % 100) if index % 10 == 0 else unique_story(rng)
    evidence = [f"EV-B{index:010d}"]
    if index % 20 == 5 and people.claims >= EVIDENCE_EVERY:
        seeded = EVIDENCE_EVERY * (index % (people.claims // EVIDENCE_EVERY))
        evidence.append(f"EV-S{seeded:010d}")  # a seeded claim's file
    return {
        "order_id": order_id(800, index),
        "customer_email": f"c{customer}@bench.example",
        "sku": "B0BENCHNEW",
        "incident_date": (NOW - timedelta(days=5)).date().isoformat(),
        "defect_description": story,
        "property_damage": {
            "description": "damage to the room",
            "amount": f"{rng.randint(2000, 90000) / 100:.2f}",
        },
        "injury": None,
        "evidence_ids": evidence,
        "channel": "rest",
        "conversation_id": f"bench-new-{index}",
    }


class Stopwatch:
    """Accumulates the time spent in wrapped functions during one filing."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, function: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(url: str, size: int, bench_claims: int) -> dict[str, Any]:
    """File the bench claims one by one; screening and filing times in milliseconds."""
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    settings = Settings(database_url=url, clock=lambda: NOW)
    people = population(size, NOW)
    screening_watch = Stopwatch()
    originals = (claims_module.claim_under_screening, claims_module.screen_claim)
    claims_module.claim_under_screening = screening_watch.wrap(originals[0])
    claims_module.screen_claim = screening_watch.wrap(originals[1])
    screening_ms, filing_ms, statuses = [], [], {}
    try:
        for index in range(bench_claims):
            body = bench_body(index, people)
            screening_watch.seconds = 0.0
            started = time.perf_counter()
            filed = run_in_transaction(
                sessions,
                lambda session, body=body: claims_module.submit_claim(
                    session, FileClaim.from_body(body), None, settings, NOW
                ),
                attempts=3,
            )
            elapsed = time.perf_counter() - started
            if index >= WARM_UP:
                filing_ms.append(elapsed * 1000)
                screening_ms.append(screening_watch.seconds * 1000)
            statuses[filed.claim["status"]] = statuses.get(filed.claim["status"], 0) + 1
    finally:
        claims_module.claim_under_screening, claims_module.screen_claim = originals
    plans = query_plans(engine, sessions, settings, people)
    engine.dispose()
    return {
        "claims_filed": len(filing_ms),
        "screening_ms": _summary(screening_ms),
        "filing_ms": _summary(filing_ms),
        "claims_screened_per_second": round(1000 / statistics.mean(screening_ms), 1),
        "claims_filed_per_second": round(1000 / statistics.mean(filing_ms), 1),
        "statuses": statuses,
        "query_plans": plans,
    }


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 3),
        "p95": round(_percentile(values, 0.95), 3),
        "mean": round(statistics.mean(values), 3),
    }


def query_plans(engine, sessions, settings, people) -> list[dict[str, Any]]:
    """The plan of every SELECT one more filing runs (rolled back afterwards)."""
    statements: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    body = bench_body(5, people)  # filed already: a duplicate, but every query runs
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with sessions() as session:
            claims_module.submit_claim(session, FileClaim.from_body(body), None, settings, NOW)
            session.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    plans = []
    with engine.connect() as connection:
        raw = connection.connection.cursor()
        for statement, parameters in statements:
            prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
            raw.execute(prefix + statement, parameters)
            lines = [" ".join(str(part) for part in row[-1:]) for row in raw.fetchall()]
            plans.append({"query": " ".join(statement.split())[:300], "plan": lines})
    return plans


# ---- report ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What ran the benchmark, with the versions of both databases."""
    server = create_engine(POSTGRES_URL)
    try:
        with server.connect() as connection:
            postgres = connection.execute(text("SHOW server_version")).scalar_one()
    except Exception:  # noqa: BLE001 - PostgreSQL may simply not be there
        postgres = None
    server.dispose()
    return {**this_machine(), "sqlite": sqlite3.sqlite_version, "postgresql": postgres}


def markdown(report: dict[str, Any]) -> str:
    """The figures as a table (medians first)."""
    lines = [
        f"# Screening benchmark ({report['machine']['date']})",
        "",
        (
            f"Machine: {report['machine']['cpu']}, {report['machine']['cpus']} CPUs, "
            f"{report['machine']['memory']}; Python {report['machine']['python']}, "
            f"SQLite {report['machine']['sqlite']}, PostgreSQL {report['machine']['postgresql']}."
        ),
        f"Method: {report['method']}",
        "",
        (
            "| database | claims stored | screening p50 ms | p95 ms | screened/s "
            "| filing p50 ms | p95 ms | filed/s | p50 vs baseline (screening / filing) "
            "| seeding rows/s |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in report["runs"]:
        lines.append(
            f"| {run['database']} | {run['claims_stored']:,} | {run['screening_ms']['p50']} "
            f"| {run['screening_ms']['p95']} | {run['claims_screened_per_second']} "
            f"| {run['filing_ms']['p50']} | {run['filing_ms']['p95']} "
            f"| {run['claims_filed_per_second']} "
            f"| {run['ratio_to_baseline']['screening_p50']} / {run['ratio_to_baseline']['filing_p50']} "
            f"| {run['seeding'].get('rows_per_second', '-')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--claims", type=int, default=220, help="claims filed per run")
    arguments = parser.parse_args(argv)
    report: dict[str, Any] = {
        "machine": machine(),
        "method": (
            "in process through backend.claims.submit_claim in its unit of work (no HTTP); "
            f"{arguments.claims - WARM_UP} claims filed one by one after {WARM_UP} warm-up "
            "claims; screening = fact queries + rules, timed inside those filings"
        ),
        "runs": [],
    }
    for database in arguments.databases:
        baseline = None
        for size in [0, *arguments.sizes]:
            url = fresh_database(database, size)
            print(f"{database}: seeding {size:,} claims ...", flush=True)
            seeding = seed(url, size, arguments.claims)
            print(f"  seeded {seeding}", flush=True)
            figures = measure(url, size, arguments.claims)
            baseline = baseline or figures
            run = {
                "database": database,
                "claims_stored": size,
                "seeding": seeding,
                **figures,
                "ratio_to_baseline": {
                    "screening_p50": round(
                        figures["screening_ms"]["p50"] / baseline["screening_ms"]["p50"], 2
                    ),
                    "filing_p50": round(
                        figures["filing_ms"]["p50"] / baseline["filing_ms"]["p50"], 2
                    ),
                },
            }
            if size != max(arguments.sizes):
                run.pop("query_plans")
            report["runs"].append(run)
            print(
                f"  screening p50 {figures['screening_ms']['p50']} ms, "
                f"filing p50 {figures['filing_ms']['p50']} ms, {figures['statuses']}",
                flush=True,
            )
            RESULTS.mkdir(exist_ok=True)
            (RESULTS / "screening.json").write_text(json.dumps(report, indent=2) + "\n")
            (RESULTS / "screening.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
