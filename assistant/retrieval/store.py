"""The on-disk index: documents + BM25 tokens + dense vectors in Chroma, cached by content hash.

Layout under ``<data dir>/index/``::

    <key>/docs.jsonl    one line per document (with its BM25 tokens)
    <key>/chroma/       embedded Chroma (PersistentClient), when no ASSISTANT_CHROMA_URL is set
    <key>/meta.json     written last: its presence marks a complete index
    CURRENT             the key of the last index that was completed

``key`` hashes everything the index is made from (knowledge fingerprint, ingested manifest, embedder, storage
mode, INDEX_VERSION), so an unchanged knowledge base never triggers a rebuild and a changed one always does.
A build happens in ``.build-<key>-<random>/`` and is renamed into place only once complete; a crash mid-build
leaves the previous index untouched and still named by CURRENT. With a Chroma server the vectors go to a
collection built under a temporary name and renamed (``modify(name=…)``) when complete, the same idea.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.retrieval.documents import Document
from assistant.retrieval.settings import RetrievalSettings
from assistant.textnorm import tokenize

log = logging.getLogger(__name__)

INDEX_VERSION = "3"  # bump when tokenisation, chunk or document text changes: old indexes are then rebuilt
COLLECTION = "documents"
EMBED_BATCH = 64
STALE_BUILD_SECONDS = 3600


class IndexBuildError(RuntimeError):
    """No index could be built and there is no previous one to fall back on."""


def index_key(settings: RetrievalSettings, knowledge_fingerprint: str, manifest_digest: str) -> str:
    mode = "http" if settings.chroma_url else "local"
    raw = f"{INDEX_VERSION}|{knowledge_fingerprint}|{manifest_digest}|{settings.embedder}|{mode}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class LoadedIndex:
    key: str
    docs: list[Document]
    tokens: list[list[str]]
    collection: Any | None  # a chromadb Collection, or None when dense search is off
    stale: bool = False  # True when an older index is served: a rebuild failed, or is still under way
    build_seconds: float = 0.0  # 0 when loaded from disk


def keyword_index(key: str, docs: list[Document]) -> LoadedIndex:
    """An in-memory index for keyword search alone, while the index ``key`` is first built on disk."""
    return LoadedIndex(key=key, docs=docs, tokens=[tokenize(d.index_text) for d in docs], collection=None)


# ---------------------------------------------------------------------------------------------- Chroma


def _chroma_settings() -> Any:
    from chromadb.config import Settings

    # Telemetry off: the app must work offline and not phone home.
    return Settings(anonymized_telemetry=False)


def _local_client(path: Path) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def http_client(url: str) -> Any:
    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise ValueError(f"ASSISTANT_CHROMA_URL={url!r} has no host; expected http://host:port")
    return chromadb.HttpClient(host=parsed.hostname, port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                               ssl=parsed.scheme == "https", settings=_chroma_settings())


def write_vectors(collection: Any, docs: Sequence[Document], embed: Callable[[Sequence[str]], Any]) -> None:
    """Embed and add documents in batches. A module-level function so tests can simulate a crash mid-build."""
    for start in range(0, len(docs), EMBED_BATCH):
        batch = docs[start : start + EMBED_BATCH]
        vectors = embed([d.embed_text for d in batch])
        collection.add(
            ids=[d.doc_id for d in batch],
            embeddings=[list(map(float, v)) for v in vectors],
            documents=[d.embed_text for d in batch],
            metadatas=[{"source_id": d.source_id, "kind": d.kind, "locator": d.locator} for d in batch],
        )


def _new_collection(client: Any, name: str) -> Any:
    # embedding_function=None always: Chroma's default downloads a model, which fails offline; we pass vectors.
    return client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})


def _server_collection(settings: RetrievalSettings, key: str, docs: Sequence[Document],
                       embed: Callable[[Sequence[str]], Any]) -> Any:
    """The server's collection for ``key``, built under a temporary name and renamed if it does not exist."""
    client = http_client(settings.chroma_url or "")
    final = f"ca-{key}"
    with contextlib.suppress(Exception):  # chromadb raises NotFoundError (a ValueError subclass in some versions)
        col = client.get_collection(final, embedding_function=None)
        if col.count() == len(docs):
            return col
        client.delete_collection(final)  # an incomplete collection from an older client; rebuild it
    temp = f"ca-build-{key}-{uuid.uuid4().hex[:8]}"
    col = _new_collection(client, temp)
    try:
        write_vectors(col, docs, embed)
        col.modify(name=final)
    except BaseException:
        with contextlib.suppress(Exception):
            client.delete_collection(temp)
        # Another process may have finished the same build first; theirs is as good as ours.
        with contextlib.suppress(Exception):
            return client.get_collection(final, embedding_function=None)
        raise
    return col


# ---------------------------------------------------------------------------------------------- on disk


class IndexStore:
    def __init__(self, settings: RetrievalSettings, embed_passages: Callable[[Sequence[str]], Any] | None):
        self.settings = settings
        self.root = settings.data_dir / "index"
        self._embed = embed_passages  # None when dense search is off

    @property
    def dense(self) -> bool:
        return self._embed is not None and self.settings.embedder != "none"

    def current_key(self) -> str | None:
        try:
            key = (self.root / "CURRENT").read_text().strip()
        except OSError:
            return None
        return key if self._complete(self.root / key) else None

    def _complete(self, path: Path) -> bool:
        return (path / "meta.json").is_file()

    def built(self, key: str) -> bool:
        return self._complete(self.root / key)

    def open(self, key: str, make_docs: Callable[[], list[Document]]) -> LoadedIndex:
        """The index for ``key``: loaded if built before, else built now; on a failed build the last good
        index is served (marked stale) so search keeps working."""
        final = self.root / key
        if self._complete(final):
            return self.load(key)
        started = time.perf_counter()
        try:
            self._build(key, make_docs())
        except Exception as exc:
            previous = self.current_key()
            if previous is None:
                raise IndexBuildError(f"building the search index failed: {exc}") from exc
            log.warning("index build failed (%s); serving the previous index %s", exc, previous)
            loaded = self.load(previous)
            loaded.stale = True
            return loaded
        loaded = self.load(key)
        loaded.build_seconds = time.perf_counter() - started
        return loaded

    def _build(self, key: str, docs: list[Document]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self._sweep_stale_builds()
        tmp = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=self.root))
        try:
            tokens = [tokenize(d.index_text) for d in docs]
            with (tmp / "docs.jsonl").open("w", encoding="utf-8") as fh:
                for doc, toks in zip(docs, tokens, strict=True):
                    fh.write(json.dumps({"doc": asdict(doc), "tokens": toks}, ensure_ascii=False) + "\n")
            if self.dense and self._embed is not None:
                if self.settings.chroma_url:
                    try:
                        _server_collection(self.settings, key, docs, self._embed)
                    except Exception as exc:
                        # The server's vectors are written whenever it is reachable again (load / reconnect);
                        # the local part of the index is complete without them.
                        log.warning("Chroma server %s unavailable while building (%s); keyword search only until "
                                    "it is back", self.settings.chroma_url, exc)
                else:
                    write_vectors(_new_collection(_local_client(tmp / "chroma"), COLLECTION), docs, self._embed)
            meta = {"key": key, "version": INDEX_VERSION, "embedder": self.settings.embedder,
                    "chroma": "http" if self.settings.chroma_url else "local", "documents": len(docs),
                    "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
            try:
                os.rename(tmp, self.root / key)  # atomic on one filesystem; fails if another process won
            except OSError:
                if not self._complete(self.root / key):
                    raise
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        previous = self.current_key()
        self._write_current(key)
        self._prune(keep={key, previous})

    def _write_current(self, key: str) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".current-", dir=self.root)
        with os.fdopen(fd, "w") as fh:
            fh.write(key + "\n")
        os.replace(tmp, self.root / "CURRENT")

    def _prune(self, keep: set[str | None]) -> None:
        # Keep the previous index too: another process may still be reading it.
        for path in self.root.iterdir():
            if path.is_dir() and not path.name.startswith(".") and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def _sweep_stale_builds(self) -> None:
        cutoff = time.time() - STALE_BUILD_SECONDS
        for path in self.root.glob(".build-*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)

    def load(self, key: str, dense: bool = True) -> LoadedIndex:
        """The built index ``key``; ``dense=False`` reads its documents alone, for keyword search (fast)."""
        path = self.root / key
        docs: list[Document] = []
        tokens: list[list[str]] = []
        with (path / "docs.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                docs.append(Document(**row["doc"]))
                tokens.append(row["tokens"])
        collection = None
        if dense and self.dense and self._embed is not None:
            if self.settings.chroma_url:
                try:
                    collection = self.connect(key, docs)
                except Exception as exc:
                    # Keyword search still answers; the retriever reconnects when the server is back.
                    log.warning("Chroma server %s unavailable (%s); serving keyword search only",
                                self.settings.chroma_url, exc)
            else:
                collection = _local_client(path / "chroma").get_collection(COLLECTION, embedding_function=None)
        return LoadedIndex(key=key, docs=docs, tokens=tokens, collection=collection)

    def connect(self, key: str, docs: Sequence[Document]) -> Any:
        """The Chroma server's collection for ``key``; (re)created if the server was reset since it was built."""
        assert self._embed is not None
        return _server_collection(self.settings, key, docs, self._embed)
