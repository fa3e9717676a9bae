"""Hybrid retrieval over fact cards, cases and ingested chunks: BM25 + dense vectors, fused by reciprocal rank."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from assistant.retrieval.documents import Document, Hit, KnowledgeLike, build_documents, load_knowledge
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.settings import RetrievalSettings
from assistant.retrieval.store import IndexStore, LoadedIndex, index_key

if TYPE_CHECKING:
    from assistant.retrieval.bm25 import BM25Index
    from assistant.retrieval.embedders import Embedder

Mode = Literal["hybrid", "bm25", "dense"]
CANDIDATES = 30  # per method, before fusion; the corpus is small, recall at 30 is what matters


class Retriever:
    """``Retriever().search("GPT-3訓練耗電多少", k=5)`` → list[Hit], best first.

    The index is opened (or built) on the first search, not in the constructor, so creating a Retriever is cheap;
    call ``refresh()`` after ingesting new documents in the same process.
    """

    def __init__(self, settings: RetrievalSettings | None = None, knowledge: KnowledgeLike | None = None):
        self.settings = settings or RetrievalSettings.from_env()
        self._knowledge = knowledge
        self._index: LoadedIndex | None = None
        self._bm25: BM25Index | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ index lifecycle

    @property
    def index(self) -> LoadedIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._open()
        assert self._index is not None
        return self._index

    def refresh(self) -> None:
        """Re-read the knowledge base and the ingested manifest; rebuild the index if they changed."""
        with self._lock:
            self._index = None
            self._bm25 = None
            self._open()

    def _embedder(self) -> Embedder:
        # Imported here: loading a model (and, for MiniLM, torch) only when dense search is first needed.
        from assistant.retrieval.embedders import get_embedder

        return get_embedder(self.settings.embedder)

    def _open(self) -> None:
        from assistant.ingest import load_chunks, manifest_digest
        from assistant.retrieval.bm25 import BM25Index

        knowledge = self._knowledge if self._knowledge is not None else load_knowledge()
        chunks = load_chunks(self.settings.data_dir)
        key = index_key(self.settings, knowledge.fingerprint, manifest_digest(chunks))
        dense = self.settings.embedder != "none"
        store = IndexStore(self.settings, (lambda texts: self._embedder().embed_passages(texts)) if dense else None)
        self._index = store.open(key, lambda: build_documents(knowledge, chunks))
        self._bm25 = BM25Index(self._index.tokens)

    # ------------------------------------------------------------------ search

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        """Top ``k`` hits for ``query`` (any language or script). ``mode`` picks BM25, dense or both (fused);
        without an embedder (ASSISTANT_EMBEDDER=none) every mode is BM25."""
        if k <= 0 or not query.strip():
            return []
        index = self.index
        docs = index.docs
        lexical = self._lexical(query) if mode != "dense" or index.collection is None else []
        dense = self._dense(query) if mode != "bm25" and index.collection is not None else []
        if mode == "bm25" or (not dense and mode != "dense"):
            return [docs[i].hit(score) for i, score in lexical[:k]]
        by_id = {d.doc_id: d for d in docs}
        if mode == "dense":
            return [by_id[d].hit(score) for d, score in dense[:k] if d in by_id]
        fused = reciprocal_rank_fusion([[docs[i].doc_id for i, _ in lexical], [d for d, _ in dense]])
        return [by_id[d].hit(score) for d, score in fused[:k] if d in by_id]

    def _lexical(self, query: str) -> list[tuple[int, float]]:
        assert self._bm25 is not None
        return self._bm25.search(query, CANDIDATES)

    def _dense(self, query: str) -> list[tuple[str, float]]:
        collection = self.index.collection
        count = collection.count()
        if not count:
            return []
        vector = _query_vector(self.settings.embedder, query, self._embedder)
        result = collection.query(query_embeddings=[vector], n_results=min(CANDIDATES, count),
                                  include=["distances"])
        return [(doc_id, 1.0 - dist) for doc_id, dist in zip(result["ids"][0], result["distances"][0], strict=True)]

    @property
    def documents(self) -> list[Document]:
        return self.index.docs


_QUERY_CACHE: dict[tuple[str, str], list[float]] = {}
_QUERY_CACHE_MAX = 1024


def _query_vector(embedder: str, query: str, factory: Callable[[], Embedder]) -> list[float]:
    """Query embeddings are cached: chat UIs re-ask, and the bench runs the same queries in several modes."""
    key = (embedder, query)
    vector = _QUERY_CACHE.get(key)
    if vector is None:
        vector = [float(x) for x in factory().embed_query(query)]
        if len(_QUERY_CACHE) >= _QUERY_CACHE_MAX:
            _QUERY_CACHE.pop(next(iter(_QUERY_CACHE)))  # oldest first: dicts keep insertion order
        _QUERY_CACHE[key] = vector
    return vector
