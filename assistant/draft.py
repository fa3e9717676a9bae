"""A draft answer being assembled: lines of text in the reader's language, figures, calculations, sources.

Handlers write lines with ``{cite:<source id>}`` markers; ``finish()`` numbers the sources in order of first
use, so citations point only at sources the text actually relies on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.answer import Citation, Figure
from assistant.render import quantity, span
from knowledge.loader import KnowledgeBase
from tools.result import CalcResult

CITE_RE = re.compile(r"\{cite:([a-z0-9.\-]+)\}")


@dataclass
class Draft:
    lang: str  # "en" or "zh" (script is applied at the end)
    kb: KnowledgeBase
    lines: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    calculations: list[dict[str, Any]] = field(default_factory=list)
    quotes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # source → (locator, quote)
    follow_ups: list[str] = field(default_factory=list)
    assumed: set[str] = field(default_factory=set)  # inputs filled by an assumption already stated in the text
    cited_texts: list[str] = field(default_factory=list)  # statements of cited cards shown in the answer
    error: dict[str, str] | None = None  # for invalid input: the field, the messages and what is accepted

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def reset(self) -> None:
        """Drop everything written so far, to answer another way."""
        for part in (self.lines, self.figures, self.calculations, self.follow_ups, self.cited_texts):
            part.clear()
        self.quotes.clear()
        self.assumed.clear()
        self.error = None

    def t(self, en: str, zh: str) -> str:
        return zh if self.zh else en

    def say(self, en: str, zh: str) -> None:
        self.lines.append(self.t(en, zh))

    def cite(self, source_id: str, locator: str | None = None, quote: str | None = None) -> str:
        if source_id not in self.quotes or (quote and not self.quotes[source_id][1]):
            self.quotes[source_id] = (locator, quote)
        return f"{{cite:{source_id}}}"

    def figure(self, label: str, value: float | None, unit: str, origin: str, low: float | None = None,
               high: float | None = None) -> str:
        """Record a figure and return it written out for the text (a range when low/high are given)."""
        self.figures.append(Figure(label, value, unit, origin, low, high))
        if value is None and low is not None and high is not None:
            return span(low, high, unit, self.lang)
        if value is None:
            return quantity(low if low is not None else high, unit, self.lang)  # type: ignore[arg-type]
        return quantity(value, unit, self.lang)

    def calculation(self, result: CalcResult) -> None:
        self.calculations.append(result.to_dict("zh" if self.zh else "en"))

    def finish(self) -> tuple[str, list[Citation]]:
        order: list[str] = []

        def number(m: re.Match[str]) -> str:
            sid = m.group(1)
            if sid not in order:
                order.append(sid)
            return f"[{order.index(sid) + 1}]"

        text = CITE_RE.sub(number, "\n\n".join(self.lines))
        citations = []
        for n, sid in enumerate(order, 1):
            src = self.kb.sources.get(sid)
            locator, quote = self.quotes.get(sid, (None, None))
            citations.append(Citation(n, sid, src.title if src else sid, locator, quote, src.url if src else None))
        return text, citations
