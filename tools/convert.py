"""Unit and currency conversion with cited exchange rates."""

from __future__ import annotations

from knowledge.loader import KnowledgeBase
from tools.errors import InputError
from tools.formula import Formula, Var
from tools.inputs import Inputs
from tools.quantities import text
from tools.result import CalcResult, Text

AMOUNT = Var("amount", "unit", "amount")
RATE = Var("rate", "ratio", "conversion factor")
OUT = Var("converted", "unit", "converted amount")
CONVERSION = Formula("convert", OUT, AMOUNT.symbol * RATE.symbol, [AMOUNT, RATE], "{amount} · {rate}")
# a unit's change is no money's: its steps name a measure and a factor, not an amount at an exchange rate
MEASURE = Var("measure", "unit", "measure")
FACTOR = Var("scale_factor", "ratio", "conversion factor")
MEASURED = Var("converted_measure", "unit", "converted measure")
UNIT_CONVERSION = Formula("convert-unit", MEASURED, MEASURE.symbol * FACTOR.symbol, [MEASURE, FACTOR],
                          "{measure} · {scale_factor}")

FX_DEFAULTS = {"CNY": "fx-cny-per-usd", "EUR": "fx-eur-per-usd", "TWD": "fx-twd-per-usd",
               "HKD": "fx-hkd-per-usd"}  # units of the currency per 1 USD

FACTORS = {  # (from, to) → factor; exact by definition
    ("MWh", "kWh"): 1e3, ("GWh", "kWh"): 1e6, ("kWh", "MWh"): 1e-3, ("GWh", "MWh"): 1e3, ("MWh", "GWh"): 1e-3,
    ("kWh", "GWh"): 1e-6,
    ("PF-day", "FLOP"): 1e15 * 86400, ("FLOP", "PF-day"): 1 / (1e15 * 86400),
    ("GPU-hour", "GPU-day"): 1 / 24, ("GPU-day", "GPU-hour"): 24,
    ("tCO2e", "kgCO2e"): 1e3, ("kgCO2e", "tCO2e"): 1e-3,
    # a span of days in the unit asked, with the calendar every calculation here uses (365.25-day years)
    ("day", "hour"): 24, ("day", "week"): 1 / 7, ("day", "month"): 12 / 365.25, ("day", "year"): 1 / 365.25,
}


def convert(amount: float, from_unit: str, to_unit: str, usd_rate: float | None = None,
            kb: KnowledgeBase | None = None) -> CalcResult:
    """Convert an amount between currencies (USD, CNY, EUR, with cited rates) or units (MWh↔kWh, PF-day↔FLOP).

    Args:
        amount: the amount to convert.
        from_unit: its unit or currency (USD, CNY, EUR, kWh, MWh, GWh, FLOP, PF-day, GPU-hour, GPU-day, tCO2e,
            day).
        to_unit: the unit or currency wanted.
        usd_rate: units of the other currency per US dollar (7.2 for CNY), instead of the cited rate; only
            between USD and one other currency.
    """
    inp = Inputs(kb)
    units = "USD, CNY, EUR, TWD, HKD, kWh, MWh, GWh, FLOP, PF-day, GPU-hour, GPU-day, tCO2e, kgCO2e, day, hour, " \
        "week, month, year"
    src, dst = text("from_unit", from_unit, units).strip(), text("to_unit", to_unit, units).strip()
    money = src.upper() in ("USD", *FX_DEFAULTS) and dst.upper() in ("USD", *FX_DEFAULTS)
    inp.user("amount" if money else "measure", amount, quantity="amount", unit=from_unit)
    if money:
        src, dst = src.upper(), dst.upper()
        per_usd = {"USD": 1.0}
        others = {src, dst} - {"USD"}
        if usd_rate is not None and len(others) == 1:  # "1 USD = 32.5 TWD": the user's own rate
            other = next(iter(others))
            per_usd[other] = inp.user("usd_rate", usd_rate, unit=f"{other}/USD")
        for cur in others - set(per_usd):
            per_usd[cur] = inp.default(f"rate_{cur.lower()}", FX_DEFAULTS[cur], "amount")
        inp.fixed("rate", per_usd[dst] / per_usd[src], f"{dst}/{src}", "exchange rate", "calculation")
    elif src == dst:
        inp.fixed("scale_factor", 1.0, "ratio", "conversion factor", "definition")
    elif (src, dst) in FACTORS:
        inp.fixed("scale_factor", FACTORS[(src, dst)], f"{dst}/{src}", "conversion factor", "definition")
    else:
        raise InputError("to_unit", f"Cannot convert {from_unit} to {to_unit}.",
                         f"无法将 {from_unit} 换算为 {to_unit}。",
                         accepted="USD/CNY/EUR, or " + ", ".join(f"{a}→{b}" for a, b in FACTORS))
    formula = CONVERSION if money else UNIT_CONVERSION
    ev = formula.solve(formula.lhs.name, inp.values)
    return CalcResult("convert", Text(f"amount in {dst}", f"折合{dst}"), ev.value, dst, formula.text,
                      formula.latex, dict(inp.recorded), [ev.step.replace(" unit", f" {dst}")],
                      list(inp.assumptions), ev.low, ev.high)
