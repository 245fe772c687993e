"""Errors as the API reports them: ``{"errors": [{"code", "field", "message"}]}``, always JSON.

The API edge refuses a request by raising ``ApiError`` (domain code raises a refusal from
``backend.refusals``, which ``backend.api.refusals`` turns into one); the middleware here turns it,
aiohttp's own refusals (404, 405, 413) and anything unexpected into that shape. A client never sees
a stack trace: unexpected failures are logged and answered with a plain 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web

from backend.problem import Problem

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the backend refuses, with the HTTP status and every problem found."""

    def __init__(
        self, status: int, problems: Iterable[Problem], headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.problems = list(problems)
        self.headers = headers or {}
        super().__init__("; ".join(problem.message for problem in self.problems))

    @classmethod
    def single(
        cls,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiError:
        """An error with one problem."""
        return cls(status, [Problem(code, field, message)], headers)


def error_response(
    status: int, problems: Iterable[Problem], headers: dict[str, str] | None = None
) -> web.Response:
    """The JSON response for ``problems``."""
    return web.json_response(
        {"errors": [problem.as_json() for problem in problems]}, status=status, headers=headers
    )


# What aiohttp's own refusals (routing, body size) mean in our vocabulary.
_HTTP_ERROR_CODES = {
    400: ("bad_request", "The request could not be understood."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("too_large", "The request body is too large."),
    415: ("unsupported_media_type", "This content type is not accepted here."),
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer every failure in the errors shape."""
    try:
        return await handler(request)
    except ApiError as error:
        return error_response(error.status, error.problems, error.headers)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code, message = _HTTP_ERROR_CODES.get(
            error.status, ("http_error", error.reason or "The request failed.")
        )
        response = error_response(error.status, [Problem(code, None, message)])
        if error.status == 405 and "Allow" in error.headers:
            response.headers["Allow"] = error.headers["Allow"]
        return response
    except Exception:
        log.exception("unexpected error while handling %s %s", request.method, request.path)
        return error_response(
            500,
            [Problem("internal_error", None, "Something went wrong on our side. Please retry.")],
        )
