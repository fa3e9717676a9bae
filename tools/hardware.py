"""Resolve an accelerator name (any alias, either language, any case or spacing) to its hardware record."""

from __future__ import annotations

import difflib
from functools import lru_cache

from knowledge.loader import KnowledgeBase, default_knowledge, fold_name
from knowledge.schema import Accelerator, Figure, PricePoint
from tools.errors import InputError, UnknownHardwareError

PRECISIONS = ("bf16", "fp8")


@lru_cache(maxsize=4)
def _alias_table(kb: KnowledgeBase) -> dict[str, str]:
    table: dict[str, str] = {}
    for acc in kb.hardware.values():
        for alias in [acc.id, acc.name, *acc.aliases]:
            table[fold_name(alias)] = acc.id
    return table


def resolve(name: str, kb: KnowledgeBase | None = None) -> Accelerator:
    kb = kb or default_knowledge()
    if not isinstance(name, str) or not name.strip():
        raise InputError("gpu", "An accelerator name is required.", "需要提供加速卡型号。",
                         accepted="e.g. H100, A100, H800, TPU v4")
    table = _alias_table(kb)
    key = fold_name(name)
    for prefix in ("nvidia", "英伟达", "英偉達", "google", "谷歌", "amd"):
        if key not in table and key.startswith(prefix) and key[len(prefix):] in table:
            key = key[len(prefix):]
    if key in table:
        return kb.hardware[table[key]]
    names = sorted({acc.name for acc in kb.hardware.values()})
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    suggestions = sorted({kb.hardware[table[c]].name for c in close})
    raise UnknownHardwareError(name, suggestions, names)


def peak(acc: Accelerator, precision: str = "bf16") -> Figure:
    """Dense peak FLOP/s at ``precision``; FP8 falls back to an error naming the chips that have it."""
    if precision not in PRECISIONS:
        raise InputError("precision", f"Unknown precision {precision!r}.", f"未知精度「{precision}」。",
                         accepted="bf16 or fp8")
    if precision == "fp8":
        if acc.fp8_dense is None:
            raise InputError("precision", f"{acc.name} has no published dense FP8 peak.",
                             f"{acc.name} 没有公开的FP8稠密峰值。", accepted="bf16")
        return acc.fp8_dense
    return acc.bf16_dense


def latest_price(prices: list[PricePoint]) -> PricePoint | None:
    return max(prices, key=lambda p: p.date) if prices else None
