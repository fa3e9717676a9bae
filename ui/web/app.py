"""`create_app()`: the one FastAPI app that `cost-assistant serve` runs (design §6).

    /                      → redirect to /chat/
    /chat/                 Gradio chat page
    /api/v1/chat           Answer JSON            /api/v1/chat/stream   Server-Sent Events
    /v1/chat/completions   OpenAI-compatible      /api/v1/feedback      like / dislike
    /widget.js, /widget/demo                      /healthz, /docs, /openapi.json
    /mcp                   Model Context Protocol (streamable HTTP) for agents: the calculators, search, ask

Settings come from the environment (`WebSettings.from_env`), so every worker process builds the same app.
The port opens after the light imports (ui.web.background says what loads after it and why): /healthz answers
at once and says what is live; the API answers as soon as keyword search is (a calculation needs no retrieval),
while dense retrieval, MCP and the chat page load in the background.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse
from starlette.routing import Mount

from ui.web.api import api_router
from ui.web.background import CHAT_PATH, load_in_background
from ui.web.config import WebSettings
from ui.web.deferred import Deferred
from ui.web.errors import install_error_handlers
from ui.web.feedback import open_feedback
from ui.web.headers import SecurityHeadersMiddleware, frame_ancestors
from ui.web.health import health_router
from ui.web.link_preview import LinkPreviewMiddleware
from ui.web.mcp_http import mcp_route
from ui.web.openai_compat import completions_router
from ui.web.protection import BodyLimitMiddleware, OriginCheckMiddleware, RateLimiter
from ui.web.service import AnswerService
from ui.web.starting import chat_waiting, mcp_waiting
from ui.web.widget import widget_router

log = logging.getLogger(__name__)


def create_app(settings: WebSettings | None = None, service: AnswerService | None = None) -> FastAPI:
    settings = settings or WebSettings.from_env()
    service = service or AnswerService()
    feedback = open_feedback(settings.feedback_url, settings.feedback_path)
    limiter = RateLimiter(settings.rate_limit, settings.rate_limit_storage)
    ancestors = frame_ancestors(settings.frame_ancestors)
    chat = Deferred("chat_page", chat_waiting)
    mcp = Deferred("mcp", mcp_waiting)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Nothing heavy before the port opens: /healthz answers at once and says what is live yet.
        async with anyio.create_task_group() as background:
            background.start_soon(load_in_background, app, settings, service, feedback, chat, mcp, limiter)
            yield
            background.cancel_scope.cancel()
        feedback.close()

    app = FastAPI(title="Training-cost assistant", version=version("training-cost-assistant"), lifespan=lifespan,
                  description="Bilingual answers about the cost of training AI models; every figure is calculated "
                              "or cited. The Answer JSON is described in design §5.")
    install_error_handlers(app)
    app.include_router(api_router(service, feedback, limiter))
    app.include_router(health_router(service, (chat, mcp)))
    app.include_router(completions_router(service, limiter))
    app.include_router(widget_router())
    app.router.routes.append(mcp_route(mcp, limiter, settings.allowed_origins))
    app.router.routes.append(Mount(CHAT_PATH, app=chat))

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/chat/")

    # Added last = runs first: a refused origin gets its 403 before CORS or any route sees the request.
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins), allow_credentials=False,
                       allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["Content-Type", "Accept",
                                                                                  "Authorization",
                                                                                  "Mcp-Protocol-Version"],
                       expose_headers=["Retry-After", "RateLimit-Limit", "RateLimit-Remaining"], max_age=600)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes, prefixes=("/api/", "/v1/", "/mcp"))
    app.add_middleware(OriginCheckMiddleware, allowed_origins=settings.allowed_origins)
    # Outermost, so that refusals (403, 413) carry the security headers too.
    app.add_middleware(SecurityHeadersMiddleware, ancestors=ancestors)
    app.add_middleware(LinkPreviewMiddleware, path="/chat/")
    return app
