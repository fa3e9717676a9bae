"""`/api/v1/*` and `/healthz`: the Answer JSON (design §5) over plain HTTP and Server-Sent Events."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from importlib.metadata import version
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.sse import EventSourceResponse, ServerSentEvent

from ui.web.errors import error_body
from ui.web.feedback import FeedbackStore
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

    @router.post("/api/v1/chat/stream", tags=["chat"], dependencies=limited, response_class=EventSourceResponse,
                 summary="Ask one question; get Server-Sent Events meta, token…, citation…, done (or error)")
    async def chat_stream(req: ChatRequest) -> AsyncIterator[ServerSentEvent]:
        request_id = uuid.uuid4().hex[:12]
        try:
            answer = await service.ask_async(req.question, _history(req), req.lang)
            done = json.dumps(answer, ensure_ascii=False, allow_nan=False)  # JSON.parse rejects NaN: fail here
        except Exception:
            log.exception("streamed answer failed, request %s", request_id)
            yield ServerSentEvent(event="error", data=error_body(
                500, f"Something went wrong on our side; it was logged as {request_id}.", request_id=request_id))
            return
        yield ServerSentEvent(event="meta", data={"request_id": request_id, "language": answer["language"],
                                                  "status": answer["status"], "intent": answer["intent"]})
        for piece in pieces(answer["answer"], at_most=STREAM_PIECES):
            yield ServerSentEvent(event="token", raw_data=json.dumps({"text": piece}, ensure_ascii=False))
        for citation in answer["citations"]:
            yield ServerSentEvent(event="citation", data=citation)
        yield ServerSentEvent(event="done", raw_data=done)

    @router.post("/api/v1/feedback", tags=["feedback"], dependencies=limited, status_code=201,
                 summary="Record a like or dislike of an answer (append-only)")
    async def post_feedback(req: FeedbackRequest) -> dict[str, Any]:
        return {"ok": True, "id": feedback.append({"source": "api", **req.model_dump()})}

    @router.get("/healthz", tags=["operations"], summary="Liveness and what this process serves")
    async def healthz() -> dict[str, Any]:
        kb = service.assistant.kb
        return {"status": "ok", "version": version("training-cost-assistant"),
                "uptime_s": round(time.time() - service.started, 1),
                "knowledge": {"fingerprint": kb.fingerprint, "sources": len(kb.sources), "facts": len(kb.facts),
                              "cases": len(kb.cases), "accelerators": len(kb.hardware)}}

    return router
