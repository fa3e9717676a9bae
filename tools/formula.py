"""Formulas as sympy equations, solved for every unknown and compiled to plain Python before any call.

A ``Formula`` holds ``lhs = rhs``. ``solve(unknown, **known)`` picks the pre-solved expression, evaluates it
with plain floats, and writes the substituted arithmetic as text, so a call does no symbolic work.

Solving every rearrangement with sympy takes about a second, most of the process's cold start, so the solved
forms ship precompiled in ``solved.json`` (keyed by each equation's ``srepr`` and the sympy version). A formula
whose key is missing or stale is solved at import as before; ``python -m tools.formula`` rewrites the file and a
test fails while it is out of date.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

CACHE_PATH = Path(__file__).with_name("solved.json")
REGISTRY: dict[str, Formula] = {}  # every Formula built, by name: what the cache is written from


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
    """One rearrangement of a formula, ``unknown = expr(args)``: compiled Python plus the texts for steps."""

    def __init__(self, unknown: Var, args: list[str], code: str, symbolic: str, template: str):
        self.unknown = unknown
        self.args = args
        self.code = code
        self.fn = eval(f"lambda {', '.join(args)}: {code}", {"math": math})  # our own generated code, not input
        self.symbolic = symbolic
        self.template = template
        self.symbolic_text = symbolic.replace("**", "^").replace("*", "·")

    @classmethod
    def from_expr(cls, unknown: Var, expr: sp.Expr, others: list[Var]) -> _Solved:
        args = [v.name for v in others if v.symbol in expr.free_symbols]
        placeholders = {sp.Symbol(n, positive=True): sp.Symbol("{" + n + "}") for n in args}
        code = PythonCodePrinter({"fully_qualified_modules": True}).doprint(expr)
        template = sp.sstr(expr.xreplace(placeholders)).replace("**", "^").replace("*", " × ")
        return cls(unknown, args, code, sp.sstr(expr), template)

    def to_json(self) -> dict[str, Any]:
        return {"args": self.args, "code": self.code, "symbolic": self.symbolic, "template": self.template}


def _load_cache() -> dict[str, Any]:
    try:
        return json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


_CACHE = _load_cache()


class Formula:
    """``lhs = rhs`` as sympy solves it, and as a person writes it: ``shown`` is the right-hand side with ``{name}``
    placeholders ("6 · {params} · {tokens}"); ``inverses`` the same for rearrangements a calculator uses. Steps
    print the written form; the solved form is only computed with, its reordered constants never shown."""

    def __init__(self, name: str, lhs: Var, rhs: sp.Expr, variables: list[Var], shown: str,
                 inverses: Mapping[str, str] | None = None):
        self.name = name
        self.shown = {lhs.name: shown, **(inverses or {})}
        self.variables = {v.name: v for v in [lhs, *variables]}
        self.lhs = lhs
        self.equation = sp.Eq(lhs.symbol, rhs)
        self.key = hashlib.sha256(f"{sp.__version__}|{sp.srepr(self.equation)}".encode()).hexdigest()[:16]
        cached = _CACHE.get(name)
        if cached and cached.get("key") == self.key:
            self.solved_text, self.latex = cached["text"], cached["latex"]
            self._solved = {var: _Solved(self.variables[var], **form) for var, form in cached["solved"].items()}
        else:
            self.solved_text = f"{lhs.name} = {sp.sstr(rhs).replace('**', '^').replace('*', '·')}"
            self.latex = sp.latex(self.equation)
            self._solved = self._solve_all()
        self.text = f"{lhs.name} = {self.written(lhs.name)}"
        REGISTRY[name] = self

    def written(self, unknown: str, values: Mapping[str, str] | None = None) -> str:
        """The right-hand side for ``unknown`` as a person writes it, with variable names or ``values`` filled in;
        sympy's rearrangement only for a form nobody wrote down."""
        solved = self._solved[unknown]
        if unknown not in self.shown:
            return solved.symbolic_text if values is None else solved.template.format(**values)
        if values is None:
            return self.shown[unknown].format(**{v: v for v in self.variables})
        return self.shown[unknown].replace("·", "×").format(**values)  # numbers multiply with ×: 6 × 7e10

    def _solve_all(self) -> dict[str, _Solved]:
        solved = {}
        for var in self.variables.values():
            solutions = [s for s in sp.solve(self.equation, var.symbol) if s.is_positive is not False]
            if len(solutions) == 1:
                others = [v for v in self.variables.values() if v is not var]
                solved[var.name] = _Solved.from_expr(var, solutions[0], others)
        return solved

    def to_json(self, fresh: bool = False) -> dict[str, Any]:
        """The cache entry; ``fresh`` solves again instead of trusting what was loaded."""
        solved = self._solve_all() if fresh else self._solved
        return {"key": self.key, "text": self.solved_text, "latex": self.latex,
                "solved": {var: form.to_json() for var, form in solved.items()}}

    def solvable_for(self) -> list[str]:
        return list(self._solved)

    def solve(self, unknown: str, known: Mapping[str, Value], unit: str | None = None) -> Evaluation:
        """Evaluate ``unknown`` from ``known`` values; low/high span every combination of uncertain inputs. ``unit``
        names the result's unit where the formula's own is generic (a difference of two figures in USD)."""
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
        substituted = self.written(unknown, {a: fmt(known[a].value) for a in solved.args})
        step = f"{unknown} = {self.written(unknown)} = {substituted} = {fmt(central)} {unit or solved.unknown.unit}"
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


def write_cache() -> Path:
    """Solve every registered formula afresh and write ``solved.json``."""
    import tools.registry  # noqa: F401  (imports every calculator module, which builds every Formula)

    entries = {name: f.to_json(fresh=True) for name, f in sorted(REGISTRY.items())}
    CACHE_PATH.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return CACHE_PATH


if __name__ == "__main__":
    from tools import formula  # the registry lives in the imported module, not in this __main__ copy

    print(f"wrote {formula.write_cache()}")
