"""The Answer contract (design §5): what the API, CLI, evaluation and widget all receive."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["answered", "needs_input", "not_found", "out_of_scope", "invalid_input"]
Language = Literal["en", "zh-Hans", "zh-Hant"]


@dataclass
class Figure:
    label: str
    value: float | None
    unit: str
    origin: str  # "calculation" or a source id
    low: float | None = None
    high: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "value": self.value, "unit": self.unit, "origin": self.origin}
        if self.low is not None or self.high is not None:
            out.update(low=self.low, high=self.high)
        return out


class _Plain:
    """A record whose JSON is its fields, nested records included."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # every subclass is a dataclass


@dataclass
class Citation(_Plain):
    n: int
    source_id: str
    title: str
    locator: str | None
    quote: str | None = None
    url: str | None = None  # where a reader can check it (arXiv, model card, article page); None when none is known


Origin = Literal["you", "source", "default", "calculated"]


@dataclass
class InputRow(_Plain):
    """One input of the calculation as the reader sees it: its name, its value in human units, where it came from."""

    name: str
    value: str
    origin: Origin
    cite: int | None = None


@dataclass
class StepRow(_Plain):
    """One calculation step: what it computes, the formula as a person writes it, the substituted arithmetic."""

    label: str
    formula: str
    result: str


@dataclass
class Bar(_Plain):
    label: str
    value: float
    series: str


@dataclass
class Chart(_Plain):
    title: str
    unit: str
    bars: list[Bar]


@dataclass
class Layout(_Plain):
    """The one answer layout every face renders (design §5): a headline, the inputs that move the result, the
    rest and the steps collapsed under ``details_title``, assumptions, and every other line as notes."""

    headline: str
    key_inputs: list[InputRow] = field(default_factory=list)
    more_inputs: list[InputRow] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None
    details_title: str = ""


@dataclass
class Answer:
    answer: str
    language: Language
    status: Status
    intent: str
    figures: list[Figure] = field(default_factory=list)
    calculations: list[dict[str, Any]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    error: dict[str, str] | None = None  # for invalid_input / needs_input: the field and what is accepted
    unused_inputs: list[dict[str, Any]] = field(default_factory=list)  # numbers given but not used, and why
    layout: Layout = field(default_factory=lambda: Layout(""))  # the same answer, structured for a face to draw

    def to_dict(self) -> dict[str, Any]:
        out = {
            "answer": self.answer,
            "language": self.language,
            "status": self.status,
            "intent": self.intent,
            "figures": [f.to_dict() for f in self.figures],
            "calculations": self.calculations,
            "citations": [c.to_dict() for c in self.citations],
            "follow_ups": self.follow_ups,
            "latency_ms": round(self.latency_ms, 2),
            "layout": self.layout.to_dict(),
        }
        if self.error is not None:
            out["error"] = self.error
        if self.unused_inputs:
            out["unused_inputs"] = self.unused_inputs
        return out
