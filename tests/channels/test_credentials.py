"""The Rasa credentials file `make run` writes: channels from the environment, no secret on disk."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.utils.io import read_config_file
from stack import enabled_channels, ensure_tokens, write_credentials

TELEGRAM = {
    "TELEGRAM_BOT_TOKEN": "123:secret-bot-token",
    "TELEGRAM_WEBHOOK_URL": "https://claims.example/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "hush",
}
TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC123",
    "TWILIO_AUTH_TOKEN": "twilio-secret",
    "TWILIO_NUMBER": "+15005550006",
}


def test_without_channel_variables_only_rest_and_the_web_chat(tmp_path: Path) -> None:
    path = write_credentials(tmp_path / "credentials.yml", {})
    credentials = read_config_file(path)
    assert set(credentials) == {
        "bot.channels.trusted_rest.TrustedRestInput",
        "bot.channels.web_chat.WebChatInput",
    }
    assert credentials["bot.channels.web_chat.WebChatInput"]["metadata_key"] == "metadata"
    assert enabled_channels({}) == []


def test_channel_blocks_name_the_variables_rasa_reads(tmp_path: Path, monkeypatch) -> None:
    env = {**TELEGRAM, **TWILIO}
    path = write_credentials(tmp_path / "credentials.yml", env)
    text = path.read_text()
    assert "secret-bot-token" not in text and "twilio-secret" not in text
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    credentials = read_config_file(path)
    assert credentials["bot.channels.telegram.TelegramConnector"] == {
        "access_token": "123:secret-bot-token",
        "webhook_url": "https://claims.example/webhooks/telegram/webhook",
        "secret_token": "hush",
    }
    assert credentials["bot.channels.twilio.TwilioConnector"] == {
        "account_sid": "AC123",
        "auth_token": "twilio-secret",
        "twilio_number": "+15005550006",
    }
    assert enabled_channels(env) == ["telegram", "twilio"]


def test_a_telegram_secret_token_is_generated_when_telegram_is_on_without_one() -> None:
    without_telegram: dict[str, str] = {}
    assert "TELEGRAM_SECRET_TOKEN" not in ensure_tokens(without_telegram)
    telegram = {"TELEGRAM_BOT_TOKEN": "123:secret-bot-token"}
    generated = ensure_tokens(telegram)
    assert generated["TELEGRAM_SECRET_TOKEN"] == telegram["TELEGRAM_SECRET_TOKEN"]
    chosen = {**TELEGRAM}
    assert "TELEGRAM_SECRET_TOKEN" not in ensure_tokens(chosen)
    assert chosen["TELEGRAM_SECRET_TOKEN"] == "hush"


def test_make_run_generates_every_secret_left_unset_and_keeps_the_chosen_ones() -> None:
    env = {"CLAIMS_WEBHOOK_SECRET": "sellers-know-this"}
    generated = ensure_tokens(env)
    assert "CLAIMS_WEBHOOK_SECRET" not in generated
    assert env["CLAIMS_WEBHOOK_SECRET"] == "sellers-know-this"
    assert {"CLAIMS_SIGNING_SECRET", "RASA_TOKEN", "CLAIMS_AGENT_TOKEN"} <= generated.keys()
    assert all(len(value) >= 32 for value in generated.values())
