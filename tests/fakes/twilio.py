"""A fake Twilio REST API: the Messages resource and message media, behind basic auth.

`https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json` (form-encoded From/To/Body)
and media URLs like `/2010-04-01/Accounts/<sid>/Messages/<MM>/Media/<ME>`; every call is
recorded. It also signs webhook requests the way Twilio does.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from aiohttp import web
from twilio.request_validator import RequestValidator

from tests.fakes.server import BackgroundServer

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "f" * 32
SMS_NUMBER = "+15005550006"
WHATSAPP_NUMBER = "whatsapp:+14155238886"


class FakeTwilio(BackgroundServer):
    """Twilio's API for one account, recording every call."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.numbers = {SMS_NUMBER, WHATSAPP_NUMBER}
        self.media: dict[str, tuple[str, bytes]] = {}  # path -> (content type, content)
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create_message)
        app.router.add_get(
            "/2010-04-01/Accounts/{sid}/Messages/{message}/Media/{media}", self._media
        )
        super().__init__(app)

    # ---- what a test arranges -------------------------------------------------------------
    def add_media(self, content: bytes, content_type: str) -> str:
        """Make a media file downloadable (a customer's MMS/WhatsApp photo); return its URL."""
        path = (
            f"/2010-04-01/Accounts/{self.account_sid}/Messages/MM{uuid.uuid4().hex}"
            f"/Media/ME{uuid.uuid4().hex}"
        )
        self.media[path] = (content_type, content)
        return self.url + path

    def signature(self, url: str, params: dict[str, str]) -> str:
        """The X-Twilio-Signature Twilio would send with this webhook request."""
        return RequestValidator(self.auth_token).compute_signature(url, params)

    def sent_messages(self, to: str, since: int = 0) -> list[dict[str, Any]]:
        """The messages created for one recipient (From, To, Body), in order."""
        return [
            call.params
            for call in self.calls_of("Messages.create", since)
            if call.params.get("To") == to
        ]

    # ---- the API ------------------------------------------------------------------------
    def _authorized(self, request: web.Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {expected}"

    async def _create_message(self, request: web.Request) -> web.Response:
        params = dict((await request.post()).items())
        self.record("Messages.create", params, request.path)
        if request.match_info["sid"] != self.account_sid or not self._authorized(request):
            return _error(401, 20003, "Authenticate")
        sender, to = params.get("From", ""), params.get("To", "")
        if not to:
            return _error(400, 21604, "A 'To' phone number is required.")
        if sender not in self.numbers:
            return _error(400, 21606, f"The From phone number {sender} is not a valid number.")
        if sender.startswith("whatsapp:") != to.startswith("whatsapp:"):
            return _error(
                400, 21910, "Invalid From and To pair. From and To should be of the same channel."
            )
        if not params.get("Body") and not params.get("MediaUrl"):
            return _error(400, 21602, "Message body is required.")
        if len(params.get("Body", "")) > 1600:
            return _error(
                400, 21617, "The concatenated message body exceeds the 1600 character limit."
            )
        sid = f"SM{uuid.uuid4().hex}"
        return web.json_response(
            {
                "sid": sid,
                "account_sid": self.account_sid,
                "from": sender,
                "to": to,
                "body": params.get("Body", ""),
                "status": "queued",
                "num_media": "1" if params.get("MediaUrl") else "0",
                "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            },
            status=201,
        )

    async def _media(self, request: web.Request) -> web.Response:
        self.record("Media.fetch", {}, request.path)
        if not self._authorized(request):
            return _error(401, 20003, "Authenticate")
        if request.path not in self.media:
            return _error(404, 20404, "The requested resource was not found")
        content_type, content = self.media[request.path]
        return web.Response(body=content, content_type=content_type)


def _error(status: int, code: int, message: str) -> web.Response:
    return web.json_response(
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        status=status,
    )


def inbound_message(
    sender: str, to: str, body: str, media: list[tuple[str, str]] = ()
) -> dict[str, str]:
    """The form fields Twilio posts for an incoming SMS or WhatsApp message."""
    fields = {
        "SmsMessageSid": f"SM{uuid.uuid4().hex}",
        "MessageSid": f"SM{uuid.uuid4().hex}",
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": to,
        "Body": body,
        "NumMedia": str(len(media)),
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
    }
    if sender.startswith("whatsapp:"):
        fields["ProfileName"] = "Sam"
        fields["WaId"] = sender.removeprefix("whatsapp:+")
    for index, (url, content_type) in enumerate(media):
        fields[f"MediaUrl{index}"] = url
        fields[f"MediaContentType{index}"] = content_type
    return fields
