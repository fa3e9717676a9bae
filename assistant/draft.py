"""A draft answer being assembled: its headline, input rows, steps, assumptions and other lines in the reader's
language, with its figures, calculations and sources.

Handlers write text with ``{cite:<source id>}`` markers; ``finish()`` numbers the sources in the order the layout
shows them, so citations point only at sources the answer actually relies on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.answer import Chart, Citation, Figure, InputRow, Layout, Origin, StepRow
from assistant.render import quantity, span
from knowledge.loader import KnowledgeBase
from tools.result import CalcResult

CITE_RE = re.compile(r"\{cite:([a-z0-9.\-]+)\}")
KEY_RE = re.compile(r"\[([a-z][a-z0-9.\-]*)\]")  # a source id in brackets: [epoch-cost-2024]


@dataclass(frozen=True)
class Row:
    """An input as the answer shows it, before its source is numbered; ``key`` when it moves the result."""

    name: str
    value: str
    origin: Origin
    source: str | None
    key: bool


@dataclass
class Draft:
    lang: str  # "en" or "zh" (script is applied at the end)
    kb: KnowledgeBase
    lines: list[str] = field(default_factory=list)  # every line besides the headline, in order: the notes
    headline: str | None = None  # the answer's first sentence, when a calculation or lookup states it
    rows: list[Row] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    chart: Chart | None = None
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
        for part in (self.lines, self.figures, self.calculations, self.follow_ups, self.cited_texts, self.rows,
                     self.steps, self.assumptions):
            part.clear()
        self.headline = self.chart = None
        self.quotes.clear()
        self.assumed.clear()
        self.error = None

    @property
    def empty(self) -> bool:
        return self.headline is None and not self.lines

    def lead(self, line: str) -> None:
        """The answer's sentence: the headline if none is written yet, else a line after it."""
        if self.headline is None:
            self.headline = line
        else:
            self.lines.append(line)

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

    def finish(self, details_title: str) -> tuple[Layout, list[Citation]]:
        """The layout with sources numbered in the order a reader meets them: headline, key inputs, notes,
        assumptions, then the collapsed inputs and steps."""
        order: list[str] = []

        def number(sid: str) -> int:
            if sid not in order:
                order.append(sid)
            return order.index(sid) + 1

        def numbered(text: str) -> str:
            return CITE_RE.sub(lambda m: f"[{number(m.group(1))}]", text)

        def row(r: Row) -> InputRow:
            return InputRow(numbered(r.name), numbered(r.value), r.origin,
                            number(r.source) if r.source else None)

        headline = self.headline if self.headline is not None else (self.lines[0] if self.lines else "")
        notes = self.lines if self.headline is not None else self.lines[1:]
        layout = Layout(numbered(headline))
        layout.key_inputs = [row(r) for r in self.rows if r.key]
        layout.notes = [numbered(n) for n in notes]
        layout.assumptions = [numbered(a) for a in self.assumptions]
        layout.more_inputs = [row(r) for r in self.rows if not r.key]
        layout.steps = [StepRow(s.label, numbered(s.formula), numbered(s.result)) for s in self.steps]
        layout.chart = self.chart
        layout.details_title = details_title if layout.more_inputs or layout.steps else ""
        for calc in self.calculations:  # a calculation's assumptions cite by the answer's numbers where it has one
            calc["assumptions"] = [KEY_RE.sub(lambda m: f"[{order.index(m.group(1)) + 1}]" if m.group(1) in order
                                              else m.group(0), a) for a in calc["assumptions"]]
        citations = []
        for n, sid in enumerate(order, 1):
            src = self.kb.sources.get(sid)
            locator, quote = self.quotes.get(sid, (None, None))
            title = (src.title_zh if self.zh and src.title_zh else src.title) if src else sid
            citations.append(Citation(n, sid, title, locator, quote, src.url if src else None))
        return layout, citations

