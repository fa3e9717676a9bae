"""Hybrid retrieval over fact cards, cases and ingested chunks: BM25 + dense vectors, fused by reciprocal rank."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from assistant.retrieval.documents import Document, Hit, KnowledgeLike, build_documents, load_knowledge
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.settings import RetrievalSettings
from assistant.retrieval.store import IndexStore, LoadedIndex, index_key, keyword_index

if TYPE_CHECKING:
    from assistant.retrieval.bm25 import BM25Index
    from assistant.retrieval.embedders import Embedder

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "bm25", "dense"]
DenseState = Literal["off", "loading", "ready", "failed", "unavailable"]
CANDIDATES = 30  # per method, before fusion; the corpus is small, recall at 30 is what matters
RECONNECT_SECONDS = 10.0  # how often to retry a Chroma server that went away
BACKGROUND_NICENESS = 5  # a background index build runs at this CPU priority (0 normal, 19 lowest): a third of
# an answering thread's CPU share; at 10 (a tenth) a first build took 5 min on the busy shared box


@dataclass(frozen=True)
class RetrievalStatus:
    """What a search answers from right now: ``live`` is "hybrid" once dense vectors take part, else "keyword"."""

    live: Literal["keyword", "hybrid"]
    dense: DenseState  # off: no embedder configured; unavailable: the Chroma server is down
    index: str | None  # the key of the index served; None before the first search opened one
    stale: bool  # an out-of-date index is served while the current one is built
    error: str | None = None  # why the dense part failed to load


class Retriever:
    """``Retriever().search("GPT-3訓練耗電多少", k=5)`` → list[Hit], best first.

    The index is opened (or built) on the first search, not in the constructor, so creating a Retriever is cheap;
    call ``refresh()`` after ingesting new documents in the same process.
    """

    def __init__(self, settings: RetrievalSettings | None = None, knowledge: KnowledgeLike | None = None,
                 background: bool = False):
        """``background``: the first search never waits for the dense part. It answers with keyword search over
        the documents at once while the embedding model loads and the index is loaded, built for the first time
        or rebuilt (an out-of-date index is then served, marked stale), and the hybrid index is swapped in when
        ready. A server wants this; a CLI does not."""
        self.settings = settings or RetrievalSettings.from_env()
        self.background = background
        self._knowledge = knowledge
        # The index and its BM25 model change together (a background load swaps both): one tuple, one assignment.
        self._current: tuple[LoadedIndex, BM25Index] | None = None
        self._lock = threading.Lock()
        self._store: IndexStore | None = None
        self._generation = 0  # bumped by every open, so a background load of an older open never swaps in
        self._dense_loading = False
        self._dense_error: str | None = None
        self._reconnect_after = 0.0  # monotonic time of the next reconnection attempt
        self._reconnecting = threading.Lock()

    # ------------------------------------------------------------------ index lifecycle

    @property
    def index(self) -> LoadedIndex:
        return self._state()[0]

    def _state(self) -> tuple[LoadedIndex, BM25Index]:
        current = self._current
        if current is None:
            with self._lock:
                if self._current is None:
                    self._open()
            current = self._current
        assert current is not None
        return current

    def refresh(self) -> None:
        """Re-read the knowledge base and the ingested manifest; rebuild the index if they changed."""
        with self._lock:
            self._current = None
            self._open()

    def status(self) -> RetrievalStatus:
        """The retrieval live now; never opens the index or waits for it."""
        current = self._current
        index = current[0] if current is not None else None
        if self.settings.embedder == "none":
            dense: DenseState = "off"
        elif self._dense_error is not None:
            dense = "failed"
        elif index is None or self._dense_loading:
            dense = "loading"
        else:
            dense = "ready" if index.collection is not None else "unavailable"
        return RetrievalStatus(live="hybrid" if index is not None and index.collection is not None else "keyword",
                               dense=dense, index=index.key if index else None, stale=bool(index and index.stale),
                               error=self._dense_error)

    def _embedder(self) -> Embedder:
        # Imported here: loading a model (and, for MiniLM, torch) only when dense search is first needed.
        from assistant.retrieval.embedders import get_embedder

        return get_embedder(self.settings.embedder)

    def _open(self) -> None:
        from assistant.ingest import load_chunks, manifest_digest

        knowledge = self._knowledge if self._knowledge is not None else load_knowledge()
        chunks = load_chunks(self.settings.data_dir)
        key = index_key(self.settings, knowledge.fingerprint, manifest_digest(chunks))
        dense = self.settings.embedder != "none"
        store = IndexStore(self.settings, (lambda texts: self._embedder().embed_passages(texts)) if dense else None)
        self._store = store
        self._generation += 1

        def make_docs() -> list[Document]:
            return build_documents(knowledge, chunks)

        if not (self.background and dense):
            self._serve(store.open(key, make_docs))
            return
        previous = store.current_key()
        if store.built(key):
            index = store.load(key, dense=False)
        elif previous:
            index = store.load(previous, dense=False)
            index.stale = True
            log.warning("search index %s is out of date; serving it while %s is built", previous, key)
        else:
            index = keyword_index(key, make_docs())
            log.warning("no search index yet; keyword search answers while %s is built", key)
        self._serve(index)
        self._dense_loading, self._dense_error = True, None
        threading.Thread(target=self._load_dense, args=(store, key, make_docs, self._generation),
                         name="dense-retrieval", daemon=True).start()

    def _serve(self, index: LoadedIndex) -> None:
        from assistant.retrieval.bm25 import BM25Index

        self._current = (index, BM25Index(index.tokens))

    def _load_dense(self, store: IndexStore, key: str, make_docs: Callable[[], list[Document]],
                    generation: int) -> None:
        """Load the embedding model, then load or build the hybrid index and serve it (background mode). While an
        out-of-date index is rebuilt, its own vectors serve meanwhile, so search is hybrid again within seconds."""
        started = time.perf_counter()
        try:
            self._embedder()
            if not store.built(key):
                previous = store.current_key()
                if previous:
                    stale = store.load(previous)
                    stale.stale = True
                    self._swap(stale, generation, done=False)
                _yield_cpu()  # embedding every document: minutes of CPU on a busy box, behind the answers
            index = store.open(key, make_docs)
        except Exception as exc:
            log.exception("loading dense retrieval failed; keyword search only")
            if generation == self._generation:
                self._dense_error = f"{type(exc).__name__}: {exc}"
                self._dense_loading = False
            return
        if self._swap(index, generation, done=True):
            # A build (or a failed one) is news for the operator; loading what was built before is not.
            level = logging.WARNING if index.build_seconds or index.stale else logging.INFO
            log.log(level, "search index %s%s is ready and now served (%s retrieval) after %.1f s", index.key,
                    " (stale)" if index.stale else "", self.status().live, time.perf_counter() - started)

    def _swap(self, index: LoadedIndex, generation: int, done: bool) -> bool:
        """Serve ``index`` unless refresh() opened a newer one meanwhile; ``done``: the dense part is loaded."""
        with self._lock:
            if generation != self._generation:
                return False
            self._serve(index)
            self._dense_loading = not done
        return True

    # ------------------------------------------------------------------ search

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        """Top ``k`` hits for ``query`` (any language or script). ``mode`` picks BM25, dense or both (fused);
        without an embedder (ASSISTANT_EMBEDDER=none) every mode is BM25."""
        if k <= 0 or not query.strip():
            return []
        index, bm25 = self._state()  # one consistent pair, even if a background rebuild swaps it meanwhile
        if index.collection is None and self.settings.chroma_url and self.settings.embedder != "none":
            self._reconnect_later(index)
        docs = index.docs
        dense = self._dense(index, query) if mode != "bm25" else []
        lexical = bm25.search(query, CANDIDATES) if mode != "dense" or not dense else []
        if not dense:  # BM25 asked for, or no dense index (none configured, or its server is down)
            return [docs[i].hit(score) for i, score in lexical[:k]]
        by_id = {d.doc_id: d for d in docs}
        if mode == "dense":
            return [by_id[d].hit(score) for d, score in dense[:k] if d in by_id]
        fused = reciprocal_rank_fusion([[docs[i].doc_id for i, _ in lexical], [d for d, _ in dense]])
        return [by_id[d].hit(score) for d, score in fused[:k] if d in by_id]

    def _dense(self, index: LoadedIndex, query: str) -> list[tuple[str, float]]:
        collection = index.collection
        if collection is None:
            return []
        try:
            count = len(index.docs)  # the collection holds exactly these documents; asking Chroma costs ~3 ms
            if not count:
                return []
            vector = _query_vector(self.settings.embedder, query, self._embedder)
            result = collection.query(query_embeddings=[vector], n_results=min(CANDIDATES, count),
                                      include=["distances"])
        except Exception as exc:
            if not self.settings.chroma_url:
                raise  # an embedded store failing is a bug, not an outage
            log.warning("Chroma server %s failed (%s); answering with keyword search until it is back",
                        self.settings.chroma_url, exc)
            index.collection = None
            self._reconnect_after = time.monotonic() + RECONNECT_SECONDS
            return []
        return [(doc_id, 1.0 - dist) for doc_id, dist in zip(result["ids"][0], result["distances"][0], strict=True)]

    def _reconnect_later(self, index: LoadedIndex) -> None:
        """Try the Chroma server again in the background, at most every RECONNECT_SECONDS: searches never wait."""
        if time.monotonic() < self._reconnect_after or self._store is None or not self._reconnecting.acquire(False):
            return
        self._reconnect_after = time.monotonic() + RECONNECT_SECONDS

        def attempt() -> None:
            try:
                assert self._store is not None
                index.collection = self._store.connect(index.key, index.docs)
                log.warning("Chroma server %s is back; dense retrieval restored", self.settings.chroma_url)
            except Exception as exc:
                log.info("Chroma server %s still unavailable: %s", self.settings.chroma_url, exc)
            finally:
                self._reconnecting.release()

        threading.Thread(target=attempt, name="chroma-reconnect", daemon=True).start()

    @property
    def documents(self) -> list[Document]:
        return self.index.docs


def _yield_cpu() -> None:
    """Lower this thread's CPU priority for good (Linux: per thread, inherited by the threads it starts, such as
    the embedder's workers): embedding the documents takes tens of seconds of both cores of a small box, and must
    not slow the answers given meanwhile."""
    with contextlib.suppress(AttributeError, OSError):  # no per-thread priority on this platform
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


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
