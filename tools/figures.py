"""Arithmetic on two figures in the same unit: how much one exceeds the other, by what share, how many times over.

The assistant uses these on figures its sources state ("data-centre spending in 2020 and 2024", "GPUs needed on
Blackwell and on Hopper"), so the answer shows the calculation and cites both figures; from the CLI they take any
two numbers. The larger figure is always compared with the smaller, so the result reads as a gap, not a sign.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from knowledge.loader import KnowledgeBase
from tools.errors import InputError
from tools.formula import Formula, Var
from tools.inputs import Inputs
from tools.quantities import text
from tools.result import CalcResult, Text

LARGER = Var("larger", "figure", "the larger figure")
SMALLER = Var("smaller", "figure", "the smaller figure")
A, B = LARGER.symbol, SMALLER.symbol
DIFFERENCE = Formula("figure_difference", Var("difference", "figure", "difference"), A - B, [LARGER, SMALLER],
                     "{larger} − {smaller}")
GROWTH = Formula("figure_growth", Var("growth", "percent", "growth"), 100 * (A / B - 1), [LARGER, SMALLER],
                 "100 · ({larger} ÷ {smaller} − 1)")
MULTIPLE = Formula("figure_multiple", Var("multiple", "times", "multiple"), A / B, [LARGER, SMALLER],
                   "{larger} ÷ {smaller}")
REDUCTION = Formula("figure_reduction", Var("reduction", "percent", "reduction"), 100 * (1 - B / A),
                    [LARGER, SMALLER], "100 · (1 − {smaller} ÷ {larger})")


def _pair(larger: float, smaller: float, unit: str, kb: KnowledgeBase | None, zero: bool) -> Inputs:
    text("unit", unit, "a unit such as USD, GPU or kWh")
    try:
        pair = [float(x) for x in (larger, smaller) if isinstance(x, int | float) and not isinstance(x, bool)]
    except OverflowError:  # an integer beyond any float
        pair = []
    # a gap or a cut may end at zero (market-based emissions of 0 t); growth and a multiple divide by the smaller
    if len(pair) != 2 or not all(0 < x < math.inf or (zero and x == 0) for x in pair) or max(pair, default=0) == 0:
        low = "0 ≤" if zero else "0 <"
        raise InputError("larger", f"Both figures must be {'non-negative' if zero else 'positive'}, finite numbers.",
                         f"两个数字都必须是有限的{'非负数' if zero else '正数'}。",
                         accepted=f"{low} larger, smaller < infinity")
    big, small = max(pair), min(pair)
    inp = Inputs(kb)
    inp.fixed("larger", big, unit, "the larger figure", "user")
    inp.fixed("smaller", small, unit, "the smaller figure", "user")
    return inp


def _calculator(formula: Formula, label: Text, gives: str | None, summary: str) -> Callable[..., CalcResult]:
    """One comparison of a pair, as a calculator the registry reads like any other (name, signature, docstring);
    ``gives`` is its result's unit, None for the pair's own."""
    unknown = formula.lhs.name

    def compare(larger: float, smaller: float, unit: str = "USD", kb: KnowledgeBase | None = None) -> CalcResult:
        inp = _pair(larger, smaller, unit, kb, zero=formula in (DIFFERENCE, REDUCTION))
        ev = formula.solve(unknown, inp.values, gives or unit)
        return CalcResult(formula.name, label, ev.value, gives or unit, formula.text, formula.latex,
                          dict(inp.recorded), [ev.step], list(inp.assumptions))

    compare.__name__ = compare.__qualname__ = formula.name
    compare.__doc__ = (f"{summary}\n\nArgs:\n    larger: one figure (e.g. 294e9 for data-centre spending in 2024).\n"
                       "    smaller: the other, in the same unit (e.g. 193e9 for 2020).\n"
                       "    unit: the unit both are in (USD, GPU, kWh…).\n")
    return compare


figure_difference = _calculator(DIFFERENCE, Text("difference", "差额"), None,
                                "How much the larger of two figures exceeds the smaller, in their unit.")
figure_growth = _calculator(GROWTH, Text("growth", "增长"), "percent",
                            "By what percentage the larger of two figures exceeds the smaller (growth from the "
                            "smaller to the larger).")
figure_multiple = _calculator(MULTIPLE, Text("multiple", "倍数"), "times",
                              "How many times the smaller of two figures the larger is.")
figure_reduction = _calculator(REDUCTION, Text("reduction", "减少"), "percent",
                               'By what percentage the smaller of two figures falls short of the larger ("75% fewer '
                               'GPUs").')
