"""The web pages: the customer's chat widget (``/chat``), the agent console (``/agent``), the
claims desk (``/desk``, ``/desk/claims/{reference}``, ``/desk/sellers``), the seller portal
(``/seller``) and their static files (``/static/``), each answered with security headers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from backend.api.appkeys import SETTINGS
from backend.api.errors import ApiError

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
# Without CLAIMS_RASA_PUBLIC_URL the chat page talks to Rasa on this port of the page's own host.
DEFAULT_RASA_PORT = 5005
routes = web.RouteTableDef()


def rasa_origins(request: web.Request) -> tuple[str, str]:
    """The HTTP and WebSocket origins of the Rasa server the chat page connects to."""
    public_url = request.app[SETTINGS].rasa_public_url
    if public_url:
        parts = urlsplit(public_url)
        scheme, netloc = parts.scheme, parts.netloc
    else:
        # The page's own host name (request.url chokes on a Host header with a port here).
        host = urlsplit(f"//{request.host}").hostname or "localhost"
        host = f"[{host}]" if ":" in host else host
        scheme, netloc = request.scheme, f"{host}:{DEFAULT_RASA_PORT}"
    socket_scheme = "wss" if scheme == "https" else "ws"
    return f"{scheme}://{netloc}", f"{socket_scheme}://{netloc}"


def security_headers(request: web.Request, framable: bool) -> dict[str, str]:
    """Headers every page carries: scripts and styles from this origin only, no sniffing, no
    referrer (a signed-in customer's token may be in the URL).

    ``framable``: the chat page may be embedded in a marketplace's own site; the console may not.
    """
    http_origin, socket_origin = rasa_origins(request)
    policy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        f"connect-src 'self' {http_origin} {socket_origin}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
    if not framable:
        policy.append("frame-ancestors 'none'")
        headers["X-Frame-Options"] = "DENY"
    headers["Content-Security-Policy"] = "; ".join(policy)
    return headers


def page(request: web.Request, name: str, framable: bool) -> web.FileResponse:
    """One HTML page from ``backend/web/``."""
    return web.FileResponse(WEB_DIR / name, headers=security_headers(request, framable))


@routes.get("/")
async def home(request: web.Request) -> web.Response:
    """The site's root is the customer's chat."""
    raise web.HTTPFound("/chat")


@routes.get("/chat")
async def chat_page(request: web.Request) -> web.FileResponse:
    """The customer's chat widget."""
    return page(request, "chat.html", framable=True)


@routes.get("/agent")
async def agent_page(request: web.Request) -> web.FileResponse:
    """The support agents' console."""
    return page(request, "agent.html", framable=False)


@routes.get("/desk")
@routes.get("/desk/sellers")
@routes.get("/desk/claims/{reference}")
async def desk_page(request: web.Request) -> web.FileResponse:
    """The claims desk: one page whose script shows the queue, a claim or the sellers by its
    address."""
    return page(request, "desk.html", framable=False)


@routes.get("/seller")
async def seller_page(request: web.Request) -> web.FileResponse:
    """The seller portal: a seller's users answer claims, file insurance, read their metrics."""
    return page(request, "seller.html", framable=False)


@routes.get("/static/{path:.+}")
async def static_file(request: web.Request) -> web.FileResponse:
    """A script, stylesheet or vendored library; nothing outside ``backend/web/static/``."""
    path = (STATIC_DIR / request.match_info["path"]).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        raise ApiError.single(404, "not_found", "There is nothing at this address.")
    return web.FileResponse(path, headers={"X-Content-Type-Options": "nosniff"})
