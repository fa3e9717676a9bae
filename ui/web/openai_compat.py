"""`POST /v1/chat/completions`: OpenAI's chat-completions shape, so existing chat clients can talk to us.

The last user message is the question, earlier user/assistant messages are the history, system messages are
ignored (the assistant's behaviour is not prompt-configurable). The reply's content is the answer followed by its
numbered sources; the full Answer JSON rides along as the extra field ``answer``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import jieba
from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from ui.web import sse
from ui.web.api import STREAM_PIECES
from ui.web.config import MAX_QUESTION_CHARS
from ui.web.errors import ApiError
from ui.web.presenting import pieces, sources_text
from ui.web.protection import RateLimiter
from ui.web.schemas import CompletionRequest
from ui.web.service import AnswerService


def _conversation(req: CompletionRequest) -> tuple[str, list[dict[str, Any]]]:
    turns = [m for m in req.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user" or not turns[-1].text().strip():
        raise ApiError(422, "The last message must be a non-empty user message: it is the question.",
                       "invalid_request", param="messages")
    question = turns[-1].text()
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(422, f"The question is longer than {MAX_QUESTION_CHARS} characters; please shorten it.",
                       "question_too_long", param="messages")
    return question, [{"role": m.role, "content": m.text()} for m in turns[:-1]]


def _count(text: str) -> int:
    """Token counts for ``usage``: jieba's words (Chinese words, English words, numbers), spaces not counted."""
    return sum(1 for word in jieba.lcut(text) if word.strip())


def completions_router(service: AnswerService, limiter: RateLimiter) -> APIRouter:
    router = APIRouter(tags=["openai-compatible"])
    limited = [Depends(limiter)]

    @router.post("/v1/chat/completions", dependencies=limited, response_model=None,
                 summary="OpenAI-compatible chat completion (plain, or streamed with stream: true)")
    async def completions(req: CompletionRequest) -> dict[str, Any] | StreamingResponse:
        question, history = _conversation(req)
        answer = await service.ask_async(question, history)
        content = answer["answer"] + sources_text(answer)
        ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if req.stream:
            return sse.response(_chunks(ident, created, req.model, content, answer))
        prompt_tokens = sum(_count(m.text()) for m in req.messages)
        completion_tokens = _count(content)
        return {"id": ident, "object": "chat.completion", "created": created, "model": req.model,
                "system_fingerprint": service.assistant.kb.fingerprint,
                "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                             "message": {"role": "assistant", "content": content, "refusal": None}}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                          "total_tokens": prompt_tokens + completion_tokens},
                "answer": answer}

    return router


async def _chunks(ident: str, created: int, model: str, content: str, answer: dict[str, Any]) -> AsyncIterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        body = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return sse.event(body)

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(content, at_most=STREAM_PIECES):
        yield chunk({"content": piece})
    yield chunk({}, "stop", answer=answer)
    yield sse.event("[DONE]")

