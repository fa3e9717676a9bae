"""The assistant layer: understanding, retrieval, planning, answer composition and evaluation.

``from assistant import Assistant`` is the stable entry point (design §5); it is imported lazily so that
lighter modules (retrieval, evaluation) load without the whole answering stack.
"""

from typing import Any

__all__ = ["Assistant"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from assistant.core import Assistant

        return Assistant
    raise AttributeError(name)
