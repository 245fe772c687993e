"""Local stand-ins for the messaging providers (Telegram Bot API, Twilio), speaking their wire formats."""
