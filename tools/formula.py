"""Formulas as sympy equations, solved for every unknown once at import and compiled with ``lambdify``.

A ``Formula`` holds ``lhs = rhs``. ``solve(unknown, **known)`` picks the pre-solved expression, evaluates it
with plain floats, and writes the substituted arithmetic as text, so a call does no symbolic work.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp


@dataclass(frozen=True)
class Var:
    name: str  # keyword name callers use
    unit: str
    label: str  # short English label for steps and JSON
    symbol: sp.Symbol = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "symbol", sp.Symbol(self.name, positive=True))


@dataclass(frozen=True)
class Value:
    """A number fed into a formula, with the bounds it may take (a default's uncertainty)."""

    value: float
    low: float | None = None
    high: float | None = None

    @property
    def uncertain(self) -> bool:
        return self.low is not None or self.high is not None

    def bounds(self) -> tuple[float, float]:
        lo = self.low if self.low is not None else self.value
        hi = self.high if self.high is not None else self.value
        return lo, hi


@dataclass(frozen=True)
class Evaluation:
    value: float
    low: float | None
    high: float | None
    step: str


class _Solved:
    """One rearrangement of a formula: ``unknown = expr(others)``, compiled and templated."""

    def __init__(self, unknown: Var, expr: sp.Expr, others: list[Var]):
        self.unknown = unknown
        self.args = [v.name for v in others if v.symbol in expr.free_symbols]
        symbols = [sp.Symbol(n, positive=True) for n in self.args]
        self.fn = sp.lambdify(symbols, expr, modules="math")
        placeholders = {s: sp.Symbol("{" + s.name + "}") for s in symbols}
        self.symbolic = sp.sstr(expr)
        self.template = sp.sstr(expr.xreplace(placeholders)).replace("**", "^").replace("*", " × ")
        self.symbolic_text = self.symbolic.replace("**", "^").replace("*", "·")


class Formula:
    def __init__(self, name: str, lhs: Var, rhs: sp.Expr, variables: list[Var]):
        self.name = name
        self.variables = {v.name: v for v in [lhs, *variables]}
        self.lhs = lhs
        self.equation = sp.Eq(lhs.symbol, rhs)
        self.text = f"{lhs.name} = {sp.sstr(rhs).replace('**', '^').replace('*', '·')}"
        self.latex = sp.latex(self.equation)
        self._solved: dict[str, _Solved] = {}
        for var in self.variables.values():
            solutions = [s for s in sp.solve(self.equation, var.symbol) if s.is_positive is not False]
            if len(solutions) == 1:
                others = [v for v in self.variables.values() if v is not var]
                self._solved[var.name] = _Solved(var, solutions[0], others)

    def solvable_for(self) -> list[str]:
        return list(self._solved)

    def solve(self, unknown: str, known: Mapping[str, Value]) -> Evaluation:
        """Evaluate ``unknown`` from ``known`` values; low/high span every combination of uncertain inputs."""
        solved = self._solved[unknown]
        missing = [a for a in solved.args if a not in known]
        if missing:
            raise KeyError(f"{self.name}: solving for {unknown} needs {', '.join(missing)}")
        central = solved.fn(*(known[a].value for a in solved.args))
        low = high = None
        uncertain = [a for a in solved.args if known[a].uncertain]
        if uncertain:
            outcomes = []
            for corner in itertools.product(*(known[a].bounds() for a in uncertain)):
                chosen = dict(zip(uncertain, corner, strict=True))
                outcomes.append(solved.fn(*(chosen.get(a, known[a].value) for a in solved.args)))
            low, high = min(outcomes), max(outcomes)
        substituted = solved.template.format(**{a: fmt(known[a].value) for a in solved.args})
        step = f"{unknown} = {solved.symbolic_text} = {substituted} = {fmt(central)} {solved.unknown.unit}"
        return Evaluation(float(central), low, high, step)


def fmt(x: float) -> str:
    """A number as a person reads it: grouped digits for everyday sizes, scientific for huge or tiny ones."""
    if x == 0:
        return "0"
    ax = abs(x)
    if ax >= 1e9 or ax < 1e-3:
        mantissa, exponent = f"{x:.4g}".split("e") if "e" in f"{x:.4g}" else (f"{x:.4g}", "0")
        if exponent == "0":
            return mantissa
        return f"{mantissa}e{int(exponent)}"
    if ax >= 100:
        return f"{x:,.0f}" if ax >= 1e4 or x == round(x) else f"{x:,.1f}"
    return f"{x:.4g}"
