"""Typed keys for what the aiohttp application holds: its settings, its database sessions and
the HTTP clients it calls out with (``backend.http_clients``)."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from backend.http_clients import HttpClients
from backend.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", sessionmaker)
HTTP_CLIENTS = web.AppKey("http_clients", HttpClients)
