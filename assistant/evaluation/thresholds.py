"""Quality gates: read ``eval/thresholds.toml`` and list every metric below (or above) its bound."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.dataset import REPO_ROOT

DEFAULT_THRESHOLDS = REPO_ROOT / "eval" / "thresholds.toml"

# metric name -> how to read it from summary["overall"]
_READERS: dict[str, tuple[str, ...]] = {
    "pass_rate": ("pass", "rate"),
    "status_accuracy": ("status_accuracy", "rate"),
    "numeric_accuracy": ("numeric_accuracy", "rate"),
    "keyword_accuracy": ("keyword_accuracy", "rate"),
    "refusal_accuracy": ("refusal_accuracy", "rate"),
    "language_accuracy": ("language_accuracy", "rate"),
    "citation_precision": ("citation_precision",),
    "citation_recall": ("citation_recall",),
    "citation_support": ("citation_support",),
    "unsupported_number_rate": ("unsupported_number_rate",),
    "latency_p95_ms": ("latency_ms", "p95"),
    "latency_p50_ms": ("latency_ms", "p50"),
    "input_fidelity": ("input_fidelity", "rate"),
    "taiwan_usage": ("taiwan_usage", "rate"),
    "metamorphic": ("metamorphic", "rate"),
}
LANGUAGES = ("en", "zh-Hans", "zh-Hant")


def _known(name: str) -> bool:
    """A metric name, or ``metric@language`` for the same metric over one language's cases (pass_rate@zh-Hant)."""
    metric, _, lang = name.partition("@")
    return metric in _READERS and (not lang or lang in LANGUAGES)


@dataclass(frozen=True)
class Violation:
    metric: str
    value: float | None
    bound: float
    kind: str  # "min" or "max"

    def __str__(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.4g}"
        op = "<" if self.kind == "min" else ">"
        return f"{self.metric} = {shown} {op} {self.kind} {self.bound:g}"


def load_thresholds(path: str | Path = DEFAULT_THRESHOLDS) -> dict[str, dict[str, float]]:
    """``{"min": {...}, "max": {...}}``; unknown metric names raise ValueError."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, dict[str, float]] = {"min": {}, "max": {}}
    for kind in ("min", "max"):
        for name, bound in (data.get(kind) or {}).items():
            if not _known(name):
                raise ValueError(f"{path}: [{kind}] {name}: unknown metric; known: {', '.join(_READERS)}, "
                                 f"each also as metric@language ({', '.join(LANGUAGES)})")
            out[kind][name] = float(bound)
    return out


def _read(overall: dict[str, Any], name: str) -> float | None:
    cur: Any = overall
    for key in _READERS[name]:
        cur = cur.get(key) if isinstance(cur, dict) else None
    return None if cur is None else float(cur)


def _value(summary: dict[str, Any], name: str) -> float | None:
    metric, _, lang = name.partition("@")
    if lang:
        group = summary.get("by_lang", {}).get(lang)
        return None if group is None else _read(group, metric)
    return _read(summary["overall"], metric)


def check(summary: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[Violation]:
    out: list[Violation] = []
    for name, bound in thresholds.get("min", {}).items():
        v = _value(summary, name)
        if v is None or v < bound:
            out.append(Violation(name, v, bound, "min"))
    for name, bound in thresholds.get("max", {}).items():
        v = _value(summary, name)
        if v is not None and v > bound:
            out.append(Violation(name, v, bound, "max"))
    return out
