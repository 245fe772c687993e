"""Money, time, settings, references and tokens: the small pieces everything relies on."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from backend.api.auth import Role, role_for_token
from backend.clock import format_timestamp, parse_date, parse_month, parse_timestamp
from backend.credentials import same_email
from backend.money import (
    InvalidAmount,
    format_dollars,
    format_money,
    from_cents,
    parse_money,
    to_cents,
)
from backend.openapi import field_name
from backend.references import (
    UNAMBIGUOUS_ALPHABET,
    new_claim_reference,
    new_evidence_id,
)
from backend.settings import REPO_ROOT, Settings


@pytest.mark.parametrize(
    "text, amount",
    [("350.00", "350.00"), ("350", "350.00"), ("0.5", "0.50"), ("0", "0.00"), ("007.10", "7.10")],
)
def test_money_is_read_exactly(text, amount):
    assert parse_money(text) == Decimal(amount)
    assert format_money(parse_money(text)) == amount


@pytest.mark.parametrize("text", ["-1.00", "1.001", "1e3", "NaN", "Infinity", "", " 1", "1,000"])
def test_anything_else_is_not_money(text):
    with pytest.raises(InvalidAmount):
        parse_money(text)


def test_not_even_a_float_is_money():
    with pytest.raises(InvalidAmount):
        parse_money(350.0)


def test_money_round_trips_through_cents():
    assert to_cents(Decimal("999.99")) == 99999
    assert from_cents(99999) == Decimal("999.99")
    assert to_cents(Decimal("1000000.00")) == 100_000_000
    with pytest.raises(InvalidAmount):
        to_cents(Decimal("0.001"))


def test_money_for_people_has_a_dollar_sign_and_thousands():
    assert format_dollars(Decimal(1000)) == "$1,000.00"
    assert format_dollars(Decimal("999.9")) == "$999.90"


def test_timestamps_need_a_zone_and_come_back_in_utc():
    assert parse_timestamp("2026-09-10T08:30:00+02:00") == datetime(
        2026, 9, 10, 6, 30, tzinfo=timezone.utc
    )
    assert format_timestamp(parse_timestamp("2026-09-04T15:00:00Z")) == "2026-09-04T15:00:00Z"
    with pytest.raises(ValueError):
        parse_timestamp("2026-09-04T15:00:00")
    with pytest.raises(ValueError):  # before year 1 once moved to UTC
        parse_timestamp("0001-01-01T00:00:00+01:00")


def test_dates_and_months_are_strict():
    assert parse_date("2026-10-02") == date(2026, 10, 2)
    assert parse_month("2026-10") == date(2026, 10, 1)
    for text in ("2026-10-2", "20261002", "2026-02-30"):
        with pytest.raises(ValueError):
            parse_date(text)


def test_references_are_random_and_unambiguous():
    references = {new_claim_reference() for _ in range(200)}

    assert len(references) == 200
    for reference in references:
        assert reference.startswith("CLM-") and len(reference) == 10
        assert set(reference[4:]) <= set(UNAMBIGUOUS_ALPHABET)
        assert not set(reference[4:]) & set("01OI")
    assert new_evidence_id().startswith("EV-")


def test_settings_come_from_the_environment():
    settings = Settings.from_env(
        {
            "CLAIMS_DATABASE_URL": "postgresql://claims@db/claims",
            "CLAIMS_ADMIN_TOKEN": "a",
            "CLAIMS_SERVICE_TOKEN": "s",
            "CLAIMS_AGENT_TOKEN": "",
            "CLAIMS_FILING_WINDOW_DAYS": "60",
            "CLAIMS_SELLER_RESPONSE_DAYS": "10",
            "CLAIMS_EVIDENCE_DIR": "/srv/evidence",
            "CLAIMS_EVIDENCE_MAX_BYTES": "1024",
            "CLAIMS_HOST": "127.0.0.1",
            "CLAIMS_PORT": "9000",
        }
    )

    assert settings.database_url == "postgresql://claims@db/claims"
    assert (settings.admin_token, settings.service_token, settings.agent_token) == ("a", "s", None)
    assert (settings.filing_window_days, settings.seller_response_days) == (60, 10)
    assert settings.evidence_dir == Path("/srv/evidence")
    assert settings.evidence_max_bytes == 1024
    assert (settings.host, settings.port) == ("127.0.0.1", 9000)


def test_settings_default_to_one_machine():
    settings = Settings.from_env({"CLAIMS_EVIDENCE_DIR": "var/other-evidence"})

    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'claims.db'}"
    assert settings.evidence_dir == REPO_ROOT / "var" / "other-evidence"
    assert settings.evidence_max_bytes == 10 * 1024 * 1024
    assert (settings.filing_window_days, settings.seller_response_days) == (90, 7)
    assert (settings.host, settings.port) == ("0.0.0.0", 8000)
    assert settings.admin_token is None


def test_a_bad_number_in_the_environment_is_reported_by_name():
    with pytest.raises(ValueError, match="CLAIMS_PORT"):
        Settings.from_env({"CLAIMS_PORT": "eighty"})


def test_tokens_map_to_roles_and_unset_roles_match_nothing():
    settings = Settings(admin_token="adm", service_token="svc", agent_token=None)

    assert role_for_token("adm", settings) is Role.ADMIN
    assert role_for_token("svc", settings) is Role.SERVICE
    assert role_for_token("", settings) is None
    assert role_for_token("svc ", settings) is None


def test_emails_match_trimmed_and_case_insensitively():
    assert same_email(" Dana@Example.com ", "dana@example.com")
    assert not same_email("dana@example.co", "dana@example.com")


def test_field_names_read_like_json_paths():
    assert field_name(["orders", 0, "items", 1, "price"]) == "orders[0].items[1].price"
    assert field_name([]) is None
