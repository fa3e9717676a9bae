"""What `/chat` and `/mcp` answer before they are mounted: 503 with Retry-After, never a 404 or a wait.

A browser gets a bilingual page that reloads itself (no script: a meta refresh works under any CSP); an agent
gets the API's JSON error. If the part failed to load, they say so and stop asking to be reloaded.
"""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse, JSONResponse
from starlette.responses import Response

from ui.web.deferred import PartState
from ui.web.errors import error_body

RETRY_SECONDS = 2  # the chat page mounts within seconds of the port opening

_STARTING = ("The chat page is starting — this page reloads in a moment. The HTTP API already answers.",
             "聊天页面正在启动,本页稍后会自动刷新。HTTP 接口已可使用。")
_FAILED = ("The chat page could not be loaded on this server. The HTTP API still answers (see /docs).",
           "本服务器未能加载聊天页面。HTTP 接口仍可使用(见 /docs)。")


def chat_waiting(state: PartState) -> Response:
    en, zh = _FAILED if state == "failed" else _STARTING
    refresh = "" if state == "failed" else f'<meta http-equiv="refresh" content="{RETRY_SECONDS}">'
    page = (f'<!doctype html><html lang="zh"><head><meta charset="utf-8">{refresh}'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Training-cost assistant · 训练成本助手</title></head>'
            '<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; padding: 0 1em">'
            f'<h1>训练成本助手 · Training-cost assistant</h1><p lang="zh">{escape(zh)}</p>'
            f'<p lang="en">{escape(en)}</p></body></html>')
    return HTMLResponse(page, status_code=503, headers=_retry(state))


def mcp_waiting(state: PartState) -> Response:
    if state == "failed":
        body = error_body(503, "The MCP endpoint could not be loaded on this server; the HTTP API still answers.",
                          "mcp_unavailable")
    else:
        body = error_body(503, "The MCP endpoint is starting; retry in a moment.", "starting",
                          retry_after=RETRY_SECONDS)
    return JSONResponse(body, status_code=503, headers=_retry(state))


def _retry(state: PartState) -> dict[str, str]:
    return {} if state == "failed" else {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
