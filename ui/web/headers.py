"""Security headers on every response: ``X-Content-Type-Options``, ``Referrer-Policy`` and a Content-Security-Policy
chosen by what the path serves.

* API JSON, Server-Sent Events and ``/widget.js``: ``default-src 'none'; frame-ancestors 'none'``. A script's own
  CSP does not bind the page that includes it, so the widget still runs on any site.
* The Gradio chat page (``/chat``): what Gradio needs to run, nothing from other origins except Google Fonts (its
  theme's typeface). Gradio writes its configuration into an inline script and styles elements inline, hence
  ``'unsafe-inline'``; the cost-breakdown chart (Vega) compiles its expressions with ``new Function``, hence
  ``'unsafe-eval'`` (measured: without it the chart stays empty). What stands against script injection there is
  that nothing of a question or an answer is ever rendered as HTML (``presenting.escape``).
* ``/widget/demo`` (a host page): scripts from this origin only; ``/docs`` and ``/redoc``: FastAPI's CDN assets.

Who may frame the pages is ``frame-ancestors``, configurable (``ASSISTANT_FRAME_ANCESTORS``, default ``'self'``).
"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STRICT = "default-src 'none'; frame-ancestors 'none'"
CHAT_PAGE = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
             "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' data: "
             "https://fonts.gstatic.com; img-src 'self' data: blob:; media-src 'self' data: blob:; connect-src 'self'; "
             "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'")
WIDGET_DEMO = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'none'")
DOCS = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
        "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
        "https://cdn.redoc.ly; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'")
REFERRER_POLICY = "strict-origin-when-cross-origin"

ACCEPTED = ("'self', 'none', * or origins separated by spaces or commas, such as 'self' https://www.example.com "
            "https://*.example.org:8443")
_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?/?")


def frame_ancestors(value: str) -> str:
    """``value`` as a CSP ``frame-ancestors`` source list; a ValueError says what is wrong and what is accepted."""
    sources = []
    for token in re.split(r"[\s,]+", value.strip()):
        keyword = token.strip("'").lower()
        if keyword in ("self", "none"):
            sources.append(f"'{keyword}'")
        elif token == "*" or _ORIGIN.fullmatch(token):
            sources.append(token.rstrip("/"))
        else:
            raise ValueError(f"ASSISTANT_FRAME_ANCESTORS={value!r}: {token!r} is not a source; accepted: {ACCEPTED}")
    if "'none'" in sources and len(sources) > 1:
        raise ValueError(f"ASSISTANT_FRAME_ANCESTORS={value!r}: 'none' cannot stand beside other sources; "
                         f"accepted: {ACCEPTED}")
    return " ".join(sources)


def policy_for(path: str, ancestors: str) -> str:
    if path == "/chat" or path.startswith("/chat/"):
        page = CHAT_PAGE
    elif path == "/widget/demo":
        page = WIDGET_DEMO
    elif path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        page = DOCS
    else:
        return STRICT
    return f"{page}; frame-ancestors {ancestors}"


class SecurityHeadersMiddleware:
    """Adds the headers to every HTTP response, streamed ones included, unless the app set them itself.

    ``ancestors`` is a source list checked by `frame_ancestors` (Starlette builds middleware only when the first
    request or the lifespan arrives, too late to refuse a bad setting at start)."""

    def __init__(self, app: ASGIApp, ancestors: str):
        self.app = app
        self.ancestors = ancestors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = policy_for(scope["path"], self.ancestors)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", REFERRER_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
