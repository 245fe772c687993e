"""The backend's configuration, read from environment variables in this one place."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from backend.clock import Clock, system_clock
from backend.partner_quotes import PartnerInsurer, parse_insurers
from backend.policy.parameters import PolicyParameters

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'claims.db'}"
DEFAULT_EVIDENCE_DIR = REPO_ROOT / "var" / "evidence"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_MAIL_FROM = "Marketplace claims <claims@marketplace.example>"
# Without CLAIMS_SIGNING_SECRET, tokens the backend signs are good only while this process lives.
PROCESS_SIGNING_SECRET = secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Settings:
    """Everything the backend needs to know about its environment.

    A token left as ``None`` means nobody can authenticate in that role: the launcher
    generates tokens, the application never invents them.
    """

    database_url: str = DEFAULT_DATABASE_URL
    admin_token: str | None = None
    service_token: str | None = None
    agent_token: str | None = None
    # The policy's configurable windows (defaults: ``PolicyParameters``, the published policy).
    filing_window_days: int = PolicyParameters.filing_window_days
    seller_response_days: int = PolicyParameters.seller_response_days
    # How often the running backend applies due deadlines (seconds); 0 turns the task off.
    sweep_interval_seconds: int = 60
    reimbursement_waiver_days: int = PolicyParameters.reimbursement_waiver_days
    appeal_window_days: int = PolicyParameters.appeal_window_days
    # The claims desk decides a seller's rejection within this many days (then it is overdue).
    claims_desk_deadline_days: int = PolicyParameters.desk_decision_days
    evidence_dir: Path = DEFAULT_EVIDENCE_DIR
    evidence_max_bytes: int = 10 * 1024 * 1024
    # What one conversation may upload in all: files and bytes.
    conversation_max_files: int = 30
    conversation_max_bytes: int = 100 * 1024 * 1024
    host: str = "0.0.0.0"
    port: int = 8000
    # The outbox dispatcher: how often the backend delivers seller webhooks (0: never; use the
    # CLI or the admin API), the secret their HMAC signature uses, and how hard it tries.
    outbox_dispatch_seconds: int = 10
    webhook_secret: str | None = None
    webhook_timeout_seconds: int = 10
    webhook_max_attempts: int = 8
    # Seller webhooks to loopback/private/link-local addresses: refused unless this is set
    # (development and tests only; CLAIMS_WEBHOOK_ALLOW_PRIVATE=1).
    webhook_allow_private: bool = False
    # E-mail to customers and sellers: the SMTP server (``smtp://user:pass@host:port``,
    # ``smtps://`` for TLS from the start, ``?starttls=require|never``; None: e-mails are only
    # recorded), the From address, and how long one delivery may take.
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str = DEFAULT_MAIL_FROM
    smtp_timeout_seconds: int = 30
    # The key of the tokens the backend signs (web chat conversations, customers).
    signing_secret: str = field(default=PROCESS_SIGNING_SECRET, repr=False)
    # Rasa's HTTP API (agent handoffs, transcripts), and the socket.io URL the chat page uses
    # (None: the page's own host on port 5005).
    rasa_url: str = DEFAULT_RASA_URL
    rasa_token: str | None = field(default=None, repr=False)
    rasa_public_url: str | None = None
    rasa_timeout_seconds: int = 10
    # `python -m backend forget` forgets files, payloads and facts older than this many days.
    retention_days: int = 730
    # Identity checks (customer email or token, agent sign-in) per client per minute; 0: no limit.
    identity_checks_per_minute: int = 30
    # Proxies (addresses) whose X-Forwarded-For names the client, e.g. the production profile's
    # nginx (CLAIMS_TRUSTED_PROXIES, comma-separated); anyone else's is ignored.
    trusted_proxies: frozenset[str] = frozenset()
    # The partner insurers sellers get quotes from (CLAIMS_INSURERS, a JSON list), how long
    # each may take to answer, and the name they write as additional insured.
    insurers: tuple[PartnerInsurer, ...] = ()
    insurer_timeout_seconds: int = 10
    marketplace_name: str = "The Marketplace"
    clock: Clock = field(default=system_clock, compare=False)

    @cached_property
    def policy(self) -> PolicyParameters:
        """The policy's parameters, with the windows configured here."""
        return PolicyParameters(
            filing_window_days=self.filing_window_days,
            seller_response_days=self.seller_response_days,
            reimbursement_waiver_days=self.reimbursement_waiver_days,
            appeal_window_days=self.appeal_window_days,
            desk_decision_days=self.claims_desk_deadline_days,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Build settings from ``CLAIMS_*`` environment variables, defaulting what is unset."""
        defaults = cls()

        def text(name: str, default: str) -> str:
            return environ.get(name) or default

        def number(name: str, default: int) -> int:
            raw = environ.get(name)
            if not raw:
                return default
            try:
                return int(raw)
            except ValueError:
                raise ValueError(f"{name} must be a whole number, got {raw!r}") from None

        return cls(
            database_url=text("CLAIMS_DATABASE_URL", defaults.database_url),
            admin_token=environ.get("CLAIMS_ADMIN_TOKEN") or None,
            service_token=environ.get("CLAIMS_SERVICE_TOKEN") or None,
            agent_token=environ.get("CLAIMS_AGENT_TOKEN") or None,
            filing_window_days=number("CLAIMS_FILING_WINDOW_DAYS", defaults.filing_window_days),
            seller_response_days=number(
                "CLAIMS_SELLER_RESPONSE_DAYS", defaults.seller_response_days
            ),
            # A relative evidence directory is relative to the repository, like the default.
            evidence_dir=REPO_ROOT / text("CLAIMS_EVIDENCE_DIR", str(defaults.evidence_dir)),
            evidence_max_bytes=number("CLAIMS_EVIDENCE_MAX_BYTES", defaults.evidence_max_bytes),
            conversation_max_files=number(
                "CLAIMS_CONVERSATION_MAX_FILES", defaults.conversation_max_files
            ),
            conversation_max_bytes=number(
                "CLAIMS_CONVERSATION_MAX_BYTES", defaults.conversation_max_bytes
            ),
            sweep_interval_seconds=number(
                "CLAIMS_SWEEP_INTERVAL_SECONDS", defaults.sweep_interval_seconds
            ),
            reimbursement_waiver_days=number(
                "CLAIMS_REIMBURSEMENT_WAIVER_DAYS", defaults.reimbursement_waiver_days
            ),
            appeal_window_days=number("CLAIMS_APPEAL_WINDOW_DAYS", defaults.appeal_window_days),
            claims_desk_deadline_days=number(
                "CLAIMS_DESK_DEADLINE_DAYS", defaults.claims_desk_deadline_days
            ),
            host=text("CLAIMS_HOST", defaults.host),
            port=number("CLAIMS_PORT", defaults.port),
            outbox_dispatch_seconds=number(
                "CLAIMS_OUTBOX_DISPATCH_SECONDS", defaults.outbox_dispatch_seconds
            ),
            webhook_secret=environ.get("CLAIMS_WEBHOOK_SECRET") or None,
            webhook_timeout_seconds=number(
                "CLAIMS_WEBHOOK_TIMEOUT_SECONDS", defaults.webhook_timeout_seconds
            ),
            webhook_max_attempts=number(
                "CLAIMS_WEBHOOK_MAX_ATTEMPTS", defaults.webhook_max_attempts
            ),
            webhook_allow_private=environ.get("CLAIMS_WEBHOOK_ALLOW_PRIVATE") == "1",
            smtp_url=environ.get("CLAIMS_SMTP_URL") or None,
            mail_from=text("CLAIMS_MAIL_FROM", defaults.mail_from),
            smtp_timeout_seconds=number(
                "CLAIMS_SMTP_TIMEOUT_SECONDS", defaults.smtp_timeout_seconds
            ),
            signing_secret=text("CLAIMS_SIGNING_SECRET", defaults.signing_secret),
            rasa_url=text("CLAIMS_RASA_URL", defaults.rasa_url),
            rasa_token=environ.get("RASA_TOKEN") or None,
            rasa_public_url=environ.get("CLAIMS_RASA_PUBLIC_URL") or None,
            rasa_timeout_seconds=number(
                "CLAIMS_RASA_TIMEOUT_SECONDS", defaults.rasa_timeout_seconds
            ),
            retention_days=number("CLAIMS_RETENTION_DAYS", defaults.retention_days),
            identity_checks_per_minute=number(
                "CLAIMS_IDENTITY_CHECKS_PER_MINUTE", defaults.identity_checks_per_minute
            ),
            trusted_proxies=frozenset(
                address.strip()
                for address in environ.get("CLAIMS_TRUSTED_PROXIES", "").split(",")
                if address.strip()
            ),
            insurers=parse_insurers(environ.get("CLAIMS_INSURERS") or "[]"),
            insurer_timeout_seconds=number(
                "CLAIMS_INSURER_TIMEOUT_SECONDS", defaults.insurer_timeout_seconds
            ),
            marketplace_name=text("CLAIMS_MARKETPLACE_NAME", defaults.marketplace_name),
        )
