"""Retrieval metrics for a golden set (eval/retrieval.jsonl): recall@k and MRR per language.

A hit is relevant when it comes from one of the item's expected sources and its text contains one of the
expected strings (compared in the matching form: simplified, case-folded, no thousands separators), so a
passage from the right article that lacks the figure does not count.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.retrieval.documents import Hit
from assistant.textnorm import normalize


@dataclass(frozen=True)
class EvalItem:
    id: str
    query: str
    lang: str
    source_ids: tuple[str, ...]
    expect: tuple[str, ...]


def load_items(path: Path) -> list[EvalItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(EvalItem(row["id"], row["query"], row["lang"], tuple(row["source_ids"]),
                                  tuple(row.get("expect", ()))))
    return items


def is_relevant(hit: Hit, item: EvalItem) -> bool:
    if hit.source_id not in item.source_ids:
        return False
    if not item.expect:
        return True
    text = normalize(hit.text)
    return any(normalize(e) in text for e in item.expect)


def first_relevant_rank(hits: Sequence[Hit], item: EvalItem) -> int | None:
    return next((rank for rank, hit in enumerate(hits, start=1) if is_relevant(hit, item)), None)


@dataclass
class Scores:
    n: int = 0
    r1: float = 0.0
    r5: float = 0.0
    mrr: float = 0.0

    def add(self, rank: int | None) -> None:
        self.n += 1
        self.r1 += rank == 1
        self.r5 += rank is not None and rank <= 5
        self.mrr += 1.0 / rank if rank else 0.0

    def means(self) -> tuple[float, float, float]:
        n = max(self.n, 1)
        return self.r1 / n, self.r5 / n, self.mrr / n


def evaluate(items: Iterable[EvalItem], search: Callable[[str], Sequence[Hit]]) -> dict[str, Scores]:
    """Scores per language plus 'all'; ``search`` returns at least 10 hits (MRR looks at the top 10)."""
    scores: dict[str, Scores] = defaultdict(Scores)
    for item in items:
        rank = first_relevant_rank(search(item.query), item)
        scores[item.lang].add(rank)
        scores["all"].add(rank)
    return dict(scores)
