"""Lexical search: bm25s over jieba tokens of the normalised (simplified, case-folded) text."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.textnorm import tokenize


class BM25Index:
    """Holds pre-tokenised documents; building bm25s from stored tokens takes milliseconds, so the tokens (not
    the bm25s matrices) are what the on-disk index keeps."""

    def __init__(self, tokens: Sequence[Sequence[str]]):
        import bm25s

        self._size = len(tokens)
        self._bm25 = bm25s.BM25()
        if self._size:
            self._bm25.index([list(t) for t in tokens], show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(document position, score) for documents sharing at least one token with the query, best first."""
        terms = tokenize(query)
        if not terms or not self._size:
            return []
        scores = self._bm25.get_scores(terms)
        order = scores.argsort()[::-1][:k]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
