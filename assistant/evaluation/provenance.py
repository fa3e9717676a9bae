"""What each source says, for citation support: every figure in the knowledge base, grouped by source id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.loader import KnowledgeBase, default_knowledge


@dataclass(frozen=True)
class SourceFigure:
    value: float | None
    low: float | None
    high: float | None
    unit: str
    where: str  # card/case/hardware/default id and field


@dataclass(frozen=True)
class SourceIndex:
    figures: dict[str, tuple[SourceFigure, ...]]
    names: tuple[str, ...]  # model and chip names, whose digits are not figures
    known_sources: frozenset[str]
    # What each source is recorded as saying in words: its cards' statements and the notes of cases it backs.
    # A number stated there is in the cited source even when it is not one of the card's structured figures.
    statements: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, source_id: str) -> tuple[SourceFigure, ...]:
        return self.figures.get(source_id, ())

    def said_by(self, source_id: str) -> tuple[str, ...]:
        return self.statements.get(source_id, ())


def build_index(kb: KnowledgeBase) -> SourceIndex:
    figs: dict[str, list[SourceFigure]] = defaultdict(list)
    said: dict[str, list[str]] = defaultdict(list)

    def add(fig: object, where: str) -> None:
        src = getattr(fig, "source", None)
        if src:
            figs[src].append(SourceFigure(getattr(fig, "value", None), getattr(fig, "low", None),
                                          getattr(fig, "high", None), fig.unit, where))  # type: ignore[attr-defined]

    for card in kb.facts.values():
        said[card.source] += [card.statement.en, card.statement.zh]
        for i, f in enumerate(card.figures):
            add(f, f"{card.id}.figures[{i}]")
    for case in kb.cases.values():
        for metric, f in case.figures.items():
            add(f, f"{case.id}.{metric}")
            if case.notes:
                said[f.source] += [case.notes.en, case.notes.zh]
    for acc in kb.hardware.values():
        for name in ("bf16_dense", "fp8_dense", "tdp", "memory", "memory_bandwidth", "server_overhead",
                     "server_power_multiplier"):
            if getattr(acc, name) is not None:
                add(getattr(acc, name), f"{acc.id}.{name}")
        for i, p in enumerate([*acc.purchase_prices, *acc.rental_prices]):
            add(p, f"{acc.id}.price[{i}]")
    for d in kb.defaults.values():
        add(d.figure, f"default:{d.id}")
    names: set[str] = set()
    for case in kb.cases.values():
        names.update([case.name, *case.aliases])
    for acc in kb.hardware.values():
        names.update([acc.name, *acc.aliases])
    return SourceIndex({k: tuple(v) for k, v in figs.items()}, tuple(sorted(names, key=len, reverse=True)),
                       frozenset(kb.sources), {k: tuple(dict.fromkeys(v)) for k, v in said.items()})


@lru_cache(maxsize=4)
def _cached(kb_id: int, kb: KnowledgeBase) -> SourceIndex:
    return build_index(kb)


def index_for(kb: KnowledgeBase | None = None) -> SourceIndex:
    kb = kb or default_knowledge()
    return _cached(id(kb), kb)
