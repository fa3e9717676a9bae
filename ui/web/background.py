"""What the web app loads after its port opens, in this order: the answering stack with keyword search (the
warm-up), the MCP endpoint, the Gradio chat page.

Measured on the 2-core box: importing the answering stack and loading the knowledge base take ≈ 2 s quiet, the
MCP SDK ≈ 0.8 s, Gradio ≈ 5 s; none of it is needed to accept a connection or answer /healthz, so it all loads in
worker threads while the server already listens. One after another, because imports hold the GIL and loading
them side by side only delays the first. A question that arrives before the warm-up is done waits for it (the
assistant is built once, under a lock); /chat and /mcp answer 503 until their part is switched into its
`Deferred` route. The embedding model and the dense index load in the retriever's own thread meanwhile.
"""

from __future__ import annotations

import logging
import time

import anyio
from anyio.abc import TaskStatus
from fastapi import FastAPI
from starlette.routing import Mount

from ui.web.config import WebSettings
from ui.web.deferred import Deferred
from ui.web.feedback import FeedbackStore
from ui.web.mcp_http import mcp_transport
from ui.web.protection import RateLimiter
from ui.web.service import AnswerService

log = logging.getLogger(__name__)

CHAT_PATH = "/chat"


def _gradio_app(app: FastAPI, service: AnswerService, feedback: FeedbackStore,
                limiter: RateLimiter | None) -> FastAPI:
    """The chat page as Gradio's own app, mounted the way `gr.mount_gradio_app` mounts it, on a holder app that
    shares ``app``'s middleware list (Gradio leaves CORS to a parent that configures it)."""
    import gradio as gr

    from ui.web.chat_page import build_chat_page, page_options

    holder = FastAPI()
    holder.user_middleware = app.user_middleware
    gr.mount_gradio_app(holder, build_chat_page(service, feedback, limiter), path=CHAT_PATH, ssr_mode=False,
                        **page_options())
    return holder


async def load_in_background(app: FastAPI, settings: WebSettings, service: AnswerService, feedback: FeedbackStore,
                             chat: Deferred, mcp: Deferred, limiter: RateLimiter | None = None) -> None:
    """Run until cancelled (the app's shutdown): warm up, then serve MCP and the chat page."""
    if settings.warm_up:
        try:
            await anyio.to_thread.run_sync(service.warm_up, abandon_on_cancel=True)
        except Exception as exc:
            service.warm_up_failed(exc)
    async with anyio.create_task_group() as parts:
        await parts.start(serve_mcp, mcp, service, settings)
        parts.start_soon(mount_chat_page, app, chat, service, feedback, limiter)


async def mount_chat_page(app: FastAPI, part: Deferred, service: AnswerService, feedback: FeedbackStore,
                          limiter: RateLimiter | None = None) -> None:
    started = time.perf_counter()
    try:
        holder = await anyio.to_thread.run_sync(_gradio_app, app, service, feedback, limiter, abandon_on_cancel=True)
        # Gradio's lifespan starts its queue; it must be entered before the page takes a question.
        async with holder.router.lifespan_context(holder):
            part.mount(next(r.app for r in holder.routes if isinstance(r, Mount) and r.path == CHAT_PATH))
            log.info("%s mounted %.1f s after it began loading", part.name, time.perf_counter() - started)
            await anyio.sleep_forever()
    except Exception as exc:
        part.fail(exc)


async def serve_mcp(part: Deferred, service: AnswerService, settings: WebSettings,
                    *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
    """Mount MCP and hold its session manager open; ``task_status`` is told once it is mounted or has failed."""
    started = time.perf_counter()
    try:
        server, transport = await anyio.to_thread.run_sync(mcp_transport, service, settings.max_body_bytes,
                                                            abandon_on_cancel=True)
        async with server.session_manager.run():
            part.mount(transport)
            log.info("%s mounted %.1f s after it began loading", part.name, time.perf_counter() - started)
            task_status.started()
            await anyio.sleep_forever()
    except Exception as exc:
        part.fail(exc)
        task_status.started()
