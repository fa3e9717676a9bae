"""Unit normalisation for scoring: every unit maps to a dimension and a factor to that dimension's base unit.

kWh↔MWh↔GWh, tCO2e↔kgCO2e, percent↔ratio, hour↔day, W↔kW, FLOP/s↔TFLOP/s. Money stays in its currency:
USD is never silently compared with CNY. A unit not listed here is its own dimension with factor 1.
"""

from __future__ import annotations

from dataclasses import dataclass

_TABLE: dict[str, tuple[str, float]] = {
    # energy, base kWh
    "wh": ("energy", 1e-3), "kwh": ("energy", 1.0), "mwh": ("energy", 1e3), "gwh": ("energy", 1e6),
    "twh": ("energy", 1e9), "千瓦时": ("energy", 1.0), "度": ("energy", 1.0), "兆瓦时": ("energy", 1e3),
    # compute, base FLOP
    "flop": ("compute", 1.0), "flops": ("compute", 1.0), "pflop": ("compute", 1e15), "pf-day": ("compute", 8.64e19),
    "petaflop-day": ("compute", 8.64e19),
    # throughput, base FLOP/s
    "flop/s": ("throughput", 1.0), "tflop/s": ("throughput", 1e12), "tflops": ("throughput", 1e12),
    "pflop/s": ("throughput", 1e15),
    # emissions, base tCO2e
    "tco2e": ("emissions", 1.0), "tco2": ("emissions", 1.0), "tco2eq": ("emissions", 1.0), "t": ("emissions", 1.0),
    "kgco2e": ("emissions", 1e-3), "kgco2": ("emissions", 1e-3),
    "kg": ("emissions", 1e-3), "mtco2e": ("emissions", 1e6),
    # grid intensity, base kgCO2e/kWh
    "kgco2e/kwh": ("intensity", 1.0), "gco2e/kwh": ("intensity", 1e-3), "kg/kwh": ("intensity", 1.0),
    # dimensionless, base ratio
    "ratio": ("ratio", 1.0), "percent": ("ratio", 0.01), "%": ("ratio", 0.01), "fraction": ("ratio", 1.0),
    "times": ("ratio", 1.0), "x": ("ratio", 1.0),  # a multiple ("4 times") is a ratio of two figures
    "token/parameter": ("ratio", 1.0), "tokens/parameter": ("ratio", 1.0),  # a count over a count
    # durations, base hour
    "hour": ("duration", 1.0), "hours": ("duration", 1.0), "h": ("duration", 1.0), "day": ("duration", 24.0),
    "days": ("duration", 24.0), "week": ("duration", 168.0), "month": ("duration", 730.5),
    "year": ("duration", 8766.0), "years": ("duration", 8766.0),
    "second": ("duration", 1 / 3600), "seconds": ("duration", 1 / 3600), "s": ("duration", 1 / 3600),
    "minute": ("duration", 1 / 60), "minutes": ("duration", 1 / 60),
    # accelerator time, base GPU-hour
    "gpu-hour": ("gpu_time", 1.0), "gpu-hours": ("gpu_time", 1.0), "gpu hour": ("gpu_time", 1.0),
    "gpu hours": ("gpu_time", 1.0), "chip-hour": ("gpu_time", 1.0), "gpu-day": ("gpu_time", 24.0),
    # counts
    "gpu": ("gpus", 1.0), "gpus": ("gpus", 1.0), "parameter": ("params", 1.0), "parameters": ("params", 1.0),
    "token": ("tokens", 1.0), "tokens": ("tokens", 1.0),
    # power, base W
    "w": ("power", 1.0), "kw": ("power", 1e3), "mw": ("power", 1e6),
    # storage, base GB
    "gb": ("storage", 1.0), "tb": ("storage", 1e3), "pb": ("storage", 1e6), "byte": ("storage", 1e-9),
    "bytes": ("storage", 1e-9),
    # things counted: a data set's examples are the items the answer counts
    "person-year": ("person_years", 1.0), "person-years": ("person_years", 1.0), "人年": ("person_years", 1.0),
    "item": ("items", 1.0), "items": ("items", 1.0), "example": ("items", 1.0), "examples": ("items", 1.0),
    "person": ("people", 1.0), "people": ("people", 1.0), "persons": ("people", 1.0), "人": ("people", 1.0),
    "machine": ("machines", 1.0), "machines": ("machines", 1.0), "node": ("machines", 1.0),
    "nodes": ("machines", 1.0), "server": ("machines", 1.0), "servers": ("machines", 1.0), "count": ("count", 1.0),
    "pass": ("passes", 1.0), "passes": ("passes", 1.0), "epoch": ("passes", 1.0), "epochs": ("passes", 1.0),
    "step": ("steps", 1.0), "steps": ("steps", 1.0), "sequence": ("sequences", 1.0), "sequences": ("sequences", 1.0),
    # money (each currency its own dimension)
    "usd": ("USD", 1.0), "$": ("USD", 1.0), "cny": ("CNY", 1.0), "rmb": ("CNY", 1.0), "eur": ("EUR", 1.0),
    "usd/gpu-hour": ("USD/GPU-hour", 1.0), "usd/hour": ("USD/hour", 1.0), "usd/kwh": ("USD/kWh", 1.0),
    # a yearly sum is a sum: the answer states "8,452 USD a year" as dollars
    "cny/kwh": ("CNY/kWh", 1.0), "usd/year": ("USD", 1.0), "usd/yr": ("USD", 1.0), "usd/item": ("USD/item", 1.0),
    # a price per million tokens, however a writer spells it
    "usd/mtoken": ("USD/Mtoken", 1.0), "usd/million tokens": ("USD/Mtoken", 1.0), "usd/1m tokens": ("USD/Mtoken", 1.0),
    "usd/m tokens": ("USD/Mtoken", 1.0), "usd per million tokens": ("USD/Mtoken", 1.0),
    "usd/billion tokens": ("USD/Mtoken", 1e-3),
    "household-year": ("household_year", 1.0), "household-years": ("household_year", 1.0),
}


@dataclass(frozen=True)
class Quantity:
    """A value expressed in its dimension's base unit."""

    value: float
    dimension: str


def dimension(unit: str) -> tuple[str, float]:
    """(dimension, factor to base) for ``unit``; unknown units are their own dimension."""
    key = unit.strip().casefold()
    if key in _TABLE:
        return _TABLE[key]
    tight = key.replace(" ", "")  # "t CO2e", "kg CO2e", "GPU hour" as people space them
    return _TABLE.get(tight, (unit.strip(), 1.0))


def normalise(value: float, unit: str) -> Quantity:
    dim, factor = dimension(unit)
    return Quantity(value * factor, dim)


def same_dimension(unit_a: str, unit_b: str) -> bool:
    return dimension(unit_a)[0] == dimension(unit_b)[0]


def variants(value: float, unit: str) -> list[float]:
    """``value`` expressed in every unit of its dimension that a text might use (for matching bare numbers)."""
    dim, factor = dimension(unit)
    base = value * factor
    out = {value, base}
    for _name, (d, f) in _TABLE.items():
        if d == dim and f:
            out.add(base / f)
    return sorted(out)
