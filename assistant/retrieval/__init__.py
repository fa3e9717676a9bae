"""Hybrid retrieval (BM25 + dense, reciprocal-rank fusion) over fact cards, cases and ingested chunks.

    from assistant.retrieval import Retriever
    hits = Retriever().search("GPT-3訓練耗電多少", k=5)

Importing this package is cheap: jieba, bm25s, Chroma and the embedding models load on the first search.
"""

from assistant.retrieval.documents import Document, Hit
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.settings import RetrievalSettings

__all__ = ["Document", "Hit", "RetrievalSettings", "Retriever"]
