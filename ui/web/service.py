"""The one Assistant a web process shares, called off the event loop because answering is CPU work."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from starlette.concurrency import run_in_threadpool

from assistant import Assistant
from assistant.core import Settings

log = logging.getLogger(__name__)

WARM_UP_QUESTION = "How many H100 GPU-hours to train a 70B model on 2T tokens?"


class AnswerService:
    def __init__(self, assistant: Assistant | None = None):
        self._assistant = assistant
        self._lock = threading.Lock()
        self.started = time.time()

    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:
            with self._lock:
                if self._assistant is None:
                    # A restart after an ingest answers from the previous index while the new one builds.
                    self._assistant = Assistant(Settings(background_index=True))
        return self._assistant

    def ask(self, question: str, history: list[dict[str, Any]], lang: str | None = None) -> dict[str, Any]:
        return self.assistant.ask(question, history, lang).to_dict()  # type: ignore[arg-type]

    async def ask_async(self, question: str, history: list[dict[str, Any]], lang: str | None = None) -> dict[str, Any]:
        return await run_in_threadpool(self.ask, question, history, lang)

    def warm_up(self) -> float:
        """Load the knowledge base, the index and the embedding model now; returns the seconds it took."""
        start = time.perf_counter()
        self.assistant.warm_up()
        self.ask(WARM_UP_QUESTION, [])
        seconds = time.perf_counter() - start
        log.info("warm-up took %.1f s", seconds)
        return seconds
