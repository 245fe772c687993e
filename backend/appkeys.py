"""Typed keys for what the aiohttp application holds: its settings and its database sessions."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from backend.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", sessionmaker)
