"""Every calculator, by name, with its parameters read from its signature and docstring, the quantity it gives
and the sets of inputs it can work from.

The CLI (`cost-assistant calc NAME`), the LangChain tools and the assistant's planner are all generated from this
one table, so a calculator added here is reachable everywhere with the same names, types and help text. Quantity
names are the vocabulary's ids (knowledge/vocabulary.yaml); ``gpu`` stands for a named accelerator and ``gpu_list``
for two or more.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from tools.compare import compare_hardware
from tools.compute import (
    achieved_mfu,
    cluster_gpu_hours,
    gpu_hours,
    gpus_needed,
    training_days,
    training_flop,
    wall_clock_days,
)
from tools.convert import convert
from tools.cost import (
    acquisition_cost,
    amortised_cost,
    amortised_rate,
    daily_cost,
    development_cost,
    rental_cost,
)
from tools.energy import carbon, electricity_cost, energy, household_years
from tools.figures import figure_difference, figure_growth, figure_multiple, figure_reduction
from tools.result import CalcResult
from tools.scaling import affordable_gpu_hours, chinchilla_optimal


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
    output: str = ""  # the quantity its value is
    needs: tuple[tuple[str, ...], ...] = ()  # alternative sets of inputs, any one of which is enough
    parts: tuple[tuple[str, str], ...] = ()  # (quantity, component name) for quantities among its components

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


COMPUTE: tuple[tuple[str, ...], ...] = (("flop",), ("params", "tokens"))  # what sets a run's FLOP
HOURS: tuple[tuple[str, ...], ...] = (("gpu_hours",), ("gpus", "days"), *((*c, "gpu") for c in COMPUTE))


def _with(extra: tuple[str, ...], alternatives: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(dict.fromkeys((*extra, *alt))) for alt in alternatives)


CALCULATORS: dict[str, Calculator] = {
    c.name: c for c in [
        Calculator("training-flop", training_flop, "flop", (("params", "tokens"),)),
        Calculator("gpu-hours", gpu_hours, "gpu_hours", _with(("gpu",), COMPUTE)),
        Calculator("training-days", training_days, "days", _with(("gpus", "gpu"), COMPUTE)),
        Calculator("gpus-needed", gpus_needed, "gpus", _with(("days", "gpu"), COMPUTE)),
        Calculator("achieved-mfu", achieved_mfu, "mfu",
                   tuple((*c, *h, "gpu") for c in COMPUTE for h in (("gpu_hours",), ("gpus", "days")))),
        Calculator("wall-clock-days", wall_clock_days, "days", (("gpu_hours", "gpus"),)),
        Calculator("cluster-gpu-hours", cluster_gpu_hours, "gpu_hours", (("gpus", "days"),)),
        Calculator("affordable-gpu-hours", affordable_gpu_hours, "gpu_hours",
                   (("budget", "price_per_gpu_hour"), ("budget", "gpu"))),
        Calculator("rental-cost", rental_cost, "rental_cost",
                   (*_with(("price_per_gpu_hour",), HOURS), *_with(("gpu",), HOURS))),
        Calculator("amortised-rate", amortised_rate, "amortised_rate", (("gpu",),)),
        Calculator("amortised-cost", amortised_cost, "amortised_cost", _with(("gpu",), HOURS)),
        Calculator("acquisition-cost", acquisition_cost, "acquisition_cost", (("gpus", "gpu"),)),
        Calculator("development-cost", development_cost, "development_cost", (("final_run_cost",),)),
        Calculator("daily-cost", daily_cost, "daily_cost", (("rental_cost", "days"),)),
        Calculator("energy", energy, "energy_kwh", (*_with(("gpu",), HOURS), *_with(("power_w",), HOURS))),
        Calculator("electricity-cost", electricity_cost, "electricity_cost", (("energy_kwh",),)),
        Calculator("carbon", carbon, "emissions", (("energy_kwh",),), (("market_emissions", "market_based"),)),
        Calculator("household-years", household_years, "household_years", (("energy_kwh",),)),
        Calculator("chinchilla", chinchilla_optimal, "optimal_params", (("flop",), ("budget", "gpu")),
                   (("optimal_tokens", "tokens"),)),
        Calculator("convert", convert, "converted", (("amount",),)),
        Calculator("compare-hardware", compare_hardware, "comparison", _with(("gpu_list",), COMPUTE)),
        # two figures a source states, compared (the planner gives them from the cards; no question gives them)
        Calculator("figure-difference", figure_difference, "difference", (("larger", "smaller"),)),
        Calculator("figure-growth", figure_growth, "growth", (("larger", "smaller"),)),
        Calculator("figure-multiple", figure_multiple, "multiple", (("larger", "smaller"),)),
        Calculator("figure-reduction", figure_reduction, "reduction", (("larger", "smaller"),)),
    ]
}


def vocabulary_problems() -> list[str]:
    """Every calculator's output and inputs must be quantities of the vocabulary (``gpu``/``gpu_list`` name
    accelerators), so that the planner can chain them and the answer can name them."""
    from knowledge.vocabulary import vocabulary

    ids = {q.id for q in vocabulary().quantities} | {"gpu", "gpu_list"}
    problems = []
    for calc in CALCULATORS.values():
        names = {calc.output, *(n for alt in calc.needs for n in alt), *(q for q, _ in calc.parts)}
        problems += [f"tools.registry: {calc.name}: {n!r} is not a quantity of knowledge/vocabulary.yaml"
                     for n in sorted(names - ids)]
    return problems
