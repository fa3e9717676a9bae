"""Web settings, read once from the environment so every app process behind a load balancer agrees."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# One question limit: the API refuses exactly what the assistant would (assistant.parse).
from assistant.limits import MAX_QUESTION_CHARS as MAX_QUESTION_CHARS
from assistant.paths import data_dir

MAX_HISTORY_MESSAGES = 40
MAX_HISTORY_CHARS = 20_000  # per message: an answer with its calculation steps runs to a few thousand characters
MAX_BODY_BYTES = 256 * 1024


def masked(url: str) -> str:
    """A setting's URL with its password hidden, for messages and logs."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


@dataclass(frozen=True)
class WebSettings:
    allowed_origins: tuple[str, ...] = ()  # besides the app's own origin; "*" allows any
    rate_limit: str | None = "30/minute"  # per client IP, `limits` notation; None disables
    rate_limit_storage: str = "memory://"  # per process; redis://host:port shares one count among processes and hosts
    max_body_bytes: int = MAX_BODY_BYTES
    # The JSON-lines file earlier versions appended feedback to: imported into the database once, on start.
    feedback_path: Path = field(default_factory=lambda: data_dir() / "feedback.jsonl")
    feedback_url: str | None = None  # sqlite:///path or postgresql://…; None: a SQLite file beside feedback_path
    frame_ancestors: str = "'self'"  # who may frame the chat page and the widget demo (CSP frame-ancestors)
    warm_up: bool = True  # answer one question at start-up so the first user does not pay for model loading

    @classmethod
    def from_env(cls) -> WebSettings:
        origins = tuple(o.strip().rstrip("/") for o in os.environ.get("ASSISTANT_ALLOWED_ORIGINS", "").split(",")
                        if o.strip())
        rate = os.environ.get("ASSISTANT_RATE_LIMIT", "30/minute").strip()
        body = os.environ.get("ASSISTANT_MAX_BODY_BYTES")
        feedback = os.environ.get("ASSISTANT_FEEDBACK_FILE")
        return cls(
            allowed_origins=origins,
            rate_limit=None if rate.lower() in ("", "0", "off", "none") else rate,
            rate_limit_storage=os.environ.get("ASSISTANT_RATE_LIMIT_STORAGE", "").strip() or "memory://",
            max_body_bytes=int(body) if body else MAX_BODY_BYTES,
            feedback_path=Path(feedback).expanduser() if feedback else data_dir() / "feedback.jsonl",
            feedback_url=os.environ.get("ASSISTANT_FEEDBACK_URL", "").strip() or None,
            frame_ancestors=os.environ.get("ASSISTANT_FRAME_ANCESTORS", "").strip() or "'self'",
            warm_up=os.environ.get("ASSISTANT_WARM_UP", "1") != "0",
        )
