"""What stands between the open web and the assistant: the Origin check and the per-IP rate limit.

CORS headers alone only stop a browser from *reading* a response; the Origin check refuses the request itself, so
a page on a site that is not allowed cannot spend our compute either (simple POSTs skip the preflight).
"""

from __future__ import annotations

import json
import math
import time
from urllib.parse import urlsplit

from fastapi import Request, Response
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.web.config import masked
from ui.web.errors import ApiError, error_body
from ui.web.limit_storage import Outage, limit_storage

SAFE_METHODS = frozenset({"GET", "HEAD"})  # public pages and assets; nothing is answered or stored


def origin_allowed(origin: str, host: str | None, allowed: tuple[str, ...]) -> bool:
    """Same-origin requests always pass; others only if listed (or the list holds ``*``)."""
    if "*" in allowed or origin.rstrip("/") in allowed:
        return True
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:  # "http://[::1" (an unclosed IPv6 bracket) is not a URL: refuse it
        return False
    return bool(host) and netloc.lower() == host.lower()


class OriginCheckMiddleware:
    """Answer 403 to any non-GET request whose ``Origin`` is neither our own nor on the allow-list."""

    def __init__(self, app: ASGIApp, allowed_origins: tuple[str, ...]):
        self.app = app
        self.allowed = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None or origin_allowed(origin, headers.get("host"), self.allowed):
            await self.app(scope, receive, send)
            return
        body = json.dumps(error_body(403, f"Requests from {origin} are not allowed. The site owner must add this "
                                          "origin to ASSISTANT_ALLOWED_ORIGINS.", "origin_not_allowed")).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"vary", b"Origin")]})
        await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with our JSON 413, whether or not Content-Length is declared.

    The body is read here (it is small by definition) and replayed to the app, so a chunked upload cannot get
    past the limit and the app never sees half a body."""

    def __init__(self, app: ASGIApp, limit: int, prefixes: tuple[str, ...] = ("/api/", "/v1/")):
        self.app = app
        self.limit = limit
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(send)
                return
            more = message.get("more_body", False)
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: wait for the client to disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        message = (f"The request body is larger than the {self.limit:,} bytes accepted; send a shorter question "
                   "or history.")
        body = json.dumps(error_body(413, message)).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """A moving window per client IP, counted where ``storage`` says (design §8): this process's memory by default,
    or a Redis server shared by every worker and host. While Redis is unreachable requests are served unlimited."""

    def __init__(self, rate: str | None, storage: str = "memory://"):
        try:
            self.item: RateLimitItem | None = parse(rate) if rate else None
        except ValueError as err:
            raise ValueError(f"ASSISTANT_RATE_LIMIT={rate!r} is not a rate such as '30/minute': {err}") from err
        self.limiter = MovingWindowRateLimiter(limit_storage(storage))
        self.outage = Outage(masked(storage))

    def check(self, key: str) -> None:
        if self.item is None or not self.outage.should_try():
            return
        try:
            allowed = self.limiter.hit(self.item, key)
            reset = 0.0 if allowed else self.limiter.get_window_stats(self.item, key).reset_time
        except StorageError as err:
            self.outage.failed(err)
            return
        self.outage.succeeded()
        if allowed:
            return
        retry = max(1, math.ceil(reset - time.time()))
        raise ApiError(429, f"Too many requests from this address ({self.item.amount} per "
                            f"{self.item.get_expiry()} s are allowed). Retry in {retry} s.",
                       headers={"Retry-After": str(retry)}, retry_after=retry)

    def left(self, key: str) -> tuple[int, int] | None:
        """(requests ``key`` has left in the window, the limit), or None when nothing is limited or counted now."""
        if self.item is None or not self.outage.should_try():
            return None
        try:
            remaining = self.limiter.get_window_stats(self.item, key).remaining
        except StorageError as err:
            self.outage.failed(err)
            return None
        return max(0, remaining), self.item.amount

    def headers(self, key: str) -> dict[str, str]:
        """``RateLimit-Limit`` and ``RateLimit-Remaining`` for ``key``: what a client shows as the questions left."""
        window = self.left(key)
        return {} if window is None else {"RateLimit-Limit": str(window[1]), "RateLimit-Remaining": str(window[0])}

    async def __call__(self, request: Request, response: Response) -> None:
        """FastAPI dependency: limit by the client address (the proxy's, unless uvicorn trusts its headers), and
        say what is left in the response's headers."""
        key = request.client.host if request.client else "unknown"
        self.check(key)
        response.headers.update(self.headers(key))
