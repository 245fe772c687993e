"""Messaging channels the customer can reach the assistant on: Telegram, SMS and WhatsApp."""
