"""The Answer contract (design §5): what the API, CLI, evaluation and widget all receive."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Citation:
    n: int
    source_id: str
    title: str
    locator: str | None
    quote: str | None = None
    url: str | None = None  # where a reader can check it (arXiv, model card, article page); None when none is known

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "source_id": self.source_id, "title": self.title, "locator": self.locator,
                "quote": self.quote, "url": self.url}


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
        }
        if self.error is not None:
            out["error"] = self.error
        if self.unused_inputs:
            out["unused_inputs"] = self.unused_inputs
        return out
