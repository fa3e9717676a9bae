"""One JSON error shape for every failure, shaped like OpenAI's so its clients show our messages too.

    {"error": {"code": "rate_limited", "type": "rate_limit_error", "message": "…", …extra}}

Clients never see a stack trace: unexpected exceptions are logged with a request id and answered with that id.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ui.web.config import MAX_HISTORY_CHARS, MAX_HISTORY_MESSAGES, MAX_QUESTION_CHARS

log = logging.getLogger(__name__)

ACCEPTED = (f'a JSON object {{"question": text of 1–{MAX_QUESTION_CHARS} characters, "history": up to '
            f'{MAX_HISTORY_MESSAGES} messages {{"role": "user" | "assistant", "content": text of at most '
            f'{MAX_HISTORY_CHARS} characters}}, "lang": "en" | "zh-Hans" | "zh-Hant" | null}}')
FEEDBACK_ACCEPTED = (f'a JSON object {{"rating": "up" | "down", "question": text of at most {MAX_QUESTION_CHARS} '
                     f'characters, "answer": text of at most {MAX_HISTORY_CHARS} characters, "comment": text of at '
                     'most 2000 characters, "request_id": text of at most 64 characters or null}')
COMPLETIONS_ACCEPTED = ('a JSON object {"model": text of at most 256 characters, "stream": true | false, "messages": '
                        f'1–{MAX_HISTORY_MESSAGES + 1} messages {{"role": "system" | "developer" | "user" | '
                        '"assistant" | "tool", "content": text or a list of {"type": "text", "text": text}}, the last '
                        'one from the user}')
_ACCEPTED_BY_PATH = {"/api/v1/feedback": FEEDBACK_ACCEPTED, "/v1/chat/completions": COMPLETIONS_ACCEPTED}

_TYPES = {400: "invalid_request_error", 403: "permission_error", 404: "not_found_error", 405: "invalid_request_error",
          413: "invalid_request_error", 415: "invalid_request_error", 422: "invalid_request_error",
          429: "rate_limit_error"}
_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
          415: "unsupported_media_type", 422: "invalid_request", 429: "rate_limited"}


def error_body(status: int, message: str, code: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code or _CODES.get(status, "server_error"),
                      "type": _TYPES.get(status, "server_error"), "message": message, **extra}}


def error_response(status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None,
                   **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, code, **extra), status_code=status, headers=headers)


class ApiError(HTTPException):
    """An HTTP error with our code and any extra fields (``retry_after``, ``accepted``) for the JSON body."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None,
                 **extra: Any):
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        self.extra = extra


def _describe(err: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
    return f"{where}: {err.get('msg', 'invalid')}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(e) for e in exc.errors()][:10]
        message = "The request is not valid: " + "; ".join(problems) + "."
        accepted = _ACCEPTED_BY_PATH.get(request.url.path, ACCEPTED)  # what *this* endpoint takes
        return error_response(422, message, problems=problems, accepted=accepted)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc, ApiError):
            return error_response(exc.status_code, exc.detail, exc.code, exc.headers, **exc.extra)
        message = str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in message:
            # Bytes that are not UTF-8: FastAPI says 400, while a JSON syntax error is its 422; answer both alike.
            return error_response(422, "The request body is not valid UTF-8 JSON.",
                                  accepted=_ACCEPTED_BY_PATH.get(request.url.path, ACCEPTED))
        return error_response(exc.status_code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        request_id = uuid.uuid4().hex[:12]
        log.error("unhandled error, request %s", request_id, exc_info=exc)
        return error_response(500, f"Something went wrong on our side; it was logged as {request_id}.",
                              "server_error", request_id=request_id)
