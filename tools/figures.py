"""Arithmetic on figures: how much one exceeds another, by what share, how many times over; an amount grown for years.

The assistant uses these on figures its sources state ("data-centre spending in 2020 and 2024", "GPUs needed on
Blackwell and on Hopper"), so the answer shows the calculation and cites both figures; from the CLI they take any
two numbers. The larger figure is always compared with the smaller, so the result reads as a gap, not a sign.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from knowledge.loader import KnowledgeBase
from tools.errors import InputError, MissingInputError
from tools.formula import Formula, Var, fmt
from tools.inputs import Inputs
from tools.quantities import text
from tools.result import CalcResult, Input, Text, non_finite

LARGER = Var("larger", "figure", "the larger figure")
SMALLER = Var("smaller", "figure", "the smaller figure")
A, B = LARGER.symbol, SMALLER.symbol
DIFFERENCE = Formula("figure_difference", Var("difference", "figure", "difference"), A - B, [LARGER, SMALLER],
                     "{larger} − {smaller}")
GROWTH = Formula("figure_growth", Var("growth", "percent", "growth"), 100 * (A / B - 1), [LARGER, SMALLER],
                 "100 · ({larger} ÷ {smaller} − 1)")
MULTIPLE = Formula("figure_multiple", Var("multiple", "times", "multiple"), A / B, [LARGER, SMALLER],
                   "{larger} ÷ {smaller}")
SHARE = Formula("figure_share", Var("share", "percent", "share"), 100 * B / A, [LARGER, SMALLER],
                "100 · {smaller} ÷ {larger}")
REDUCTION = Formula("figure_reduction", Var("reduction", "percent", "reduction"), 100 * (1 - B / A),
                    [LARGER, SMALLER], "100 · (1 − {smaller} ÷ {larger})")
MIDPOINT = Formula("figure_midpoint", Var("midpoint", "figure", "midpoint"), (A + B) / 2, [LARGER, SMALLER],
                   "({larger} + {smaller}) ÷ 2")


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
    big, small = sorted((larger, smaller), key=float, reverse=True)  # a range (Spread) keeps its ends
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
                          dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)

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
figure_share = _calculator(SHARE, Text("share", "占比"), "percent",
                           "What share of the larger figure (a whole) the smaller one (a part of it) is.")
figure_reduction = _calculator(REDUCTION, Text("reduction", "减少"), "percent",
                               'By what percentage the smaller of two figures falls short of the larger ("75% fewer '
                               'GPUs").')

figure_midpoint = _calculator(MIDPOINT, Text("midpoint", "中间值"), None,
                              "The midpoint of a range: halfway between its two ends (USD 2M to 12M: USD 7M).")

YEARS = Var("years", "year", "years between the two figures")
ANNUAL = Formula("figure_annual_growth", Var("annual_growth", "percent", "compound annual growth"),
                 100 * ((A / B) ** (1 / YEARS.symbol) - 1), [LARGER, SMALLER, YEARS],
                 "100 · (({larger} ÷ {smaller})^(1 ÷ {years}) − 1)")


def figure_annual_growth(larger: float, smaller: float, years: float, unit: str = "USD",
                         kb: KnowledgeBase | None = None) -> CalcResult:
    """The steady yearly growth that takes the smaller of two figures to the larger over some years (the compound
    annual growth rate): 100 · ((larger ÷ smaller)^(1 ÷ years) − 1).

    Args:
        larger: the later, larger figure (e.g. 294e9 for data-centre spending in 2024).
        smaller: the earlier one, in the same unit (e.g. 193e9 for 2020).
        years: the years between them (e.g. 4).
        unit: the unit both are in (USD, GPU, kWh…).
    """
    inp = _pair(larger, smaller, unit, kb, zero=False)
    if inp.user("years", years) <= 0:  # growth over no time has no yearly rate
        raise InputError("years", "The years between the two figures must be more than zero.",
                         "两个数字之间相隔的年数必须大于零。", accepted="0 < years ≤ 50")
    try:
        ev = ANNUAL.solve("annual_growth", inp.values, "percent")
    except OverflowError:  # tenfold in a thousandth of a year: no yearly rate a float holds
        raise non_finite(math.inf) from None
    # the years are the gap between the two figures, not a project's length
    recorded = {("years_between" if k == "years" else k): v for k, v in inp.recorded.items()}
    return CalcResult(ANNUAL.name, Text("compound annual growth", "年均复合增长率"), ev.value, "percent", ANNUAL.text,
                      ANNUAL.latex, recorded, [ev.step], list(inp.assumptions), ev.low, ev.high)


TODAY = Var("amount", "figure", "amount today")
FACTOR = Var("growth_factor", "ratio", "growth factor per year")
AHEAD = Var("years_ahead", "year", "years ahead")
PROJECTED = Formula("projected_amount", Var("projected_amount", "figure", "amount after growth"),
                    TODAY.symbol * FACTOR.symbol ** AHEAD.symbol, [TODAY, FACTOR, AHEAD],
                    "{amount} · {growth_factor} ^ {years_ahead}")


def projected_amount(amount: float, years_ahead: float, growth_factor: float | None = None,
                     growth_rate: float | None = None, unit: str = "USD",
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """An amount after some years of steady growth: amount × (growth factor per year) ^ years.

    Args:
        amount: the amount today (e.g. 100e6 for a USD 100 million training run).
        years_ahead: years of growth (e.g. 3).
        growth_factor: how many times larger it gets each year (2.4 for "2.4x a year").
        growth_rate: or its growth each year as a share (0.3 for 30% a year): a factor of 1 + rate.
        unit: the amount's unit (USD, FLOP…).
    """
    text("unit", unit, "a unit such as USD or FLOP")
    inp = Inputs(kb)
    inp.user("amount", amount, unit=unit)
    if growth_factor is None and growth_rate is None:
        raise MissingInputError("growth_factor", "the growth per year (2.4x, or 30%)", "每年的增长(如2.4倍或30%)")
    if growth_factor is None:
        rate = inp.user("growth_rate", growth_rate)
        inp.fixed("growth_factor", 1 + rate, "ratio", "growth factor per year", "calculation")
    else:
        inp.user("growth_factor", growth_factor)
    inp.user("years_ahead", years_ahead)
    inp.assume("The growth factor holds every year; trends like this are extrapolations, not forecasts.",
               "假设每年增长倍数不变;这类趋势只是外推,不是预测。")
    ev = PROJECTED.solve("projected_amount", inp.values, unit)
    return CalcResult(PROJECTED.name, Text("amount after growth", "增长后的金额"), ev.value, unit, PROJECTED.text,
                      PROJECTED.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


RISE = Var("growth_rate", "ratio", "growth since")
EARLIER = Formula("earlier_amount", Var("earlier_amount", "figure", "amount before the growth"),
                  TODAY.symbol / (1 + RISE.symbol), [TODAY, RISE], "{amount} ÷ (1 + {growth_rate})")


def _amount_and_share(formula: Formula, label: Text, amount: float, share: tuple[str, float], unit: str,
                      kb: KnowledgeBase | None) -> CalcResult:
    """An amount and a share of it (the growth it came from, a saving): ``formula`` worked on the two."""
    text("unit", unit, "a unit such as USD, CNY or FLOP")
    inp = Inputs(kb)
    inp.user("amount", amount, unit=unit)
    inp.user(*share)
    ev = formula.solve(formula.name, inp.values, unit)
    return CalcResult(formula.name, label, ev.value, unit, formula.text, formula.latex, dict(inp.recorded),
                      [ev.step], list(inp.assumptions), ev.low, ev.high)


def earlier_amount(amount: float, growth_rate: float, unit: str = "USD",
                   kb: KnowledgeBase | None = None) -> CalcResult:
    """What an amount was before it grew by a share ("USD 14B, up 79% year on year": a year earlier it was
    14B ÷ 1.79): amount ÷ (1 + growth).

    Args:
        amount: the amount now (e.g. 14e9).
        growth_rate: how much it grew since, as a share (0.79 for 79%).
        unit: the amount's unit (USD, FLOP…).
    """
    return _amount_and_share(EARLIER, Text("amount before the growth", "增长前的金额"), amount,
                             ("growth_rate", growth_rate), unit, kb)


INCREASE = Formula("amount_increase", Var("amount_increase", "figure", "increase over the earlier amount"),
                   TODAY.symbol * RISE.symbol / (1 + RISE.symbol), [TODAY, RISE],
                   "{amount} × {growth_rate} ÷ (1 + {growth_rate})")


def amount_increase(amount: float, growth_rate: float, unit: str = "USD",
                    kb: KnowledgeBase | None = None) -> CalcResult:
    return _amount_and_share(INCREASE, Text("increase over the earlier amount", "比之前多出的金额"), amount,
                             ("growth_rate", growth_rate), unit, kb)


# the same inputs as the amount worked back, described once
amount_increase.__doc__ = 'How much more an amount is than before it grew by a share ("USD 14B, up 79% year on ' \
    'year": USD 6.2B more than a year earlier): amount × growth ÷ (1 + growth).' + \
    earlier_amount.__doc__[earlier_amount.__doc__.index("\n\n    Args:"):]


STATED = Var("amount", "figure", "amount stated")
PER = Var("per_days", "day", "period the amount covers")
OVER = Var("over_days", "day", "period asked for")
OVER_PERIOD = Formula("period_amount", Var("period_amount", "figure", "amount over the period asked"),
                      STATED.symbol * OVER.symbol / PER.symbol, [STATED, PER, OVER],
                      "{amount} × {over_days} ÷ {per_days}")


def period_amount(amount: float, per_days: float, over_days: float, unit: str = "USD",
                  kb: KnowledgeBase | None = None) -> CalcResult:
    """An amount stated for one period, at the same rate over another ("USD 14B a quarter" over a year, a yearly
    salary per month, USD 100 an hour over a 30-day month): amount × period asked ÷ period stated.

    Args:
        amount: the amount over the period it is stated for (e.g. 14e9 for a quarter's capex).
        per_days: that period, in days (91.3125 for a quarter: a month is 365.25 ÷ 12 days).
        over_days: the period asked for, in days (365.25 for a year, 30 for a 30-day month).
        unit: the amount's unit (USD, CNY…).
    """
    text("unit", unit, "a unit such as USD or CNY")
    inp = Inputs(kb)
    inp.user("amount", amount, unit=unit)
    inp.user("per_days", per_days, quantity="period_days")
    inp.user("over_days", over_days, quantity="period_days")
    inp.assume("The rate holds for the whole period asked; a spending rate extrapolated this way is an estimate, "
               "not a reported figure.", "假设整段时间都保持这一速度;这样外推的金额是估算,不是公布的数字。")
    ev = OVER_PERIOD.solve("period_amount", inp.values, unit)
    return CalcResult(OVER_PERIOD.name, Text("amount over the period asked", "按所问时段折算的金额"), ev.value, unit,
                      OVER_PERIOD.text, OVER_PERIOD.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


GPUS = Var("gpus", "GPU", "accelerators it is shared over")
TO_KWH = Var("kwh_per_unit", "kWh", "kWh in one unit of the energy")
TOTAL = Var("total_shared", "figure", "total shared out")
EACH = Formula("unit_share", Var("unit_share", "figure", "share per accelerator"), TOTAL.symbol / GPUS.symbol,
               [TOTAL, GPUS], "{total_shared} ÷ {gpus}")
EACH_KWH = Formula("unit_share", Var("unit_share", "kWh", "energy per accelerator"),
                   TOTAL.symbol * TO_KWH.symbol / GPUS.symbol, [TOTAL, TO_KWH, GPUS],
                   "{total_shared} × {kwh_per_unit} ÷ {gpus}")
# an energy shared out is said in kWh (度), however large the total's unit: 1,287 MWh over 30,000 GPUs is 42.9 kWh each
KWH_IN = {"MWh": 1e3, "GWh": 1e6}


def unit_share(total_shared: float, gpus: float, unit: str = "USD", kb: KnowledgeBase | None = None) -> CalcResult:
    """A sum shared out evenly over the accelerators it paid for or powered ("over USD 5M of rental for about 30,000
    GPUs": about USD 167 a GPU; "1,287 MWh over 30,000 GPUs": 42.9 kWh each): amount ÷ accelerators, an energy in kWh.

    Args:
        total_shared: the sum (e.g. 5e6 for USD 5 million, or 1287 for 1,287 MWh).
        gpus: how many accelerators share it (e.g. 30000).
        unit: the sum's unit (USD, CNY…, or kWh, MWh, GWh).
    """
    text("unit", unit, "a unit such as USD, CNY, kWh or MWh")
    inp = Inputs(kb)
    inp.user("total_shared", total_shared, quantity="amount", unit=unit)
    inp.user("gpus", gpus)
    formula = EACH_KWH if unit in KWH_IN else EACH
    if unit in KWH_IN:
        inp.fixed("kwh_per_unit", KWH_IN[unit], "kWh", f"kWh per {unit}", "definition")
    inp.assume("Shared out evenly: every accelerator counts alike, whatever each one did.",
               "按卡数平均分摊：每张卡同等计算，不区分各自的实际用量。")
    each = "kWh" if unit in KWH_IN else unit
    ev = formula.solve(formula.name, inp.values, each)
    return CalcResult(formula.name, Text("share per accelerator", "每张卡分摊"), ev.value, each, formula.text,
                      formula.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


SAVED_SHARE = Var("saved_share", "ratio", "share saved")
SAVED = Formula("amount_saved", Var("amount_saved", "figure", "amount saved"), STATED.symbol * SAVED_SHARE.symbol,
                [STATED, SAVED_SHARE], "{amount} × {saved_share}")
LEFT = Formula("amount_left", Var("amount_left", "figure", "amount left to spend"),
               STATED.symbol * (1 - SAVED_SHARE.symbol), [STATED, SAVED_SHARE], "{amount} × (1 − {saved_share})")


def amount_saved(amount: float, saved_share: float, unit: str = "USD",
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """What a saving of a share of a sum comes to ("open weights save 80% of a USD 10M run": USD 8M saved):
    amount × share.

    Args:
        amount: the sum before the saving (e.g. 10e6 for a USD 10M training plan).
        saved_share: the share of it saved (0.8 for 80%).
        unit: the sum's unit (USD, CNY…).
    """
    return _amount_and_share(SAVED, Text("amount saved", "省下的金额"), amount, ("saved_share", saved_share), unit, kb)


def amount_left(amount: float, saved_share: float, unit: str = "USD",
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """What is left to spend after a saving of a share of a sum ("save 80% of a USD 10M run": USD 2M left):
    amount × (1 − share).

    Args:
        amount: the sum before the saving (e.g. 10e6 for a USD 10M training plan).
        saved_share: the share of it saved (0.8 for 80%).
        unit: the sum's unit (USD, CNY…).
    """
    return _amount_and_share(LEFT, Text("amount left to spend", "剩下要花的金额"), amount, ("saved_share", saved_share),
                             unit, kb)


def figure_total(figures: str, unit: str = "USD", kb: KnowledgeBase | None = None) -> CalcResult:
    """The sum of several figures in one unit (a model family's emissions, each run's GPU-hours).

    Args:
        figures: the figures, comma-separated (e.g. "420, 2040, 8930").
        unit: the unit they are all in (USD, tCO2e, GPU-hour…).
    """
    text("unit", unit, "a unit such as USD or tCO2e")
    try:
        values = [float(x) for x in text("figures", figures, "comma-separated numbers").split(",") if x.strip()]
    except ValueError:
        values = []
    if len(values) < 2 or not all(0 <= v < math.inf for v in values):
        raise InputError("figures", "Give two or more non-negative, finite figures, comma-separated.",
                         "请给出两个或以上非负的有限数字,用逗号分隔。", accepted="e.g. 420, 2040, 8930")
    total = math.fsum(values)
    inputs = {f"figure_{i + 1}": Input(v, unit, "user", f"figure {i + 1}") for i, v in enumerate(values)}
    written = " + ".join(fmt(v) for v in values)
    only = Text("Only the figures listed are added up; anything not listed (a size never published, say) is not in "
                "the total.", "只加总列出的数字;未列出的(例如未公布的型号)不在合计之内。")
    return CalcResult("figure_total", Text("total", "合计"), total, unit, "figure_total = figure 1 + figure 2 + …",
                      r"\text{total} = \sum_i \text{figure}_i", inputs,
                      [f"figure_total = {written} = {fmt(total)} {unit}"], [only])
