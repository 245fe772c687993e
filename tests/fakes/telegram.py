"""A fake Telegram Bot API: the methods the connector calls, answered as Telegram answers them.

`https://api.telegram.org/bot<token>/<method>` and `/file/bot<token>/<path>`; every call is
recorded. It also builds the Update JSON Telegram would post to the bot's webhook.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from typing import Any

from aiohttp import web

from tests.fakes.server import BackgroundServer

TOKEN = "123456789:AAFakeTelegramTokenForTheClaimsBot01"
BOT_NAME = "claims_test_bot"
BOT_ID = int(TOKEN.split(":")[0])
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
GET_FILE_LIMIT = 20 * 1024 * 1024  # the Bot API does not hand out bigger files


class FakeTelegram(BackgroundServer):
    """The Bot API of one bot (`TOKEN`), recording every call."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._ids = itertools.count(1000)
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        super().__init__(app)

    # ---- what a test arranges -------------------------------------------------------------
    def add_file(self, content: bytes, file_path: str | None = None) -> str:
        """Make a file downloadable (as if a customer had uploaded it); return its file_id."""
        file_id = f"AgAC{uuid.uuid4().hex}"
        self.files[file_id] = (file_path or f"photos/file_{next(self._ids)}.jpg", content)
        return file_id

    def sent_messages(self, chat_id: int | str, since: int = 0) -> list[dict[str, Any]]:
        """The sendMessage calls to one chat (text and reply_markup), in order."""
        return [
            call.params
            for call in self.calls_of("sendMessage", since)
            if str(call.params.get("chat_id")) == str(chat_id)
        ]

    # ---- the API ------------------------------------------------------------------------
    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        params = await _params(request)
        method = request.match_info["method"]
        self.record(method, params, request.path)
        handler = {
            "getme": self._get_me,
            "setwebhook": lambda _: True,
            "deletewebhook": lambda _: True,
            "sendmessage": self._send_message,
            "getfile": self._get_file,
            "answercallbackquery": lambda _: True,
        }.get(method.lower())
        if handler is None:
            return _error(404, "Not Found")
        result = handler(params)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    def _get_me(self, _: dict) -> dict:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Claims", "username": BOT_NAME}

    def _send_message(self, params: dict) -> dict | web.Response:
        text = params.get("text") or ""
        if "chat_id" not in params:
            return _error(400, "Bad Request: chat_id is empty")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text) > TEXT_LIMIT:
            return _error(400, "Bad Request: message is too long")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                if not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                    return _error(400, "Bad Request: BUTTON_DATA_INVALID")
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": self._get_me({}),
            "text": text,
        }

    def _get_file(self, params: dict) -> dict | web.Response:
        file_id = params.get("file_id", "")
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        path, content = self.files[file_id]
        if len(content) > GET_FILE_LIMIT:
            return _error(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": file_id[-12:],
            "file_size": len(content),
            "file_path": path,
        }

    async def _file(self, request: web.Request) -> web.Response:
        self.record("download", {"path": request.match_info["path"]}, request.path)
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for path, content in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=content, content_type="application/octet-stream")
        return web.Response(status=404)


async def _params(request: web.Request) -> dict[str, Any]:
    """The call's parameters: JSON, query string or form fields (JSON-encoded objects decoded)."""
    if request.content_type == "application/json":
        return await request.json()
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        params.update((await request.post()).items())
    for key in ("reply_markup", "allowed_updates"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params


def _error(code: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


# ---- the updates Telegram posts to the webhook ----------------------------------------------
_update_ids = itertools.count(int(time.time()))


def _customer(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Dana", "language_code": "en"}


def _message(chat_id: int, **content: Any) -> dict[str, Any]:
    return {
        "message_id": next(_update_ids) % 100000,
        "from": _customer(chat_id),
        "chat": {"id": chat_id, "first_name": "Dana", "type": "private"},
        "date": int(time.time()),
        **content,
    }


def text_update(chat_id: int, text: str) -> dict[str, Any]:
    """A customer typed `text`."""
    return {"update_id": next(_update_ids), "message": _message(chat_id, text=text)}


def photo_update(chat_id: int, file_id: str, size: int, caption: str | None = None) -> dict:
    """A customer sent a photo: Telegram lists its sizes, the original (`file_id`) last."""
    photo = [
        {
            "file_id": f"{file_id}-s",
            "file_unique_id": "s1",
            "file_size": 1200,
            "width": 90,
            "height": 68,
        },
        {
            "file_id": f"{file_id}-m",
            "file_unique_id": "m1",
            "file_size": 14000,
            "width": 320,
            "height": 240,
        },
        {
            "file_id": file_id,
            "file_unique_id": "x1",
            "file_size": size,
            "width": 1280,
            "height": 960,
        },
    ]
    content: dict[str, Any] = {"photo": photo}
    if caption:
        content["caption"] = caption
    return {"update_id": next(_update_ids), "message": _message(chat_id, **content)}


def document_update(chat_id: int, file_id: str, name: str, mime_type: str, size: int) -> dict:
    """A customer sent a file as a document."""
    document = {
        "file_name": name,
        "mime_type": mime_type,
        "file_id": file_id,
        "file_unique_id": "d1",
        "file_size": size,
    }
    return {"update_id": next(_update_ids), "message": _message(chat_id, document=document)}


def button_update(chat_id: int, data: str) -> dict[str, Any]:
    """A customer pressed an inline keyboard button whose callback_data is `data`."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": _customer(chat_id),
            "message": _message(chat_id, text="(the question)"),
            "chat_instance": "-1234567890",
            "data": data,
        },
    }
