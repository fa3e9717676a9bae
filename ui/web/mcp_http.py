"""The MCP server at ``/mcp`` of the web app (streamable HTTP), behind the same Origin check and rate limit as the API.

Stateless and with plain JSON responses: no session lives in a process, so any worker or host behind a load
balancer can answer any request, as for the rest of the API. Every MCP message is one POST and counts as one
request against the per-IP limit.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.datastructures import Headers
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ui.web.errors import ApiError, error_body
from ui.web.protection import RateLimiter, origin_allowed
from ui.web.service import AnswerService

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

PATH = "/mcp"


class McpGuard:
    """Refuse a foreign Origin and count each POST against the limit, answering with the API's JSON errors before
    the MCP transport sees the request. GET (a stream for server-initiated messages) and DELETE (ending a session)
    get 405: a stateless server has neither, and an idle stream would only hold a connection open."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, allowed_origins: tuple[str, ...]):
        self.app = app
        self.limiter = limiter
        self.allowed = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None and not origin_allowed(origin, headers.get("host"), self.allowed):
            await _refuse(send, 403, error_body(403, f"Requests from {origin} are not allowed. The site owner must "
                                                     "add this origin to ASSISTANT_ALLOWED_ORIGINS.",
                                                "origin_not_allowed"), {"vary": "Origin"})
            return
        if scope["method"] != "POST":
            await _refuse(send, 405, error_body(405, "The MCP endpoint takes POST only (stateless streamable HTTP)."),
                          {"allow": "POST"})
            return
        client = scope.get("client")
        try:
            self.limiter.check(client[0] if client else "unknown")
        except ApiError as err:
            await _refuse(send, err.status_code, error_body(err.status_code, err.detail, err.code, **err.extra),
                          err.headers or {})
            return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, body: dict[str, object], headers: dict[str, str]) -> None:
    data = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
           *((k.lower().encode(), v.encode()) for k, v in headers.items())]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


def mcp_transport(service: AnswerService, max_body_bytes: int) -> tuple[MCPServer, ASGIApp]:
    """The MCP server on ``service``'s assistant and its transport app; it answers while
    ``server.session_manager.run()`` is entered. Imports the SDK (most of a second), so it runs after start-up."""
    from mcp.server.transport_security import TransportSecuritySettings

    from ui.mcp_server import build_server

    server = build_server(lambda: service.assistant)
    # The SDK's own Host/Origin allow-list would pin the Host to localhost (breaking a reverse proxy); the guard
    # applies the deployment's Origin rules instead.
    transport = server.streamable_http_app(
        streamable_http_path=PATH, stateless_http=True, json_response=True, max_request_body_size=max_body_bytes,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
    return server, transport


def mcp_route(transport: ASGIApp, limiter: RateLimiter, allowed_origins: tuple[str, ...]) -> Route:
    """The ``/mcp`` route: the guard in front of ``transport`` (the one `mcp_transport` makes, or what stands in
    for it while it loads)."""
    return Route(PATH, endpoint=McpGuard(transport, limiter, allowed_origins))
