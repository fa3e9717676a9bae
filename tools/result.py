"""What every calculator returns: the value and everything needed to show and check how it was reached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["en", "zh"]


@dataclass(frozen=True)
class Text:
    """A sentence in both languages."""

    en: str
    zh: str

    def in_(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Input:
    value: float
    unit: str
    origin: str  # "user", "default", or the id of the source the value was read from
    label: str
    source: str | None = None  # for defaults: where the default comes from
    low: float | None = None
    high: float | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "unit": self.unit, "origin": self.origin, "label": self.label}
        for key in ("source", "low", "high", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class CalcResult:
    tool: str
    label: Text
    value: float
    unit: str
    formula: str
    latex: str
    inputs: dict[str, Input]
    steps: list[str]
    assumptions: list[Text] = field(default_factory=list)
    low: float | None = None
    high: float | None = None
    components: dict[str, float] = field(default_factory=dict)  # e.g. hardware vs energy share of a cost

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        result: dict[str, Any] = {"value": self.value, "unit": self.unit}
        if self.low is not None:
            result.update(low=self.low, high=self.high)
        out: dict[str, Any] = {
            "tool": self.tool,
            "label": self.label.in_(lang),
            "value": self.value,
            "unit": self.unit,
            "formula": self.formula,
            "latex": self.latex,
            "inputs": {k: v.to_dict() for k, v in self.inputs.items()},
            "steps": list(self.steps),
            "result": result,
            "assumptions": [a.in_(lang) for a in self.assumptions],
        }
        if self.low is not None:
            out.update(low=self.low, high=self.high)
        if self.components:
            out["components"] = dict(self.components)
        return out
