"""Typed keys for what the aiohttp application holds: its settings, its database sessions and
the HTTP client it asks partner insurers with."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from sqlalchemy.orm import sessionmaker

from backend.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", sessionmaker)
INSURER_HTTP = web.AppKey("insurer_http", aiohttp.ClientSession)
