"""The one Assistant a web process shares, called off the event loop because answering is CPU work."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

if TYPE_CHECKING:
    from assistant import Assistant
    from assistant.retrieval.retriever import RetrievalStatus

log = logging.getLogger(__name__)

WARM_UP_QUESTION = "How many H100 GPU-hours to train a 70B model on 2T tokens?"


class AnswerService:
    def __init__(self, assistant: Assistant | None = None):
        self._assistant = assistant
        self._lock = threading.Lock()
        self.started = time.time()
        self.warm = False  # the warm-up answered its question: keyword search and the answering stack are loaded
        self.warm_up_error: str | None = None

    @property
    def assistant(self) -> Assistant:
        """The assistant, built on first use; the answering stack is imported then, not when the server starts."""
        if self._assistant is None:
            with self._lock:
                if self._assistant is None:
                    from assistant import Assistant
                    from assistant.core import Settings

                    # Keyword search answers while the dense model loads and its index is loaded or (re)built.
                    self._assistant = Assistant(Settings(background_index=True))
        return self._assistant

    @property
    def loaded(self) -> Assistant | None:
        """The assistant if it is built, without building it (for /healthz, which never waits)."""
        return self._assistant

    def retrieval_status(self) -> RetrievalStatus | None:
        return self._assistant.retrieval_status() if self._assistant is not None else None

    def ask(self, question: str, history: list[dict[str, Any]], lang: str | None = None) -> dict[str, Any]:
        answer = self.assistant.ask(question, history, lang).to_dict()  # type: ignore[arg-type]
        # any question answered shows the stack loaded: a user's may finish before the warm-up's own
        self.warm = True
        return answer

    async def ask_async(self, question: str, history: list[dict[str, Any]], lang: str | None = None) -> dict[str, Any]:
        return await run_in_threadpool(self.ask, question, history, lang)

    def warm_up(self) -> float:
        """Load the answering stack and the knowledge base, open the index for keyword search and answer one
        question; returns the seconds it took. The embedding model and the dense index go on loading in the
        background."""
        start = time.perf_counter()
        self.assistant.warm_up()
        self.ask(WARM_UP_QUESTION, [])
        seconds = time.perf_counter() - start
        log.info("warm-up took %.1f s; keyword search answers, dense retrieval loads in the background", seconds)
        return seconds

    def warm_up_failed(self, exc: BaseException) -> None:
        """Record why the warm-up failed (for /healthz); questions will try to load what it could not."""
        self.warm_up_error = f"{type(exc).__name__}: {exc}"
        log.error("warm-up failed: %s", self.warm_up_error, exc_info=exc)
