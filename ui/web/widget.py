"""`/widget.js` and its demo host page `/widget/demo`: static files, safe to load from any site."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
_HEADERS = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}


def widget_router() -> APIRouter:
    router = APIRouter(tags=["widget"])

    @router.get("/widget.js", summary="The embeddable chat widget (one <script> tag; see /widget/demo)")
    async def widget_js() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8", headers=_HEADERS)

    @router.get("/widget/demo", summary="A host page with the widget embedded")
    async def widget_demo() -> FileResponse:
        return FileResponse(STATIC / "widget_demo.html", media_type="text/html; charset=utf-8", headers=_HEADERS)

    return router
