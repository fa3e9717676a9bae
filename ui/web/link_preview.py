"""The chat page's link preview is the product's, not Gradio's: Gradio's page template hard-codes preview tags
(og:title "Gradio", "Click to try out the app!", Gradio's banner image) ahead of the ones it fills from the app,
and a link pasted into a chat shows the first. This middleware drops those from the page's HTML and writes the
product's description and icon into it: what `head=` gives Gradio is added by its script, which no link-preview
crawler runs. The manifest link goes too: the app is no installable web app and the file does not exist.
"""

from __future__ import annotations

import re
from html import escape

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.web.wording import TEXT

_META = re.compile(rb"<meta\s[^>]*?(?:property=\"og:|name=\"twitter:)[^>]*>\s*", re.S)
_GRADIOS = (b"Gradio", b"Click to try out the app!", b"gradio-app/gradio", b"gradio.app", b'content="{url}"',
            b'content=""')


_MANIFEST = re.compile(rb"<link rel=\"manifest\"[^>]*>\s*")
_DESCRIPTION = escape(TEXT["en"]["intro"])
TAGS = (f'<meta name="description" content="{_DESCRIPTION}">'
        f'<meta property="og:description" content="{_DESCRIPTION}">'
        f'<meta property="og:site_name" content="{escape(TEXT["en"]["title"])}">'
        '<link rel="icon" type="image/svg+xml" href="/favicon.svg">').encode()


def _strip(html: bytes) -> bytes:
    return _META.sub(lambda m: b"" if any(g in m.group() for g in _GRADIOS) else m.group(), html)


def rewrite(html: bytes) -> bytes:
    """Gradio's preview tags and manifest link out, the product's description and icon in."""
    return _MANIFEST.sub(b"", _strip(html)).replace(b"</head>", TAGS + b"</head>", 1)


class LinkPreviewMiddleware:
    def __init__(self, app: ASGIApp, path: str):
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_rewritten(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html") and "content-encoding" not in headers:
                    start = message  # held until the whole page is here: it is small and its length changes
                    return
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = rewrite(b"".join(chunks))
                MutableHeaders(scope=start)["content-length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, send_rewritten)
