"""A part of the web app that loads after the port opens (the chat page, MCP), standing in for it until then.

The route to it exists from the first request, inside every middleware, so the Origin check, CORS, the rate
limit, the body limit and the security headers apply while it loads exactly as after; only the innermost app
changes, with one assignment, when the real one is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketClose

log = logging.getLogger(__name__)

PartState = Literal["loading", "mounted", "failed"]


class Deferred:
    """Answers with ``waiting(state)`` (a 503 saying it starts, or that it failed) until `mount` gives it the real
    app; a failure shows in /healthz and the log."""

    def __init__(self, name: str, waiting: Callable[[PartState], Response]):
        self.name = name
        self.waiting = waiting
        self.state: PartState = "loading"
        self.error: str | None = None
        self._app: ASGIApp | None = None

    def mount(self, app: ASGIApp) -> None:
        self._app = app
        self.state = "mounted"

    def fail(self, exc: BaseException) -> None:
        self.error = f"{type(exc).__name__}: {exc}"
        self.state = "failed"
        log.error("the %s failed to load and is not served: %s", self.name, self.error, exc_info=exc)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._app is not None:
            await self._app(scope, receive, send)
        elif scope["type"] == "websocket":
            await WebSocketClose(code=1013)(scope, receive, send)  # 1013: try again later
        else:
            await self.waiting(self.state)(scope, receive, send)
