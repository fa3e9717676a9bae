"""`/widget.js`, its demo host page `/widget/demo` and the product's icon: static files, safe to load from any site."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
_HEADERS = {"Cache-Control": "public, max-age=300"}  # nosniff and the CSP come from ui.web.headers


def widget_router() -> APIRouter:
    router = APIRouter(tags=["widget"])

    # HEAD too: caches and link checkers ask for the headers alone.
    @router.get("/widget.js", summary="The embeddable chat widget (one <script> tag; see /widget/demo)")
    @router.head("/widget.js", include_in_schema=False)
    async def widget_js() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8", headers=_HEADERS)

    @router.get("/widget/demo", summary="A host page with the widget embedded")
    @router.head("/widget/demo", include_in_schema=False)
    async def widget_demo() -> FileResponse:
        return FileResponse(STATIC / "widget_demo.html", media_type="text/html; charset=utf-8", headers=_HEADERS)

    @router.get("/favicon.svg", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml", headers=_HEADERS)

    return router
