"""`/api/v1/*`: the Answer JSON (design §5) over plain HTTP and Server-Sent Events."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ui.web import sse
from ui.web.errors import ApiError, error_body
from ui.web.feedback import Feedback, FeedbackStore, FeedbackUnavailable
from ui.web.presenting import pieces
from ui.web.protection import RateLimiter
from ui.web.schemas import ChatRequest, FeedbackRequest
from ui.web.service import AnswerService

log = logging.getLogger(__name__)

STREAM_PIECES = 48  # token events per answer at most (measured: 240 per answer tripled SSE latency under load)


def _history(req: ChatRequest) -> list[dict[str, Any]]:
    return [m.model_dump() for m in req.history]


def api_router(service: AnswerService, feedback: FeedbackStore, limiter: RateLimiter) -> APIRouter:
    router = APIRouter()
    limited = [Depends(limiter)]

    @router.post("/api/v1/chat", tags=["chat"], dependencies=limited,
                 summary="Ask one question; get the Answer JSON (design §5)")
    async def chat(req: ChatRequest) -> dict[str, Any]:
        return await service.ask_async(req.question, _history(req), req.lang)

    @router.post("/api/v1/chat/stream", tags=["chat"], dependencies=limited, response_class=StreamingResponse,
                 responses={200: {"content": {"text/event-stream": {}}}},
                 summary="Ask one question; get Server-Sent Events meta, token…, citation…, done (or error)")
    async def chat_stream(req: ChatRequest, request: Request) -> StreamingResponse:
        stream = sse.response(_answer_events(req))  # a returned response gets no headers from the dependency
        stream.headers.update(limiter.headers(request.client.host if request.client else "unknown"))
        return stream

    async def _answer_events(req: ChatRequest) -> AsyncIterator[bytes]:
        request_id = uuid.uuid4().hex[:12]
        box: list[dict[str, Any]] = []
        try:
            async for comment in sse.keep_alive(service.ask_async(req.question, _history(req), req.lang), box):
                yield comment
            answer = box[0]
            done = sse.event(answer, "done")  # serialised first: a value JSON.parse would reject fails here
        except Exception:
            log.exception("streamed answer failed, request %s", request_id)
            yield sse.event(error_body(500, f"Something went wrong on our side; it was logged as {request_id}.",
                                       request_id=request_id), "error")
            return
        yield sse.event({"request_id": request_id, "language": answer["language"], "status": answer["status"],
                         "intent": answer["intent"]}, "meta")
        for piece in pieces(answer["answer"], at_most=STREAM_PIECES):
            yield sse.event({"text": piece}, "token")
        for citation in answer["citations"]:
            yield sse.event(citation, "citation")
        yield done

    @router.post("/api/v1/feedback", tags=["feedback"], dependencies=limited, status_code=201,
                 summary="Record a like or dislike of an answer (append-only)")
    async def post_feedback(req: FeedbackRequest) -> dict[str, Any]:
        try:  # a database write waits on the disk or the network: off the event loop
            stored = await run_in_threadpool(feedback.add, Feedback(source="api", **req.model_dump()))
        except FeedbackUnavailable as err:
            log.error("feedback not stored: %s", err)
            raise ApiError(503, "Feedback cannot be stored right now; please send it again later.",
                           "feedback_unavailable", headers={"Retry-After": "30"}) from err
        return {"ok": True, "id": stored}

    return router
