"""Every calculator, by name, with its parameters read from its signature and docstring.

The CLI (`cost-assistant calc NAME`) and the LangChain tools are both generated from this one table, so a
calculator added here is reachable everywhere with the same names, types and help text.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from tools.compare import compare_hardware
from tools.compute import achieved_mfu, gpu_hours, gpus_needed, training_days, training_flop, wall_clock_days
from tools.convert import convert
from tools.cost import acquisition_cost, amortised_cost, amortised_rate, development_cost, rental_cost
from tools.energy import carbon, electricity_cost, energy, household_years
from tools.result import CalcResult
from tools.scaling import chinchilla_optimal


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    required: bool
    default: object
    help: str


@dataclass(frozen=True)
class Calculator:
    name: str
    func: Callable[..., CalcResult]

    @property
    def summary(self) -> str:
        return inspect.getdoc(self.func).split("\n\n")[0].replace("\n", " ")  # type: ignore[union-attr]

    @cached_property
    def params(self) -> list[Param]:
        docs = _arg_docs(inspect.getdoc(self.func) or "")
        hints = typing.get_type_hints(self.func)
        out = []
        for p in inspect.signature(self.func).parameters.values():
            if p.name == "kb":
                continue
            base = _base_type(hints[p.name])
            out.append(Param(p.name, base, p.default is inspect.Parameter.empty,
                             None if p.default is inspect.Parameter.empty else p.default, docs.get(p.name, "")))
        return out

    def __call__(self, **kwargs: object) -> CalcResult:
        return self.func(**kwargs)


def _base_type(hint: object) -> type:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    chosen = args[0] if args else hint
    return chosen if isinstance(chosen, type) else str


def _arg_docs(doc: str) -> dict[str, str]:
    """Parse the Google-style ``Args:`` block of a docstring into {name: description}."""
    block = doc.split("Args:", 1)[1] if "Args:" in doc else ""
    out: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        m = re.match(r"^\s{4}(\w+): (.*)$", line)
        if m:
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current and line.strip():
            out[current] += " " + line.strip()
    return out


CALCULATORS: dict[str, Calculator] = {
    c.name: c for c in [
        Calculator("training-flop", training_flop),
        Calculator("gpu-hours", gpu_hours),
        Calculator("training-days", training_days),
        Calculator("gpus-needed", gpus_needed),
        Calculator("achieved-mfu", achieved_mfu),
        Calculator("wall-clock-days", wall_clock_days),
        Calculator("rental-cost", rental_cost),
        Calculator("amortised-rate", amortised_rate),
        Calculator("amortised-cost", amortised_cost),
        Calculator("acquisition-cost", acquisition_cost),
        Calculator("development-cost", development_cost),
        Calculator("energy", energy),
        Calculator("electricity-cost", electricity_cost),
        Calculator("carbon", carbon),
        Calculator("household-years", household_years),
        Calculator("chinchilla", chinchilla_optimal),
        Calculator("convert", convert),
        Calculator("compare-hardware", compare_hardware),
    ]
}
