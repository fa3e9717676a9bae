"""`GET /healthz`: liveness, the knowledge a process serves, and which of its parts are live yet.

It answers from the moment the port opens, never waiting on a part that still loads. ``warm``: the answering
stack is loaded and keyword search answers (questions take milliseconds; before, they wait for the warm-up).
``retrieval``: "none" before an index is open, "keyword" while the dense model and index load (or are first
built), then "hybrid"; ``dense_retrieval`` says why it is not yet. ``chat_page`` and ``mcp``: "loading",
"mounted" or "failed". ``errors``: why a part failed. ``knowledge``: null until the warm-up loaded it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

from fastapi import APIRouter

from ui.web.deferred import Deferred
from ui.web.service import AnswerService


def health_router(service: AnswerService, parts: Sequence[Deferred]) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", tags=["operations"], summary="Liveness, what this process serves and what is live yet")
    async def healthz() -> dict[str, Any]:
        assistant = service.loaded
        retrieval = service.retrieval_status()
        errors = {p.name: p.error for p in parts if p.error}
        if service.warm_up_error:
            errors["warm_up"] = service.warm_up_error
        if retrieval is not None and retrieval.error:
            errors["dense_retrieval"] = retrieval.error
        kb = assistant.kb if assistant is not None else None
        return {"status": "ok", "version": version("training-cost-assistant"),
                "uptime_s": round(time.time() - service.started, 1), "warm": service.warm,
                "retrieval": retrieval.live if retrieval else "none",
                "dense_retrieval": retrieval.dense if retrieval else "not_loaded",
                **{p.name: p.state for p in parts}, "errors": errors,
                "knowledge": kb and {"fingerprint": kb.fingerprint, "sources": len(kb.sources), "facts": len(kb.facts),
                                     "cases": len(kb.cases), "accelerators": len(kb.hardware)}}

    return router
