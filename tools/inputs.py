"""Gathers a calculator's inputs and remembers where each came from: the user, a cited default, or a source."""

from __future__ import annotations

from knowledge.loader import KnowledgeBase, default_knowledge
from knowledge.schema import Figure
from tools.formula import Value, fmt
from tools.quantities import Q
from tools.result import Input, Text


class Spread(float):
    """A number given as a range ("$2-3 an hour", "35-45% MFU"): compares and computes as its midpoint, and
    carries both ends so a calculation's result spans them."""

    low: float
    high: float

    def __new__(cls, value: float, low: float, high: float) -> Spread:
        spread = super().__new__(cls, value)
        spread.low, spread.high = low, high
        return spread


class Inputs:
    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or default_knowledge()
        self.recorded: dict[str, Input] = {}
        self.values: dict[str, Value] = {}
        self.assumptions: list[Text] = []

    def user(self, name: str, value: object, quantity: str | None = None, unit: str | None = None) -> float:
        q = Q[quantity or name]
        x = q.check(value)
        low, high = (q.check(value.low), q.check(value.high)) if isinstance(value, Spread) else (None, None)
        self.recorded[name] = Input(x, unit or q.unit, "user", q.en, low=low, high=high)
        self.values[name] = Value(x, low, high)
        return x

    def default(self, name: str, default_id: str, quantity: str | None = None) -> float:
        """Fill ``name`` from defaults.yaml, keeping its low/high, and state the assumption."""
        d = self.kb.default(default_id)
        fig = d.figure
        q = Q[quantity or name]
        x = fig.central
        self.recorded[name] = Input(x, fig.unit, "default", q.en, source=fig.source, low=fig.low, high=fig.high,
                                    note=fig.note)
        self.values[name] = Value(x, fig.low, fig.high)
        rng_en = f" (range {fmt(fig.low)}–{fmt(fig.high)})" if fig.low is not None and fig.high is not None else ""
        self.assumptions.append(Text(
            f"Assumed {d.label.en} = {fmt(x)} {fig.unit}{rng_en}, a default from [{fig.source}].",
            f"假设{d.label.zh} = {fmt(x)} {fig.unit}{rng_en.replace('range', '范围')},取自默认值[{fig.source}]。",
        ))
        return x

    def user_or_default(self, name: str, value: object | None, default_id: str, quantity: str | None = None,
                        unit: str | None = None) -> float:
        if value is None:
            return self.default(name, default_id, quantity)
        return self.user(name, value, quantity, unit)

    def sourced(self, name: str, fig: Figure, label: str, scale: float = 1.0, unit: str | None = None) -> float:
        """A value read from a knowledge record (e.g. a chip's peak FLOP/s), cited to that record's source."""
        x = fig.central * scale
        self.recorded[name] = Input(x, unit or fig.unit, fig.source, label, note=fig.note)
        self.values[name] = Value(x)
        return x

    def fixed(self, name: str, value: float, unit: str, label: str, origin: str) -> float:
        # ("USD 5-10 billion against about 1 billion": a range given keeps its ends, so the result spans them)
        low, high = (value.low, value.high) if isinstance(value, Spread) else (None, None)
        self.recorded[name] = Input(float(value), unit, origin, label, low=low, high=high)
        self.values[name] = Value(float(value), low, high)
        return float(value)

    def assume(self, en: str, zh: str) -> None:
        self.assumptions.append(Text(en, zh))

    def user_or_assumed(self, name: str, value: object | None, assumed: Input, why: Text) -> float:
        """The user's value, else ``assumed`` (a fixed value, no cited default), with ``why`` said as an
        assumption."""
        if value is not None:
            return self.user(name, value)
        self.assume(why.en, why.zh)
        return self.fixed(name, assumed.value, assumed.unit, assumed.label, assumed.origin)
