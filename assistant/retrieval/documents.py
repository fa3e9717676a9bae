"""What gets indexed (fact cards, cases, ingested chunks) and what a search returns.

Each indexed item carries two texts: ``text`` is what a caller shows or quotes, ``index_text`` adds context
that helps matching but is not a quote (the source title, the locator, the section heading, English metric
names), and ``embed_text`` is what the dense model sees.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml
from pydantic import ValidationError

from assistant.ingest import Chunk
from knowledge.schema import Case, FactCard, Figure, Source
from knowledge.vocabulary import vocabulary
from knowledge.yaml_text import parse_yaml

log = logging.getLogger(__name__)

DocKind = Literal["fact", "case", "chunk"]


@dataclass(frozen=True)
class Hit:
    """One search result. ``score`` is the fused reciprocal-rank score in hybrid mode (higher is better), the raw
    BM25 score or cosine similarity in single-method modes. ``quote`` is verbatim source text (original script)
    when there is one: the chunk itself, or a card's ``as_printed`` token; None for generated text."""

    source_id: str
    locator: str
    text: str
    quote: str | None
    score: float
    doc_id: str
    kind: DocKind

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    doc_id: str
    kind: DocKind
    source_id: str
    locator: str
    text: str
    quote: str | None
    index_text: str
    embed_text: str

    def hit(self, score: float) -> Hit:
        return Hit(self.source_id, self.locator, self.text, self.quote, score, self.doc_id, self.kind)


class KnowledgeLike(Protocol):
    """The part of ``knowledge.loader.KnowledgeBase`` retrieval needs (a lenient load provides the same)."""

    sources: dict[str, Source]
    facts: dict[str, FactCard]
    cases: dict[str, Case]
    fingerprint: str


@dataclass(frozen=True)
class PartialKnowledge:
    sources: dict[str, Source]
    facts: dict[str, FactCard]
    cases: dict[str, Case]
    fingerprint: str


def load_knowledge() -> KnowledgeLike:
    """The packaged knowledge base; if it does not validate as a whole (e.g. hardware.yaml is being edited),
    index the sources, cards and cases that do validate rather than having no search at all."""
    from knowledge.loader import KNOWLEDGE_DIR, KnowledgeError, default_knowledge

    try:
        return default_knowledge()
    except KnowledgeError as exc:
        log.warning("knowledge base does not validate (%d problems); indexing the valid entries only",
                    len(exc.problems))
        return _lenient_load(KNOWLEDGE_DIR)


def _lenient_load(directory: Path) -> PartialKnowledge:
    files = [directory / "sources.yaml", *sorted((directory / "facts").glob("*.yaml")), directory / "cases.yaml"]
    digest = hashlib.sha256(b"lenient")
    tables: dict[str, dict[str, Any]] = {"sources": {}, "facts": {}, "cases": {}}
    for path in files:
        if not path.exists():
            continue
        raw = path.read_bytes()
        digest.update(path.name.encode() + raw)
        kind, model = (("sources", Source) if path.name == "sources.yaml"
                       else ("cases", Case) if path.name == "cases.yaml" else ("facts", FactCard))
        try:
            entries = parse_yaml(raw) or []
        except yaml.YAMLError:
            continue
        for entry in entries if isinstance(entries, list) else []:
            try:
                item = model.model_validate(entry)
            except ValidationError:
                continue
            tables[kind][item.id] = item
    return PartialKnowledge(**tables, fingerprint=digest.hexdigest()[:16])


# ---------------------------------------------------------------------------------------------- fact cards


def fact_document(card: FactCard, source: Source | None) -> Document:
    title = source.title if source else ""
    text = f"{card.statement.zh}\n{card.statement.en}"
    extras = [card.subject, card.metric.replace("_", " "), card.as_printed or "", " ".join(card.tags), title,
              card.locator]
    return Document(
        doc_id=f"fact:{card.id}", kind="fact", source_id=card.source, locator=card.locator, text=text,
        quote=card.as_printed, index_text="\n".join([text, *extras]),
        embed_text=f"{card.statement.en}\n{card.statement.zh}",
    )


# ---------------------------------------------------------------------------------------------- cases

_UNIT_ZH = {"parameter": "参数", "token": "token", "GPU-hour": "GPU小时", "kWh": "千瓦时", "MWh": "兆瓦时",
            "USD": "美元", "CNY": "元", "EUR": "欧元", "tCO2e": "吨二氧化碳当量", "W": "瓦", "day": "天",
            "hour": "小时", "GPU": "张GPU", "FLOP": "次浮点运算", "percent": "%", "ratio": ""}


def _num_en(v: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= size and v < 1e15:
            return f"{v / size:.4g}{suffix}"
    return f"{v:.4g}"


def _num_zh(v: float) -> str:
    for size, suffix in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(v) >= size and v < 1e16:
            return f"{v / size:.4g}{suffix}"
    return f"{v:.4g}"


# Counts and money read best with magnitude words (70B, 700亿); physical units keep plain digits (1,287 MWh).
_SCALED_UNITS = frozenset({"parameter", "token", "GPU-hour", "USD", "CNY", "EUR", "TWD", "HKD"})


def _plain(v: float) -> str:
    return f"{v:,.6g}"


def _fig(fig: Figure, fmt: Any, zh: bool) -> str:
    if fig.unit not in _SCALED_UNITS:
        fmt = _plain
    if fig.unit == "FLOP" or (fig.value is not None and abs(fig.value) >= 1e16):
        value = f"{fig.central:.3g}"
    elif fig.value is not None:
        value = fmt(fig.value)
    else:
        value = "–".join(fmt(x) for x in (fig.low, fig.high) if x is not None)
    unit = _UNIT_ZH.get(fig.unit, fig.unit) if zh else fig.unit
    return f"{value}{unit}" if zh else f"{value} {unit}".strip()


def case_documents(case: Case) -> list[Document]:
    """One generated bilingual sentence per (case, source): each cites only the source of its own figures."""
    by_source: dict[str, list[tuple[str, Figure]]] = {}
    for metric, fig in case.figures.items():
        by_source.setdefault(fig.source, []).append((metric, fig))
    names = " / ".join([case.name, *case.aliases])
    labels = vocabulary().run_metrics
    docs = []
    for source_id, figs in by_source.items():
        en = "; ".join(f"{labels[m].en} {_fig(f, _num_en, False)}" + (" (estimate)" if f.estimate else "")
                       for m, f in figs)
        zh = "；".join(f"{labels[m].zh}{_fig(f, _num_zh, True)}" + ("（估算）" if f.estimate else "")
                      for m, f in figs)
        text = (f"{case.name}（{case.organization}，{case.year}年）训练：{zh}。\n"
                f"{case.name} ({case.organization}, {case.year}) training run: {en}.")
        locators = sorted({f.locator for _, f in figs if f.locator})
        notes = f"\n{case.notes.en}\n{case.notes.zh}" if case.notes else ""
        docs.append(Document(
            doc_id=f"case:{case.id}:{source_id}", kind="case", source_id=source_id, locator="; ".join(locators),
            text=text, quote=None, index_text=f"{text}\n{names}{notes}", embed_text=f"{names}\n{text}",
        ))
    return docs


# ---------------------------------------------------------------------------------------------- chunks


def chunk_document(chunk: Chunk) -> Document:
    return Document(
        doc_id=chunk.id, kind="chunk", source_id=chunk.source_id, locator=chunk.locator, text=chunk.text,
        quote=chunk.text, index_text=f"{chunk.heading}\n{chunk.text}",
        embed_text=f"{chunk.heading}\n{chunk.text}" if chunk.heading else chunk.text,
    )


def build_documents(knowledge: KnowledgeLike | None, chunks: Sequence[Chunk]) -> list[Document]:
    docs: list[Document] = []
    if knowledge is not None:
        docs += [fact_document(c, knowledge.sources.get(c.source)) for c in knowledge.facts.values()]
        docs += [d for case in knowledge.cases.values() for d in case_documents(case)]
    docs += [chunk_document(c) for c in chunks]
    return _unique(docs)


def _unique(docs: Iterable[Document]) -> list[Document]:
    seen: dict[str, Document] = {}
    for d in docs:
        seen.setdefault(d.doc_id, d)
    return list(seen.values())
