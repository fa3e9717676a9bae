"""What every calculator returns: the value and everything needed to show and check how it was reached."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from tools.errors import InputError

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

    def __post_init__(self) -> None:
        # Every input can be plausible on its own while their combination overflows (a 1e-300 MFU): refuse the
        # result rather than return inf or nan.
        if not all(math.isfinite(x) for x in (self.value, self.low, self.high) if x is not None):
            raise non_finite(self.value)

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


def non_finite(value: float) -> InputError:
    """The error for inputs that are each plausible but whose result overflows (inf), underflows to 0 or is nan."""
    return InputError("result", f"These inputs give a result ({value}) that cannot be computed; check for an "
                                "implausibly small or large input.",
                      f"这些输入得出的结果({value})无法计算,请检查是否有过小或过大的输入。",
                      accepted="inputs whose result is a finite number (no vanishingly small MFU or price)")
