"""Server-Sent Events written by hand: FastAPI's EventSourceResponse costs two tasks and a timer per event, which
under load made a 48-event answer several times slower than the JSON one (bench/load.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar

from fastapi.responses import StreamingResponse

T = TypeVar("T")
KEEP_ALIVE_SECONDS = 15.0  # a comment line this often while an answer is being prepared keeps proxies from timing out
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # nginx: do not buffer the stream


def event(data: Any, name: str | None = None) -> bytes:
    """One event; ``data`` is sent as JSON (a str is sent as is, e.g. OpenAI's ``[DONE]``)."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, allow_nan=False)
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {payload}\n\n".encode()


async def keep_alive(work: Awaitable[T], box: list[T]) -> AsyncIterator[bytes]:
    """Yield keep-alive comments until ``work`` is done, then put its result in ``box`` (exceptions propagate)."""
    task = asyncio.ensure_future(work)
    while not task.done():
        done, _ = await asyncio.wait({task}, timeout=KEEP_ALIVE_SECONDS)
        if not done:
            yield b": keep-alive\n\n"
    box.append(task.result())


def response(events: AsyncIterator[bytes]) -> StreamingResponse:
    return StreamingResponse(events, media_type="text/event-stream", headers=HEADERS)
