"""Slot kinds: what a template's ``{slot}`` stands for, how a value is drawn, written and passed to a calculator.

A numeric kind draws a value people would type (70B, 2T, 40%, $2.35), writes it with a surface form of
``surface.FORMS`` and records it as a number the user gave (value in base unit + unit), which the input-fidelity
metric checks. An entity kind (accelerator, region, published run) draws one record of the knowledge base and
writes one of its names in the question's language.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from knowledge.loader import KnowledgeBase
from tools.hardware import latest_price, peak

from . import surface

Sampler = Callable[[random.Random, dict[str, Any]], float]


def _pick(values: list[float]) -> Sampler:
    return lambda rng, spec: rng.choice(values)


def _steps(low: float, high: float, step: float) -> Sampler:
    def draw(rng: random.Random, spec: dict[str, Any]) -> float:
        lo, hi = float(spec.get("min", low)), float(spec.get("max", high))
        n = round((hi - lo) / step)
        return round(lo + step * rng.randint(0, n), 6)
    return draw


def _two_digits(low: float, high: float) -> Sampler:
    """A value with two significant digits between min and max: 28,000 / 4,500,000 / 0.35."""
    def draw(rng: random.Random, spec: dict[str, Any]) -> float:
        lo, hi = float(spec.get("min", low)), float(spec.get("max", high))
        x = 10 ** rng.uniform(math.log10(lo), math.log10(hi))
        exp = len(str(int(x))) - 2 if x >= 10 else -1
        return float(round(x / 10**exp) * 10**exp) if exp >= 0 else round(x, 1)
    return draw


def _usual_or_any(usual: tuple[float, ...], low: float, high: float, step: float, share: float) -> Sampler:
    """A value people often quote (70B, 2T, 1024 GPUs) with probability ``share``, else any multiple of ``step``
    between min and max (the slot spec may narrow the default range)."""
    def draw(rng: random.Random, spec: dict[str, Any]) -> float:
        lo, hi = float(spec.get("min", low)), float(spec.get("max", high))
        pool = [v for v in usual if lo <= v <= hi]
        if pool and rng.random() < share:
            return float(rng.choice(pool))
        return float(rng.randint(max(1, int(lo / step)), int(hi / step))) * step
    return draw


_params = _usual_or_any(tuple(v * 1e9 for v in (1.3, 1.5, 3, 6.7, 7, 8, 13, 14, 30, 32, 34, 40, 65, 70, 72, 110,
                                                 175, 235, 340, 405)), 1e9, 700e9, 1e9, 0.5)
_tokens = _usual_or_any(tuple(v * 1e12 for v in (0.3, 0.5, 1, 1.4, 2, 3, 3.5, 5, 7, 9, 12, 15, 18)),
                        1e11, 18e12, 5e10, 0.6)
_gpus = _usual_or_any((64, 128, 256, 512, 1000, 1024, 2000, 2048, 4096, 8192, 10000, 16384), 8, 16384, 8, 0.6)


def _sci(rng: random.Random, spec: dict[str, Any]) -> float:
    lo, hi = int(spec.get("min_exp", 21)), int(spec.get("max_exp", 25))
    return float(f"{rng.randint(10, 99) / 10}e{rng.randint(lo, hi - 1)}")


@dataclass(frozen=True)
class NumberKind:
    sample: Sampler
    form: str  # key of surface.FORMS
    unit: str  # unit of the value, as the fidelity check compares it


NUMBERS: dict[str, NumberKind] = {
    "params": NumberKind(_params, "count", "parameter"),
    "tokens": NumberKind(_tokens, "count", "token"),
    "gpus": NumberKind(_gpus, "integer", "GPU"),
    "days": NumberKind(_steps(7, 120, 1), "integer", "day"),
    "gpu_hours": NumberKind(_two_digits(1e4, 5e6), "count", "GPU-hour"),
    "flop": NumberKind(_sci, "scientific", "FLOP"),
    "mfu": NumberKind(_steps(0.25, 0.6, 0.05), "fraction", "ratio"),
    "share": NumberKind(_steps(0.1, 0.9, 0.1), "fraction", "ratio"),
    "goodput": NumberKind(_steps(0.8, 0.98, 0.02), "fraction", "ratio"),
    "pue": NumberKind(_steps(1.05, 1.6, 0.05), "decimal", "ratio"),
    "multiplier": NumberKind(_steps(1.5, 4, 0.5), "decimal", "ratio"),
    "years": NumberKind(_steps(3, 7, 1), "integer", "year"),
    "staff": NumberKind(_steps(5, 300, 1), "integer", "person"),
    "tokens_per_param": NumberKind(_pick([10, 15, 20, 25, 30, 40]), "integer", "ratio"),
    "power": NumberKind(_steps(250, 1000, 50), "power", "W"),
    "site_power": NumberKind(_steps(0.2e6, 5e6, 0.1e6), "site_power", "W"),  # a hall or a whole cluster
    "energy": NumberKind(_two_digits(5e4, 5e6), "energy", "kWh"),
    "price_gpu_hour": NumberKind(_steps(1.0, 5.0, 0.05), "price_per_gpu_hour_usd", "USD/GPU-hour"),
    "price_gpu_hour_cny": NumberKind(_steps(6, 30, 1), "cny", "CNY/GPU-hour"),
    "elec_price": NumberKind(_steps(0.04, 0.2, 0.01), "price_per_kwh_usd", "USD/kWh"),
    "elec_price_cny": NumberKind(_steps(0.3, 1.2, 0.05), "price_per_kwh_cny", "CNY/kWh"),
    "intensity": NumberKind(_steps(0.05, 0.8, 0.05), "intensity", "kgCO2e/kWh"),
    "tonnes": NumberKind(_two_digits(20, 5000), "tonnes", "tCO2e"),  # a reported footprint
    "usd": NumberKind(_two_digits(1e4, 1e8), "usd", "USD"),
    "token_rate": NumberKind(_steps(200, 5000, 100), "integer", "token/s"),
    "cluster_rate": NumberKind(_two_digits(1e5, 5e6), "count", "token/s"),  # a whole cluster's, as a log shows
    "items": NumberKind(_two_digits(1e4, 5e6), "count", "item"),
    "item_tokens": NumberKind(_steps(200, 4000, 100), "integer", "token"),
    "node_rate": NumberKind(_steps(8, 120, 0.5), "price_per_gpu_hour_usd", "USD/hour"),  # the amount alone
    "node_cards": NumberKind(_pick([8]), "integer", "GPU"),
    "epochs": NumberKind(_steps(1, 5, 1), "integer", "pass"),
    # a schedule as papers state it: optimizer steps, a global batch in sequences or tokens, a sequence length, and
    # a measured time per step
    "train_steps": NumberKind(_pick([20_000, 50_000, 80_000, 100_000, 120_000, 250_000, 300_000, 500_000]), "count",
                              "step"),
    "batch_seqs": NumberKind(_pick([256, 512, 1024, 1536, 2048, 4096]), "integer", "sequence"),
    "seq_len": NumberKind(_pick([1024, 2048, 4096, 8192]), "integer", "token"),
    "batch_tokens": NumberKind(_pick([1e6, 2e6, 3e6, 4e6, 8e6, 16e6]), "count", "token"),
    "step_seconds": NumberKind(_steps(0.8, 9.0, 0.1), "decimal", "second"),
    "expert_params": NumberKind(_pick([1e9, 2e9, 3e9, 5e9, 7e9, 12e9, 22e9]), "count", "parameter"),
    "experts_routed": NumberKind(_pick([1, 2, 4, 6, 8]), "integer", "expert"),
    "shared_params": NumberKind(_pick([1e9, 2e9, 4e9, 5e9, 10e9]), "count", "parameter"),
    "label_price": NumberKind(_steps(0.5, 8, 0.5), "price_per_gpu_hour_usd", "USD/item"),  # the amount alone
    "mtok_price": NumberKind(_steps(0.2, 6, 0.1), "price_per_gpu_hour_usd", "USD/Mtoken"),  # the amount alone
    "cny": NumberKind(_two_digits(1e4, 1e9), "cny", "CNY"),
    "eur": NumberKind(_two_digits(1e3, 1e8), "eur", "EUR"),
    "bytes_per_param": NumberKind(_pick([2, 4, 6, 8, 12, 16, 18, 20]), "integer", "byte/parameter"),
    "gpu_memory": NumberKind(_pick([24, 32, 40, 48, 64, 80, 96, 141, 192]), "integer", "GB"),
    # text and data sets: a tokenizer's bytes per token, a corpus's size (800 GB, 1.2 TB), and token totals of
    # the size of a fine-tuning set or a mid-size corpus (150M, 4.5B), below the pre-training totals of ``tokens``
    "bytes_per_token": NumberKind(_pick([2, 3, 3.5, 4, 4.5, 5, 6]), "decimal", "byte/token"),
    "text_gb": NumberKind(_two_digits(10, 5e4), "storage", "GB"),
    "dataset_tokens": NumberKind(_two_digits(1e6, 5e10), "count", "token"),
}

ENTITIES = ("gpu", "region", "run")

# Names a user types for an accelerator vendor, per language (the product must read them all).
VENDOR = {"NVIDIA": {"en": ["NVIDIA ", "Nvidia "], "zh-Hans": ["英伟达", "英伟达 ", "NVIDIA "],
                     "zh-Hant": ["輝達", "NVIDIA ", "輝達 "]},
          "AMD": {"en": ["AMD "], "zh-Hans": ["AMD "], "zh-Hant": ["AMD "]}}
REGIONS = {"us": {"en": ["the US", "the United States", "America"], "zh-Hans": ["美国"], "zh-Hant": ["美國"]},
           "cn": {"en": ["China", "mainland China"], "zh-Hans": ["中国", "国内"], "zh-Hant": ["中國", "中國大陸"]},
           "fr": {"en": ["France"], "zh-Hans": ["法国"], "zh-Hant": ["法國"]}}
# Accelerators a question names by default: the ones with dense peaks and dated prices on file.
DEFAULT_GPUS = ["H100", "A100", "H800", "H200", "B200"]
SPECS = ("tdp", "memory", "bf16_dense", "fp8_dense", "purchase_price", "rental_price")


def accelerator_spec(kb: KnowledgeBase, name: str, spec: str) -> tuple[float, str, str] | None:
    """(value, unit, source id) of one accelerator spec, or None when the table lacks it."""
    from tools.hardware import resolve

    acc = resolve(name, kb)
    if spec in ("purchase_price", "rental_price"):
        point = latest_price(acc.purchase_prices if spec == "purchase_price" else acc.rental_prices)
        return None if point is None else (point.value, point.unit, point.source)
    fig = peak(acc, "bf16") if spec == "bf16_dense" else getattr(acc, spec)
    if fig is None or fig.central is None:
        return None
    return fig.central, fig.unit, fig.source


def draw_entity(kind: str, spec: dict[str, Any], kb: KnowledgeBase, rng: random.Random) -> str:
    """The canonical key of an entity: an accelerator alias, a region code, a case id."""
    if kind == "gpu":
        choices = list(spec.get("choices") or DEFAULT_GPUS)
        if spec.get("has"):
            choices = [a.aliases[0] for a in kb.hardware.values()
                       if accelerator_spec(kb, a.aliases[0], spec["has"]) is not None]
        return rng.choice(choices)
    if kind == "region":
        return rng.choice(list(spec.get("choices") or REGIONS))
    if kind == "run":
        need = spec.get("has")
        # A published zero (a run matched entirely by renewables) is not a figure to ask about.
        return rng.choice(sorted(c.id for c in kb.cases.values()
                                 if need is None or (need in c.figures and (c.figures[need].central or 0) > 0)))
    raise ValueError(f"unknown entity kind {kind!r}")


def write_entity(kind: str, key: str, lang: str, kb: KnowledgeBase, rng: random.Random) -> str:
    if kind == "gpu":
        from tools.hardware import resolve

        acc = resolve(key, kb)
        prefix = rng.choice(["", "", *VENDOR.get(acc.vendor, {}).get(lang, [])])
        return prefix + key
    if kind == "region":
        return rng.choice(REGIONS[key][lang])
    case = kb.cases[key]
    names = [n for n in [case.name, *case.aliases] if len(n) <= 24]
    return rng.choice(names[:3])


def write_number(kind: str, value: float, lang: str, rng: random.Random) -> str:
    return surface.FORMS[NUMBERS[kind].form](value, lang, rng)
