"""Socket.io rooms shared by several Rasa instances, through Redis publish/subscribe.

A customer's socket is held by one Rasa instance (nginx keeps it there), but an agent's message
or the backend's news may reach another one through Rasa's HTTP API. With
CLAIMS_SOCKETIO_REDIS_URL set (the production profile sets it), every emit to a room is published
on Redis (channel CLAIMS_SOCKETIO_CHANNEL), and the instance holding the room's socket sends it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from socketio import AsyncRedisManager, AsyncServer

DEFAULT_CHANNEL = "claims-socketio"


def share_rooms(sio: AsyncServer, environ: Mapping[str, str] = os.environ) -> bool:
    """Route `sio`'s emits through Redis when CLAIMS_SOCKETIO_REDIS_URL is set; say if so.

    Must run before the first client connects: the server starts its manager (here, the Redis
    listener) on the first connection.
    """
    url = environ.get("CLAIMS_SOCKETIO_REDIS_URL")
    if not url:
        return False
    channel = environ.get("CLAIMS_SOCKETIO_CHANNEL") or DEFAULT_CHANNEL
    sio.manager = AsyncRedisManager(url, channel=channel)
    sio.manager.set_server(sio)
    return True
